"""Unmatched mail from parents under /staff/post/ (namespace `mailin`)."""

from django.urls import path

from klachtwijs.mailin import views

app_name = "mailin"
urlpatterns = [
    path("", views.mail_list, name="list"),
    path("<int:mail_id>/", views.mail_detail, name="detail"),
    path("<int:mail_id>/koppelen/", views.mail_link, name="link"),
    path("<int:mail_id>/weggooien/", views.mail_discard, name="discard"),
]
