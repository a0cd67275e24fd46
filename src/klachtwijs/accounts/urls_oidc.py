"""Single sign-on under /staff/account/oidc/ (namespace `oidc`): public, like the sign-in."""

from django.urls import path

from klachtwijs.accounts import oidc_views

app_name = "oidc"
urlpatterns = [
    path("", oidc_views.OidcStart.as_view(), name="start"),
    path("terug/", oidc_views.OidcCallback.as_view(), name="callback"),
    path("code/", oidc_views.second_factor, name="code"),
]
