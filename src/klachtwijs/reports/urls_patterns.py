"""/staff/patronen/: pattern alerts and the heat map (`reports.patterns`)."""

from django.urls import path

from klachtwijs.reports import views_patterns

app_name = "patterns"
urlpatterns = [
    path("", views_patterns.patterns, name="index"),
    path("afhandelen/", views_patterns.acknowledge, name="acknowledge"),
]
