"""A suspicion about the head of the organisation (LEGAL.md M2): the meldcode route goes
around them. They never decide, never handle, are never told and never see the dossier, even
as the organisation's named decider, the quality lead or management; through every door."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback, MeldcodeStep
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Organisation, Role
from tests.doors import API_BASE, api_succeeded, do_api, do_web, web_succeeded
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
HEAD_EMAIL = "bestuurder@example.nl"
# The roles a head can hold, with whether they are also the organisation's named decider.
HEADS = {
    "management": ({"role": Role.MANAGEMENT}, False),
    "designated_officer": ({"role": Role.QUALITY_OFFICER, "meldcode_designated": True}, False),
    "quality_lead+decider": ({"role": Role.QUALITY_LEAD}, True),
    "meldcode_officer+decider": ({"role": Role.MELDCODE_OFFICER}, True),
}


def client_for(door: str, user):
    return login_staff(Client() if door == "web" else APIClient(), user)


def decide(door: str, user, feedback):
    body = {
        "step": MeldcodeStep.Step.DECIDE,
        "at": timezone.now() - dt.timedelta(minutes=1),
        "decision": "Melden bij Veilig Thuis.",
    }
    post = do_web if door == "web" else do_api
    return post(client_for(door, user), "meldcode", feedback, body)


@pytest.mark.parametrize("door", ["web", "api"])
@pytest.mark.parametrize("variant", list(HEADS))
def test_a_route_about_the_head_goes_around_them(door, variant, location):
    flags, is_decider = HEADS[variant]
    head = UserFactory(email=HEAD_EMAIL, locations=[location], **flags)
    officer = UserFactory(role=Role.MELDCODE_OFFICER, email="amk@example.nl")
    UserFactory(role=Role.QUALITY_LEAD, email="kwaliteit@example.nl")
    Organisation.objects.update(head=head, meldcode_decider=head if is_decider else None)
    location.manager = head
    location.save(update_fields=["manager"])
    feedback = FeedbackFactory(location=location, meldcode=True)
    other = FeedbackFactory(location=location, meldcode=True)  # not about the head

    # Named once the route runs (the harder case), through the door under test.
    post = do_web if door == "web" else do_api
    named = post(
        client_for(door, officer), "meldcode_concerned", feedback, {"concerned_employee": head}
    )
    assert (web_succeeded if door == "web" else api_succeeded)(named)
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert access.about_the_head(feedback)

    # Never sees it, nor counts it.
    page = client_for(door, head).get(
        reverse("staff:dossier", args=[feedback.pk])
        if door == "web"
        else f"{API_BASE}{feedback.pk}/"
    )
    assert page.status_code == 404
    assert not access.feedback_counted(head).filter(pk=feedback.pk).exists()
    # Never handles it, never is told.
    assert head not in access.handler_candidates(feedback)
    for purpose in access.TOLD_PURPOSES - {access.TOLD_TEAM}:
        assert HEAD_EMAIL not in access.recipients(purpose, feedback), purpose
    # Never decides: the route passes the named decider by; whoever records the steps decides.
    assert access.meldcode_decider(feedback) is None
    assert decide(door, head, feedback).status_code in (403, 404)  # role, or not theirs to see
    done = decide(door, officer, feedback)
    assert (web_succeeded if door == "web" else api_succeeded)(done)
    assert feedback.meldcode_steps.get(step=MeldcodeStep.Step.DECIDE).by == officer
    # The checklist tells the people on the route.
    checklist = login_staff(Client(), officer).get(reverse("staff:meldcode", args=[feedback.pk]))
    assert "Het vermoeden gaat over de bestuurder." in checklist.content.decode()

    # On a dossier about someone else the named decider decides, as before.
    if is_decider:
        assert access.meldcode_decider(other) == head
        assert decide(door, officer, other).status_code in (200, 400)
        assert not other.meldcode_steps.filter(step=MeldcodeStep.Step.DECIDE).exists()


def test_the_decider_named_next_decides_when_the_first_is_concerned(location):
    """The location's decider first, then the organisation's; one the route goes around is
    passed by (M1, M2)."""
    head = UserFactory(role=Role.QUALITY_LEAD)
    local = UserFactory(role=Role.MELDCODE_OFFICER)
    Organisation.objects.update(head=head, meldcode_decider=head)
    location.meldcode_decider = local
    location.save(update_fields=["meldcode_decider"])
    elsewhere = LocationFactory()  # follows the organisation

    about_local = FeedbackFactory(location=location, meldcode=True)
    services.meldcode_concerned_set(feedback_id=about_local.pk, concerned_employee=local, by=head)
    about_head_here = FeedbackFactory(location=location, meldcode=True)
    services.meldcode_concerned_set(
        feedback_id=about_head_here.pk, concerned_employee=head, by=local
    )
    about_head_elsewhere = FeedbackFactory(location=elsewhere, meldcode=True)
    services.meldcode_concerned_set(
        feedback_id=about_head_elsewhere.pk, concerned_employee=head, by=local
    )

    def decider(feedback):
        return access.meldcode_decider(Feedback.objects.get(pk=feedback.pk))

    assert decider(about_local) == head
    assert decider(about_head_here) == local
    assert decider(about_head_elsewhere) is None  # nobody named is left
