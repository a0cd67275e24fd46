"""The organisation's house style under /huisstijl/ (namespace `branding`), public."""

from django.urls import path

from klachtwijs.organisation import branding_views

app_name = "branding"
urlpatterns = [
    path("<slug:version>.css", branding_views.stylesheet, name="stylesheet"),
    path("logo/<slug:version>/", branding_views.logo, name="logo"),
]
