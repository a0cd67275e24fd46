"""Webhooks to other systems, under /staff/instellingen/webhooks/ (namespace `webhooks`)."""

from django.urls import path

from klachtwijs.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscriptions, name="list"),
    path("<int:subscription_id>/", views.subscription, name="detail"),
    path("<int:subscription_id>/nieuwe-sleutel/", views.secret_renew, name="secret"),
]
