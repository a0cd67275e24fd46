"""The overview, the handler's own page, the dashboard and the exports (namespace `staff`)."""

from django.urls import path

from klachtwijs.feedback.views import dashboard, lists

urlpatterns: list = [
    path("", lists.home, name="home"),
    path("mijn-dossiers/", lists.mine, name="mine"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("export.csv", lists.export_csv, name="export_csv"),
    path("export.xlsx", lists.export_xlsx, name="export_xlsx"),
]
