from django.urls import path

from klachtwijs.intake import embed, followup, views

app_name = "intake"
urlpatterns = [
    path("", views.home, name="home"),
    path("klantreactie/", views.feedback_new, name="feedback_new"),
    path("klantreactie/embed/", embed.feedback_embed, name="embed"),
    path(
        "klantreactie/embed/ontvangen/<str:signed>/", embed.feedback_embed_sent, name="embed_sent"
    ),
    path("klachtenregeling/", views.regulation, name="regulation"),
    path("klantreactie/ontvangen/<str:signed>/", views.feedback_sent, name="feedback_sent"),
    # Before the token patterns: these words are never a token (tokens are 43 characters).
    path("status/link-opnieuw/", views.link_resend, name="link_resend"),
    path("status/link-opnieuw/verstuurd/", views.link_resend_done, name="link_resend_done"),
    path("status/maatregel/<str:signed>/", followup.measure_followup, name="measure_followup"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/aanvullen/", views.status_add, name="status_add"),
    path("status/<str:token>/beoordelen/", views.status_rate, name="status_rate"),
    path(
        "status/<str:token>/documenten/<int:document_id>/",
        views.status_document,
        name="status_document",
    ),
]
