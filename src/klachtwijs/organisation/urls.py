"""Staff sign-in and sign-out under /staff/account/ (namespace `accounts`)."""

from django.urls import path

from klachtwijs.organisation import views

app_name = "accounts"
urlpatterns: list = [
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
]
