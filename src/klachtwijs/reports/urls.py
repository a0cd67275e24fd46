"""/staff/jaarverslag/: the annual report, its check, its files and the client panel's view."""

from django.urls import path

from klachtwijs.reports import jeugdwet_views, views, views_evidence

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("nieuw/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/stap/<slug:action>/", views.report_step, name="step"),
    path("<int:pk>/controle/", views.report_check, name="check"),
    path("<int:pk>/controle/accepteren/", views.report_accept, name="accept"),
    path("<int:pk>/controle/herstel/<int:feedback_id>/", views.report_fix, name="fix"),
    path("<int:pk>/bestand/", views.report_file_create, name="file_create"),
    path("<int:pk>/bestand/<int:file_pk>/", views.report_file, name="file"),
    path("<int:pk>/bestand/<int:file_pk>/download/", views.report_file_download, name="download"),
    path("<int:pk>/jeugdwet/<slug:step>/", jeugdwet_views.jeugdwet_step, name="jeugdwet_step"),
    path("commissie/<int:year>/", jeugdwet_views.committee_year, name="committee_year"),
    path(
        "<int:pk>/versie/<int:number>/<slug:fmt>/",
        views.report_version_download,
        name="version_download",
    ),
    # The inspector's evidence pack (issue 17).
    path("bewijs/", views_evidence.evidence_index, name="evidence_index"),
    path("bewijs/<int:year>/<int:region_id>/", views_evidence.evidence, name="evidence"),
    path(
        "bewijs/<int:year>/<int:region_id>/download/",
        views_evidence.evidence_export,
        name="evidence_export",
    ),
    path("klantpanel/", views.panel_index, name="panel"),
    path("klantpanel/<int:pk>/", views.panel_report, name="panel_report"),
    path("klantpanel/<int:pk>/definitief.pdf", views.panel_download, name="panel_download"),
]
