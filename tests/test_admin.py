"""The Django admin: every page opens on the demo data; dossiers change only via services."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from klachtwijs.feedback.models import Escalation, Event, Feedback, Measure
from klachtwijs.organisation.models import Organisation, User
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def test_every_admin_page_opens_on_the_demo_data(client):
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(username="beheer")
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user = user
    failures = []
    for model, model_admin in admin.site._registry.items():
        urls = [_url(model, "changelist")]
        if obj := model.objects.first():
            urls.append(_url(model, "change", obj.pk))
        if model_admin.has_add_permission(request):
            urls.append(_url(model, "add"))
        for url in urls:
            status = client.get(url).status_code
            if status != 200:
                failures.append((url, status))
    assert failures == []


def test_dossiers_cannot_be_added_or_deleted_in_the_admin(client, superuser):
    feedback = FeedbackFactory()
    client.force_login(superuser)
    assert client.get(_url(Feedback, "add")).status_code == 403
    assert client.get(_url(Feedback, "delete", feedback.pk)).status_code == 403
    assert client.post(_url(Feedback, "delete", feedback.pk), {"post": "yes"}).status_code == 403
    assert Feedback.objects.filter(pk=feedback.pk).exists()


def test_the_one_organisation_cannot_be_added_or_deleted(client, superuser):
    client.force_login(superuser)
    organisation = Organisation.objects.get()
    assert client.get(_url(Organisation, "add")).status_code == 403
    assert client.get(_url(Organisation, "delete", organisation.pk)).status_code == 403


def test_report_texts_and_done_measures_edited_on_a_dossier_land_in_the_timeline(client, superuser):
    feedback = FeedbackFactory(closed=True)
    client.force_login(superuser)
    url = _url(Feedback, "change", feedback.pk)
    data = _form_data(client.get(url))
    data.update(report_summary="Ouder miste informatie.", report_handling="Opgelost.")
    data["measures-0-done_at"] = "2025-06-01"
    response = client.post(url, data)
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.report_summary == "Ouder miste informatie."
    assert str(feedback.measures.get().done_at) == "2025-06-01"
    changes = feedback.events.filter(kind=Event.Kind.CHANGED, actor=superuser)
    assert changes.count() == 2


def test_a_measure_is_completed_in_the_admin_through_the_service(client, superuser):
    feedback = FeedbackFactory(answered=True)
    measure = feedback.measures.get()
    client.force_login(superuser)
    response = client.post(_url(Measure, "change", measure.pk), {"done_at": "2025-06-01"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert str(measure.done_at) == "2025-06-01"
    assert feedback.events.filter(kind=Event.Kind.CHANGED, text__contains="Maatregel").exists()
    response = client.post(_url(Measure, "change", measure.pk), {"done_at": ""})
    assert response.status_code == 200  # a done measure cannot be reopened
    measure.refresh_from_db()
    assert measure.done_at is not None


def _form_data(response) -> dict[str, str]:
    """The change form's current values, as the browser would post them back."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form.initial.get(name)
                if value is None and name == "id":
                    value = inline_form.instance.pk
                data[inline_form.add_prefix(name)] = "" if value is None else str(value)
    return data


def test_an_escalation_recorded_in_the_admin_lands_in_the_timeline(client, superuser):
    feedback = FeedbackFactory(closed=True)
    client.force_login(superuser)
    response = client.post(
        _url(Escalation, "add"),
        {
            "feedback": feedback.pk,
            "body": Escalation.Body.KLACHTENLOKET,
            "started_on": "2025-02-03",
        },
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get(feedback=feedback)
    assert feedback.events.filter(kind=Event.Kind.ESCALATION).count() == 1
    response = client.post(
        _url(Escalation, "change", escalation.pk),
        {
            "body": escalation.body,
            "started_on": "2025-02-03",
            "ended_on": "2025-03-03",
            "result": Escalation.Result.SETTLED,
        },
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.result == Escalation.Result.SETTLED
    assert feedback.events.filter(kind=Event.Kind.ESCALATION).count() == 2
