"""Organisation settings that carry a rule of law (issue 13, item 12 c and d).

- Wko 1.57c: without the Geschillencommissie affiliation the settings page warns, and the
  parent texts (acknowledgement, status page, judgment letter) do not send parents there.
- Jeugdwet 4.2.1 lid 2 d: the regulation's term is at least one week.
"""

import pytest
from django.urls import reverse

from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Organisation, Role
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import FeedbackFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
NOT_AFFILIATED = "Wij zijn niet aangesloten bij de Geschillencommissie Kinderopvang"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _not_affiliated() -> None:
    Organisation.objects.update(geschillencommissie_member=False)


def _settings_url() -> str:
    return reverse("admin:organisation_organisation_change", args=[organisation_get().pk])


def test_the_settings_page_warns_when_not_affiliated(client):
    ServiceFactory()  # childcare: the Wko applies
    admin = login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    assert "verplicht die aansluiting" not in admin.get(_settings_url()).text
    _not_affiliated()
    assert "verplicht die aansluiting" in admin.get(_settings_url()).text


def test_the_acknowledgement_does_not_send_parents_to_the_geschillencommissie(client):
    _not_affiliated()
    FeedbackFactory()  # Dagopvang (Wko), with the parent's e-mail address
    mail = OutboxMessage.objects.get(kind="acknowledgement").body_text
    assert NOT_AFFILIATED in mail
    assert "De uitspraak is bindend" not in mail
    assert "Klachtenloket Kinderopvang" in mail


def test_the_status_page_and_the_judgment_mail_say_the_organisation_is_not_affiliated(client):
    from klachtwijs.feedback.tokens import link_new

    _not_affiliated()
    feedback = FeedbackFactory(answered=True)
    page = client.get(link_new(feedback).split("127.0.0.1:8000", 1)[-1]).text
    assert NOT_AFFILIATED in page
    assert "De uitspraak is bindend" not in page
    judgment = OutboxMessage.objects.get(kind="judgment").body_text
    assert NOT_AFFILIATED in judgment


def test_affiliated_organisations_still_show_the_geschillencommissie(client):
    FeedbackFactory()
    mail = OutboxMessage.objects.get(kind="acknowledgement").body_text
    assert "De uitspraak is bindend" in mail
    assert NOT_AFFILIATED not in mail


def test_the_jeugdwet_term_is_at_least_one_week(client):
    admin = login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    form = admin.get(_settings_url()).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "letterhead_logo"}
    data["jeugdwet_term_weeks"] = 0
    response = admin.post(_settings_url(), data)
    assert response.status_code == 200
    assert "De termijn is minstens één week." in response.text
    assert organisation_get().jeugdwet_term_weeks == 6
