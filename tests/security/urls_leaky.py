"""The real URL configuration plus two deliberately unguarded views, for the test that proves
the confidentiality crawl finds a new view nobody listed (tests/security/test_confidentiality)."""

from django.http import HttpResponse
from django.urls import path

from klachtwijs.feedback.models import Feedback
from klachtwijs.urls import urlpatterns as real


def every_dossier(request):
    rows = Feedback.objects.values_list("reference", "description")
    return HttpResponse("".join(f"<p>{r} {d}</p>" for r, d in rows))


def one_dossier_as_text(request, feedback_id: int):
    return HttpResponse(f"dossier {feedback_id}", content_type="text/plain")


urlpatterns = [
    path("staff/alle-dossiers/", every_dossier, name="every_dossier"),
    path("staff/dossier-platte-tekst/<int:feedback_id>/", one_dossier_as_text, name="plain"),
    *real,
]
