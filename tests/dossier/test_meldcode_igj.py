"""Under the Jeugdwet, calamities and violence are reported to the IGJ without delay (Jeugdwet
meldplicht, LEGAL.md M3): in a meldcode dossier under the Jeugdwet the IGJ report is a required,
dated step; the dossier page prompts for it and the route cannot close without it, through the
back office and the API alike."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback, MeldcodeStep, Status
from klachtwijs.organisation.models import Role
from tests.doors import api_succeeded, do_api, do_web, web_succeeded
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
FIVE = ["signals", "consult", "parent_talk", "weigh", "decide"]
PROMPT = "Meldplicht Jeugdwet."


def meldcode_dossier(*, jeugdwet: bool, officer) -> Feedback:
    service = ServiceFactory(jeugdwet=jeugdwet)
    location = LocationFactory(services=[service])
    feedback = FeedbackFactory(location=location, service=service, meldcode=True)
    for step in FIVE:
        record(feedback, step, officer)
    return feedback


def record(feedback, step, officer, at=None):
    services.meldcode_step_record(
        feedback_id=feedback.pk,
        step=step,
        at=at or timezone.now() - dt.timedelta(hours=1),
        decision="Besproken.",
        by=officer,
    )


def close(door: str, user, feedback):
    client = login_staff(Client() if door == "web" else APIClient(), user)
    post = do_web if door == "web" else do_api
    response = post(client, "close_meldcode", feedback, {"text": "Afgerond."})
    return (web_succeeded if door == "web" else api_succeeded)(response), response


@pytest.mark.parametrize("door", ["web", "api"])
def test_a_jeugdwet_route_cannot_close_without_the_igj_report(door):
    officer = UserFactory(role=Role.MELDCODE_OFFICER)
    feedback = meldcode_dossier(jeugdwet=True, officer=officer)

    closed, response = close(door, officer, feedback)

    assert not closed
    answer = response.content.decode()
    assert "Leg eerst deze stappen vast" in answer
    assert "Melding aan de Inspectie Gezondheidszorg en Jeugd" in answer
    assert Feedback.objects.get(pk=feedback.pk).status == Status.MELDCODE

    reported_at = timezone.now() - dt.timedelta(minutes=30)
    record(feedback, MeldcodeStep.Step.IGJ, officer, at=reported_at)
    closed, _ = close(door, officer, feedback)
    assert closed
    igj = feedback.meldcode_steps.get(step=MeldcodeStep.Step.IGJ)
    assert igj.at == reported_at  # dated: when the report was made


def test_the_dossier_page_prompts_for_the_igj_report_until_recorded():
    officer = UserFactory(role=Role.MELDCODE_OFFICER)
    feedback = meldcode_dossier(jeugdwet=True, officer=officer)
    client = login_staff(Client(), officer)
    url = reverse("staff:dossier", args=[feedback.pk])

    page = client.get(url).content.decode()
    assert PROMPT in page
    assert "Nog vast te leggen: Melding aan de Inspectie Gezondheidszorg en Jeugd." in page
    checklist = client.get(reverse("staff:meldcode", args=[feedback.pk])).content.decode()
    assert PROMPT in checklist

    record(feedback, MeldcodeStep.Step.IGJ, officer)
    assert PROMPT not in client.get(url).content.decode()


def test_under_the_wet_kinderopvang_no_igj_report_is_asked():
    officer = UserFactory(role=Role.MELDCODE_OFFICER)
    feedback = meldcode_dossier(jeugdwet=False, officer=officer)

    assert PROMPT not in (
        login_staff(Client(), officer)
        .get(reverse("staff:dossier", args=[feedback.pk]))
        .content.decode()
    )
    assert close("api", officer, feedback)[0]
