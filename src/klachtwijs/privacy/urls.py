"""The access log under /staff/toegangslog/ (namespace `core`)."""

from django.urls import path

from klachtwijs.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.search, name="access_log"),
    path("export.csv", views.export_csv, name="access_log_export"),
]
