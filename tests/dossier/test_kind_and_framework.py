"""Issue 13, items 7 and 8: the complaint stays what the parent called it (LEGAL.md R6, T1),
and the legal framework is fixed at receipt (T4, ADR 0004): a wrong service is an explicit,
logged correction through the web or the API that recomputes nothing silently."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Event, Feedback, Kind
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory, category
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    """A location with a Wko and a Jeugdwet service."""
    return LocationFactory(services=[ServiceFactory(), ServiceFactory(jeugdwet=True)])


def _register(client, feedback, **changes):
    data = {
        "kind": feedback.kind,
        "category": category().pk,
        "location": feedback.location_id,
        "service": feedback.service_id,
        **changes,
    }
    url = reverse("staff:register", kwargs={"feedback_id": feedback.pk})
    return client.post(url, data)


def _changes(feedback: Feedback) -> list[str]:
    return list(feedback.events.filter(kind=Event.Kind.CHANGED).values_list("text", flat=True))


# --- item 7: the parent's own choice ------------------------------------------------------


def test_registering_a_complaint_as_a_suggestion_keeps_the_parents_choice_and_term(place):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    feedback = FeedbackFactory(location=place, kind=Kind.COMPLAINT)
    due = feedback.answer_due
    assert due is not None

    response = _register(login_staff(Client(), officer), feedback, kind=Kind.SUGGESTION)

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.kind == Kind.SUGGESTION
    assert feedback.kind_by_parent == Kind.COMPLAINT
    assert feedback.answer_due == due  # the term is not erased
    assert any("de ouder noemde het een klacht" in text for text in _changes(feedback))
    page = login_staff(Client(), officer).get(
        reverse("staff:dossier", kwargs={"feedback_id": feedback.pk})
    )
    assert "(de ouder noemde het: klacht)" in page.content.decode()
    api = login_staff(APIClient(), officer).get(f"/api/v1/klantreacties/{feedback.pk}/")
    assert (api.json()["kind"], api.json()["kind_by_parent"]) == ("suggestion", "complaint")


def test_registering_a_suggestion_as_a_complaint_gives_it_a_term_from_receipt(place):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    feedback = FeedbackFactory(location=place, kind=Kind.SUGGESTION)
    assert feedback.answer_due is None

    _register(login_staff(Client(), officer), feedback, kind=Kind.COMPLAINT)

    feedback.refresh_from_db()
    assert feedback.kind_by_parent == Kind.SUGGESTION
    assert feedback.answer_due is not None


def test_the_figures_count_every_klantreactie_the_parent_called_a_complaint(place):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    client = login_staff(Client(), officer)
    rekinded = FeedbackFactory(location=place, kind=Kind.COMPLAINT)
    _register(client, rekinded, kind=Kind.SIGNAL)
    FeedbackFactory(location=place, kind=Kind.COMPLAINT, registered=True)
    FeedbackFactory(location=place, kind=Kind.COMPLIMENT, registered=True)

    year = timezone.localdate().year
    management = login_staff(APIClient(), UserFactory(role=Role.MANAGEMENT))
    figures = management.get(f"/api/v1/figures/{year}/").json()

    assert figures["complaints"] == 2
    assert figures["complaints_other_kind"] == 1
    assert figures["by_kind"] == {"complaint": 1, "signal": 1, "compliment": 1}


def test_the_annual_report_counts_the_rekinded_complaint_per_location(place, tmp_path):
    from django.core.management import call_command

    officer = UserFactory(role=Role.QUALITY_OFFICER)
    feedback = FeedbackFactory(location=place, kind=Kind.COMPLAINT)
    _register(login_staff(Client(), officer), feedback, kind=Kind.SUGGESTION)
    output = tmp_path / "report.html"

    call_command(
        "annual_report", str(timezone.localdate().year), "--format", "html", "--output", output
    )

    html = output.read_text(encoding="utf-8")
    assert "waarvan door ons als ander soort geregistreerd" in html
    assert "1 klacht." in html  # the location's part: the parent's complaint counts


# --- item 8: the framework is fixed at receipt --------------------------------------------


def test_registration_does_not_reread_the_framework_from_changed_service_settings(place):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    feedback = FeedbackFactory(location=place)  # Dagopvang, Wko
    due = feedback.answer_due
    service = feedback.service
    service.framework = LegalFramework.JEUGDWET  # the administrator changes the setting later
    service.save()

    response = _register(login_staff(Client(), officer), feedback)

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.framework == LegalFramework.WKO
    assert feedback.answer_due == due


@pytest.mark.parametrize("door", ["web", "api"])
def test_correcting_the_service_is_logged_and_keeps_the_term(place, door):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    feedback = FeedbackFactory(location=place, registered=True)
    due = feedback.answer_due
    jeugd = place.services.get(framework=LegalFramework.JEUGDWET)
    data = {"service": jeugd.pk, "reason": "Het kind krijgt een ontwikkelarrangement."}

    if door == "web":
        url = reverse("staff:correct_service", kwargs={"feedback_id": feedback.pk})
        response = login_staff(Client(), officer).post(url, data)
        assert response.status_code == 302
    else:
        url = f"/api/v1/klantreacties/{feedback.pk}/correct_service/"
        response = login_staff(APIClient(), officer).post(url, data, format="json")
        assert response.status_code == 200, response.json()

    feedback.refresh_from_db()
    assert feedback.service == jeugd
    assert feedback.framework == LegalFramework.JEUGDWET
    assert feedback.answer_due == due  # nothing recomputed silently
    (text,) = _changes(feedback)
    assert "Dagopvang (Wet kinderopvang) → Ontwikkelarrangement (Jeugdwet)" in text
    assert f"Termijn blijft {due:%d-%m-%Y}" in text
    assert "ontwikkelarrangement" in text


def test_the_officer_may_choose_to_recompute_the_term_and_the_timeline_shows_both(place):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    received = timezone.now() - dt.timedelta(days=3)
    feedback = FeedbackFactory(location=place, registered=True, received_at=received)
    old_due = feedback.answer_due
    jeugd = place.services.get(framework=LegalFramework.JEUGDWET)
    url = reverse("staff:correct_service", kwargs={"feedback_id": feedback.pk})
    client = login_staff(Client(), officer)

    page = client.get(url).content.decode()
    assert f"{old_due:%d-%m-%Y}" in page  # the form shows the term that would change

    client.post(url, {"service": jeugd.pk, "reason": "Jeugdhulp.", "recompute_due": "on"})

    feedback.refresh_from_db()
    new_due = timezone.localdate(received) + dt.timedelta(weeks=6)
    assert feedback.answer_due == new_due
    (text,) = _changes(feedback)
    assert f"Termijn opnieuw berekend: {old_due:%d-%m-%Y} → {new_due:%d-%m-%Y}" in text
    dossier_page = client.get(reverse("staff:dossier", kwargs={"feedback_id": feedback.pk}))
    assert "Termijn opnieuw berekend" in dossier_page.content.decode()


def test_a_correction_needs_another_service_and_a_reason_and_a_handler_may_not(place):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    handler = UserFactory(role=Role.HANDLER, locations=[place])
    feedback = FeedbackFactory(location=place, registered=True)
    url = f"/api/v1/klantreacties/{feedback.pk}/correct_service/"

    same = login_staff(APIClient(), officer).post(
        url, {"service": feedback.service_id, "reason": "Verkeerd."}, format="json"
    )
    assert same.status_code == 400
    assert same.json()["fields"]["service"] == ["Kies een andere dienst dan de huidige."]
    refused = login_staff(APIClient(), handler).post(
        url, {"service": feedback.service_id, "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    assert _changes(feedback) == []
