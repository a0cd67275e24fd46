"""An anonymous signal (issue 16): no name, no term, no status link unless an e-mail address
is left; the web form and the API follow one rule; the figures count it apart."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Feedback, Kind, counts_as_complaint
from klachtwijs.feedback.services import feedback_register
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.reports.content import report_content
from klachtwijs.reports.figures import Scope, year_figures
from tests.factories import FeedbackFactory, category
from tests.intake.factories import form_data

pytestmark = pytest.mark.django_db
URL = "/klantreactie/?soort=anoniem"
API = "/api/v1/public/klantreacties/"


@pytest.fixture
def api():
    return APIClient()


def _anonymous_form(location, **overrides) -> dict:
    data = form_data(location, **overrides)
    for name in ("kind", "submitter_name", "submitter_phone", "contact_preference"):
        data.pop(name)
    return {**data, "soort": "anoniem", "submitter_email": data.get("submitter_email", "")}


def test_the_form_explains_the_difference_and_asks_no_name(client, location):
    page = client.get(URL).content.decode()
    assert "een anonieme melding lezen wij ook" in page
    assert 'aria-current="page">Iets anoniem melden' in page
    assert 'name="submitter_name"' not in page
    assert 'name="kind"' not in page
    assert 'name="submitter_email"' in page
    named = client.get("/klantreactie/").content.decode()
    assert 'name="submitter_name"' in named  # the two pages are cached apart


def test_a_signal_without_e_mail_has_no_term_and_no_mail_to_the_parent(client, location):
    response = client.post(URL, _anonymous_form(location, submitter_email=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    feedback = Feedback.objects.get()
    assert feedback.is_anonymous
    assert (feedback.kind, feedback.kind_by_parent) == (Kind.SIGNAL, Kind.SIGNAL)
    assert (feedback.submitter_name, feedback.submitter_phone) == ("", "")
    assert feedback.answer_due is None
    assert not OutboxMessage.objects.filter(kind="acknowledgement").exists()
    page = client.get(response["Location"]).content.decode()
    assert "geen schriftelijk antwoord" in page
    assert "telefonisch contact" not in page


def test_a_signal_with_e_mail_gets_the_status_link(client, location):
    client.post(URL, _anonymous_form(location, submitter_email="anoniem@example.nl"))
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    assert ack.to == "anoniem@example.nl"
    assert "/status/" in ack.body_text
    assert ack.body_text.startswith("Goedendag,")


def test_the_api_receives_the_same_signal(api, location):
    body = {
        "anonymous": True,
        "kind": "signal",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Ik durf mijn naam niet te noemen.",
        "submitter_name": "Wordt niet bewaard",
        "submitter_phone": "0612345678",
    }
    response = api.post(API, body, format="json")
    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get(reference=response.json()["reference"])
    assert feedback.is_anonymous
    assert feedback.answer_due is None
    assert (feedback.submitter_name, feedback.submitter_phone) == ("", "")
    assert "geen klacht" in response.json()["next_steps"]
    # An anonymous complaint is refused by the same rule on both doors.
    refused = api.post(API, {**body, "kind": "complaint"}, format="json")
    assert refused.status_code == 400
    assert "Een anonieme melding is een signaal, geen klacht." in str(refused.json())


def test_the_web_form_and_the_api_need_the_same_contact_field(client, api, location):
    web = client.post(
        "/klantreactie/", form_data(location, contact_preference="phone", submitter_phone="")
    )
    assert "U wilt gebeld worden. Vul dan uw telefoonnummer in." in web.content.decode()
    body = {
        "kind": "complaint",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Niemand belde terug.",
        "submitter_name": "Noor Bakker",
        "contact_preference": "phone",
    }
    response = api.post(API, body, format="json")
    assert response.status_code == 400
    assert "U wilt gebeld worden. Vul dan uw telefoonnummer in." in str(response.json())
    assert not Feedback.objects.exists()


def test_an_anonymous_signal_cannot_become_a_complaint(location, officer):
    feedback = FeedbackFactory(
        location=location, kind=Kind.SIGNAL, anonymous=True, submitter_name="", submitter_email=""
    )
    with pytest.raises(ValidationError, match="geen klacht"):
        feedback_register(
            feedback_id=feedback.pk,
            by=officer,
            kind=Kind.COMPLAINT,
            category=category(),
            location=location,
            service=feedback.service,
        )
    assert not Feedback.objects.filter(counts_as_complaint()).exists()


def test_the_figures_and_the_report_count_signals_apart(location):
    FeedbackFactory(location=location)  # one complaint
    FeedbackFactory(location=location, kind=Kind.SIGNAL, anonymous=True, submitter_name="")
    FeedbackFactory(location=location, kind=Kind.SIGNAL, anonymous=True, submitter_name="")
    scope = Scope(year=timezone.localdate().year)
    figures = year_figures(scope)
    assert (figures.total, figures.complaints, figures.anonymous) == (1, 1, 2)
    assert figures.by_kind == {Kind.COMPLAINT: 1}
    rows = {k.label: k.value for k in report_content(scope=scope).key_figures}
    assert rows["Anonieme signalen (geen klachten)"] == "2"
    assert rows["Klachten"] == "1"
