"""Rules that only a web form applied now live in the services, so every door applies them with
the same Dutch message next to the same field: the web shows it at the field, the API names
the field (issue #12, point 2)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback import services
from klachtwijs.feedback.models import MeldcodeStep
from klachtwijs.intake.services import RECEIVED_IN_FUTURE, received_at_for
from klachtwijs.organisation.models import Role
from tests.doors import do_api, do_web, footprint, mark
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
FUTURE = "De datum ligt in de toekomst."
DUE_PAST = "Kies een datum in de toekomst."
MOMENT_FUTURE = "Dit moment ligt in de toekomst."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _measure(owner, due):
    return [{"description": "Vaste overdracht", "owner": owner, "due_date": due}]


def _committee_judged(location, handler):
    feedback = FeedbackFactory(location=location, contacted=True)
    services.feedback_judge(
        feedback_id=feedback.pk,
        by=handler,
        outcome="well_founded",
        reasoning="Commissie.",
        by_committee=True,
    )
    return feedback


# (state maker, action, role, body, field in the API's answer, message)
CASES = {
    "committee_date_in_future": (
        lambda loc, h: FeedbackFactory(location=loc, contacted=True),
        "committee",
        Role.HANDLER,
        lambda h: {
            "outcome": "well_founded",
            "reasoning": "Commissie.",
            "decided_on": TODAY() + dt.timedelta(days=2),
        },
        "decided_on",
        FUTURE,
    ),
    "judgment_measure_due_in_past": (
        lambda loc, h: FeedbackFactory(location=loc, contacted=True),
        "judge",
        Role.HANDLER,
        lambda h: {
            "outcome": "well_founded",
            "reasoning": "Omdat.",
            "measures": _measure(h, TODAY() - dt.timedelta(days=1)),
        },
        "measures.0.due_date",
        DUE_PAST,
    ),
    "committee_measure_due_in_past": (
        _committee_judged,
        "measure",
        Role.HANDLER,
        lambda h: {"measures": _measure(h, TODAY() - dt.timedelta(days=1))},
        "measures.0.due_date",
        DUE_PAST,
    ),
    "contact_in_future": (
        lambda loc, h: FeedbackFactory(location=loc, in_progress=True),
        "contact",
        Role.HANDLER,
        lambda h: {"channel": "phone", "on": TODAY() + dt.timedelta(days=1), "summary": "Ja."},
        "on",
        FUTURE,
    ),
    "meldcode_step_in_future": (
        lambda loc, h: FeedbackFactory(location=loc, meldcode=True),
        "meldcode",
        Role.QUALITY_LEAD,
        lambda h: {
            "step": MeldcodeStep.Step.SIGNALS,
            "at": timezone.now() + dt.timedelta(days=1),
            "decision": "Besproken.",
        },
        "at",
        MOMENT_FUTURE,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_rule_of_the_core_refuses_alike_through_both_doors(case):
    make, action, role, body, field, message = CASES[case]
    service = ServiceFactory(jeugdwet=True)
    location = LocationFactory(services=[service])
    UserFactory(role=Role.QUALITY_OFFICER)
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    location.manager = handler
    location.save(update_fields=["manager"])
    user = handler if role == Role.HANDLER else UserFactory(role=role)
    on_web, on_api = make(location, handler), make(location, handler)
    start_web, start_api = mark(on_web), mark(on_api)

    web = do_web(login_staff(Client(), user), action, on_web, body(handler))
    api = do_api(login_staff(APIClient(), user), action, on_api, body(handler))

    assert web.status_code == 200  # the form again, with the message at the field
    assert message in web.content.decode()
    assert api.status_code == 400, api.json()
    assert api.json()["fields"][field] == [message]
    assert footprint(on_web, since=start_web) == footprint(on_api, since=start_api)
    assert footprint(on_api, since=start_api).events == []


def test_the_services_refuse_without_any_door():
    location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    UserFactory(role=Role.QUALITY_OFFICER)
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, contacted=True)
    with pytest.raises(ValidationError) as refused:
        services.feedback_judge(
            feedback_id=feedback.pk,
            by=handler,
            outcome="well_founded",
            reasoning="Commissie.",
            by_committee=True,
            decided_on=TODAY() + dt.timedelta(days=1),
            measures=[services.MeasureInput("Iets", handler, TODAY() - dt.timedelta(days=3))],
        )
    assert refused.value.message_dict == {
        "decided_on": [FUTURE],
        "measures.0.due_date": [DUE_PAST],
    }


def test_an_import_dates_its_measures_from_its_own_moment():
    """The day a measure may not lie before is the day of the action (`at`), so a register
    import or the demo can date a past judgment with measures due back then."""
    location = LocationFactory()
    UserFactory(role=Role.QUALITY_OFFICER)
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    back_then = timezone.now() - dt.timedelta(days=200)
    feedback = FeedbackFactory(location=location, contacted=True, received_at=back_then)
    due = timezone.localdate(back_then) + dt.timedelta(days=10)  # long past now
    judgment = services.feedback_judgment_record(
        feedback_id=feedback.pk,
        by=handler,
        outcome="unfounded",
        reasoning="Niet gebleken.",
        decided_on=timezone.localdate(back_then),
        measures=[services.MeasureInput("Iets", handler, due)],
        at=back_then + dt.timedelta(days=1),
    )
    assert judgment.measures.count() == 1


def test_received_on_means_noon_of_that_day_and_never_the_future():
    now = timezone.now()
    assert received_at_for(None, now=now) == now
    assert received_at_for(timezone.localdate(now), now=now) == now
    earlier = timezone.localdate(now) - dt.timedelta(days=3)
    at = timezone.localtime(received_at_for(earlier, now=now))
    assert (at.date(), at.hour, at.minute) == (earlier, 12, 0)
    with pytest.raises(ValidationError) as refused:
        received_at_for(timezone.localdate(now) + dt.timedelta(days=1), now=now)
    assert refused.value.message_dict == {"received_on": [RECEIVED_IN_FUTURE]}


def test_an_outcome_outside_the_three_is_refused_by_the_service_and_the_api():
    """LEGAL.md H3: gegrond, deels gegrond or ongegrond, nothing else, through any door."""
    location = LocationFactory(services=[ServiceFactory()])
    UserFactory(role=Role.QUALITY_OFFICER)
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, contacted=True)
    for judge in (services.feedback_judge, services.feedback_judgment_record):
        with pytest.raises(ValidationError) as refused:
            judge(
                feedback_id=feedback.pk,
                by=handler,
                outcome="half_founded",
                reasoning="Omdat.",
                no_measures_reason="Geen.",
                decided_on=TODAY(),
            )
        assert refused.value.message_dict["outcome"] == [
            "Kies gegrond, deels gegrond of ongegrond."
        ]
    api = login_staff(APIClient(), handler).post(
        f"/api/v1/klantreacties/{feedback.pk}/judge/",
        {"outcome": "half_founded", "reasoning": "Omdat.", "no_measures_reason": "Geen."},
        format="json",
    )
    assert api.status_code == 400
    assert "outcome" in api.json()["fields"]
    assert feedback.judgments.count() == 0
