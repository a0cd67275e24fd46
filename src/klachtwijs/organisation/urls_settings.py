"""The organisation's settings in the back office under /staff/instellingen/ (namespace
`settings`)."""

from django.urls import path

from klachtwijs.organisation import settings_views

app_name = "settings"
urlpatterns: list = [
    path("meldcode/", settings_views.meldcode, name="meldcode"),
]
