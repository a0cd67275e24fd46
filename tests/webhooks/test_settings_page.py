"""The webhook settings page: the administrator adds a subscription, sees its secret once,
changes it, and reads the delivery log; others may not; bad input is refused in Dutch."""

import pytest
from django.urls import reverse

from klachtwijs.feedback.webhooks import EVENTS
from klachtwijs.organisation.models import Role
from klachtwijs.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

LIST = reverse("webhooks:list")


def _form(url: str, events=("receive", "close"), **extra) -> dict:
    return {"name": "Ouderapp", "url": url, "events": list(events), "is_active": "on", **extra}


def test_administrator_adds_a_subscription_and_sees_the_secret_once(client, receiver):
    admin = login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    response = admin.post(LIST, _form(receiver.url))
    sub = WebhookSubscription.objects.get()
    assert response.url == reverse("webhooks:detail", args=[sub.pk])
    assert (sub.events, sub.may_carry_personal_data, sub.is_active) == (
        ["receive", "close"],
        False,  # off unless ticked
        True,
    )
    first = admin.get(response.url).content.decode()
    assert sub.secret in first
    assert "maar één keer" in first
    again = admin.get(response.url).content.decode()
    assert sub.secret not in again

    admin.post(reverse("webhooks:secret", args=[sub.pk]))
    old, sub = sub.secret, WebhookSubscription.objects.get()
    assert sub.secret != old
    assert sub.secret in admin.get(response.url).content.decode()

    menu = admin.get(LIST).content.decode()
    assert f'href="{LIST}"' in menu


def test_http_to_another_machine_is_refused_next_to_the_field(client):
    admin = login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    response = admin.post(LIST, _form("http://ouderapp.example.nl/hook"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gebruik een adres dat met https:// begint." in page
    assert 'value="http://ouderapp.example.nl/hook"' in page  # what was typed stays
    assert not WebhookSubscription.objects.exists()


def test_https_elsewhere_is_accepted_and_an_event_is_required(client, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "WEBHOOK_ALLOW_LOOPBACK_HTTP": False}
    admin = login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    refused = admin.post(LIST, _form("http://127.0.0.1:24999/hook"))
    assert "Gebruik een adres dat met https:// begint." in refused.content.decode()
    no_events = admin.post(LIST, _form("https://ouderapp.example.nl/hook", events=()))
    assert "Kies" in no_events.content.decode()
    assert admin.post(LIST, _form("https://ouderapp.example.nl/hook")).status_code == 302


def test_the_quality_lead_changes_a_subscription_and_reads_its_log(client, receiver):
    lead = login_staff(client, UserFactory(role=Role.QUALITY_LEAD))
    lead.post(LIST, _form(receiver.url, events=("receive",)))
    sub = WebhookSubscription.objects.get()
    detail = reverse("webhooks:detail", args=[sub.pk])
    lead.post(detail, _form(receiver.url, events=("receive",), may_carry_personal_data="on"))
    sub.refresh_from_db()
    assert sub.may_carry_personal_data

    FeedbackFactory()
    delivery = WebhookDelivery.objects.get()
    page = lead.get(detail).content.decode()
    for shown in (str(delivery.uuid), "Ontvangen", "wacht op verzending"):
        assert shown in page


@pytest.mark.parametrize("role", [Role.QUALITY_OFFICER, Role.HANDLER, Role.MANAGEMENT])
def test_other_roles_may_not(client, role):
    other = login_staff(client, UserFactory(role=role))
    assert other.get(LIST).status_code == 403
    assert other.post(LIST, _form("https://ouderapp.example.nl/hook")).status_code == 403
    assert not WebhookSubscription.objects.exists()


def test_the_events_are_the_workflows_actions():
    """One source of truth: every action of `workflow.TRANSITIONS` outside the meldcode route
    is an event (with a Dutch label on the page), and nothing else but `receive` is."""
    from klachtwijs.feedback import webhooks, workflow
    from klachtwijs.feedback.models import Status
    from klachtwijs.webhooks import catalogue

    meldcode = {
        t.action
        for t in workflow.TRANSITIONS.values()
        if t.target == Status.MELDCODE or t.sources <= {Status.MELDCODE}
    }
    assert set(EVENTS) == {"receive"} | (set(workflow.TRANSITIONS) - meldcode)
    assert meldcode == {"start_meldcode", "close_meldcode", "meldcode", "meldcode_concerned"}
    assert set(webhooks.LABELS) == set(EVENTS), "give the new event a Dutch label"
    assert list(catalogue.EVENTS) == list(EVENTS)
