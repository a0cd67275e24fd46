"""The one-time link of an invitation or a reset (public: the link is the key)."""

from django.urls import path

from klachtwijs.accounts import views

app_name = "invitation"
urlpatterns = [
    path("<str:token>/", views.invitation_accept, name="accept"),
]
