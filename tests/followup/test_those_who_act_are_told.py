"""Issue 16, item 7: the handler hears when a dossier is assigned to them, the parent when
their dossier is closed; through `access.recipients` / `access.parent_recipients` and the
outbox, never to the employee a meldcode dossier is about."""

import pytest

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from tests.concerned import meldcode_about
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


def _mails(kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind))


def test_the_handler_hears_of_an_assignment(officer, handler):
    feedback = FeedbackFactory(registered=True)
    services.feedback_assign(feedback_id=feedback.pk, handler=handler, by=officer)
    (mail,) = _mails("assigned_notice")
    assert mail.to == handler.email
    assert feedback.reference in mail.subject
    assert f"/staff/dossiers/{feedback.pk}/" in mail.body_text


def test_nobody_is_mailed_about_assigning_themselves(officer):
    feedback = FeedbackFactory(registered=True)
    services.feedback_assign(feedback_id=feedback.pk, handler=officer, by=officer)
    assert _mails("assigned_notice") == []


def test_the_parent_hears_when_the_dossier_is_closed():
    feedback = FeedbackFactory(answered=True)
    services.feedback_close(feedback_id=feedback.pk, by=feedback.handler)
    (mail,) = _mails("closed")
    assert mail.to == "fleur@example.nl"
    assert "/status/" in mail.body_text


def test_the_parent_hears_when_a_dossier_is_closed_without_judgment(officer):
    feedback = FeedbackFactory(in_progress=True)
    services.feedback_resolve(
        feedback_id=feedback.pk, reason="solved", text="Opgelost in een gesprek.", by=officer
    )
    assert [m.to for m in _mails("closed")] == ["fleur@example.nl"]


@pytest.mark.parametrize("role", ["handler", "quality_officer", "quality_lead"])
def test_meldcode_route_mails_neither_the_concerned_employee_nor_the_parent(role):
    case = meldcode_about(role)
    feedback, concerned = case.feedback, case.concerned
    OutboxMessage.objects.all().delete()
    # The concerned employee is the parent's address too: they hear nothing either way.
    Feedback.objects.filter(pk=feedback.pk).update(submitter_email=concerned.email)
    feedback.refresh_from_db()

    assert concerned.email not in access.recipients(access.TOLD_ASSIGNED, feedback)
    assert concerned.email not in access.recipients(access.TOLD_MEASURE_DENIED, feedback)
    assert access.parent_recipients(access.PARENT_CLOSED, feedback) == []
    assert access.parent_recipients(access.PARENT_MEASURE_FOLLOWUP, feedback) == []
    for measure in feedback.measures.all():  # asking about a measure: not in this route
        assert services.measure_followup_ask(measure_id=measure.pk) is False
    assert not OutboxMessage.objects.filter(to__iexact=concerned.email).exists()


def test_the_parent_is_not_mailed_at_the_concerned_employees_address():
    feedback = FeedbackFactory(answered=True)
    concerned = UserFactory(role=Role.HANDLER, email="FLEUR@example.nl")
    Feedback.objects.filter(pk=feedback.pk).update(concerned_employee=concerned)
    feedback.refresh_from_db()
    assert access.parent_recipients(access.PARENT_CLOSED, feedback) == []
