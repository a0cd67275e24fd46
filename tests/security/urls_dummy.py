"""A tiny URLconf for the access-log tests: views shaped like the real ones (a `feedback_id`
or `document_id` argument, a URL name with "export", the API's klantreacties)."""

from django.http import HttpResponse
from django.urls import path


def ok(request, **kwargs):
    return HttpResponse("ok")


def refused(request, **kwargs):
    return HttpResponse("nee", status=403)


urlpatterns = [
    path("staff/dossiers/<int:feedback_id>/", ok, name="dossier"),
    path("staff/dossiers/<int:feedback_id>/notitie/", ok, name="note"),
    path("staff/dossiers/<int:feedback_id>/geheim/", refused, name="refused"),
    path("staff/dossiers/<int:feedback_id>/documenten/<int:document_id>/", ok, name="document"),
    path("staff/export.csv", ok, name="export_csv"),
    path("staff/", ok, name="home"),
    path("api/v1/klantreacties/", ok, name="api_list"),
    path("api/v1/klantreacties/<int:pk>/", ok, name="api_detail"),
    path("api/v1/categorieen/", ok, name="api_categories"),
]
