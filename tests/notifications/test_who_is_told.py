"""Who is told is decided once, by `access.recipients`: for a meldcode dossier only people who
may see it, and never the employee it is about, whatever their role (LEGAL.md M2)."""

import datetime as dt

import pytest
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Kind
from klachtwijs.feedback.reminders import reminders_send
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role, User
from klachtwijs.organisation.selectors import organisation_get
from tests.concerned import ROLES, meldcode_about
from tests.factories import FeedbackFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sees(email: str, feedback) -> bool:
    users = User.objects.filter(email__iexact=email)
    return any(access.feedback_visible(u).filter(pk=feedback.pk).exists() for u in users)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("purpose", sorted(access.TOLD_PURPOSES))
def test_for_a_meldcode_dossier_only_who_sees_it_is_told_never_the_employee(role, purpose):
    case = meldcode_about(role)
    told = access.recipients(purpose, case.feedback, owner=case.concerned)
    assert all(e.casefold() != case.concerned.email for e in told)
    if purpose != access.TOLD_ANNUAL_REPORT:  # organisation-wide, not about this dossier
        assert all(_sees(email, case.feedback) for email in told), told


@pytest.mark.parametrize("role", ROLES)
def test_the_parent_adding_information_never_mails_the_employee_concerned(role):
    case = meldcode_about(role)
    services.feedback_add_parent_info(feedback_id=case.feedback.pk, text="Nog iets.")
    told = set(OutboxMessage.objects.filter(kind="parent_info_notice").values_list("to", flat=True))
    assert case.concerned.email not in told
    assert case.meldcode_officer.email in told  # someone who may see it hears of it


@pytest.mark.parametrize("role", ["handler", "designated_officer", "quality_lead", "management"])
def test_no_reminder_reaches_the_employee_concerned(role, time_machine):
    case = meldcode_about(role)
    if access.may_handle(case.concerned):  # a role that can own a measure owns one here
        assert case.feedback.measures.filter(owner=case.concerned).exists()
    OutboxMessage.objects.filter(kind="acknowledgement").update(state=OutboxMessage.State.FAILED)
    for days in (0, 29, 60):  # measure due soon, term nearly over, all overdue
        day = timezone.localdate() + dt.timedelta(days=days)
        time_machine.move_to(timezone.make_aware(dt.datetime.combine(day, dt.time(7))))
        reminders_send(today=day)
    reminders = OutboxMessage.objects.filter(kind__startswith="reminder_")
    assert reminders.exists()
    assert not reminders.filter(to__iexact=case.concerned.email).exists()


def test_a_measure_reminder_still_reaches_its_owner_on_an_ordinary_dossier(time_machine):
    feedback = FeedbackFactory(closed=True)
    owner = feedback.measures.get().owner
    day = feedback.measures.get().due_date
    time_machine.move_to(timezone.make_aware(dt.datetime.combine(day, dt.time(7))))
    reminders_send(today=day)
    assert list(
        OutboxMessage.objects.filter(kind="reminder_measure").values_list("to", flat=True)
    ) == [owner.email]


def test_ordinary_dossiers_tell_whom_they_told_before():
    location = LocationFactory()
    handler = UserFactory(role=Role.HANDLER, locations=[location], email="b@example.nl")
    location.manager = handler
    location.save()
    team = UserFactory(role=Role.EMPLOYEE, locations=[location], email="team@example.nl")
    UserFactory(role=Role.EMPLOYEE, email="elders@example.nl")  # another location
    officer = UserFactory(role=Role.QUALITY_OFFICER, email="k@example.nl")
    UserFactory(role=Role.MELDCODE_OFFICER, email="amk@example.nl")
    UserFactory(role=Role.QUALITY_OFFICER, email="weg@example.nl", is_active=False)
    organisation = organisation_get()
    organisation.complaints_officer_email = "loket@example.nl"
    organisation.save()
    feedback = FeedbackFactory(location=location, in_progress=True)

    def told(purpose, **kw):
        return access.recipients(purpose, feedback, **kw)

    assert told(access.TOLD_NEW_DOSSIER) == sorted([officer.email, "loket@example.nl"])
    assert told(access.TOLD_PARENT_INFO) == [handler.email]
    assert told(access.TOLD_TERM) == sorted([handler.email, officer.email])
    assert told(access.TOLD_QUIET) == [handler.email]
    assert told(access.TOLD_ACK_FAILED) == [officer.email]
    assert told(access.TOLD_MEASURE, owner=handler) == [handler.email]
    assert told(access.TOLD_TEAM) == sorted([handler.email, team.email])
    assert access.recipients(access.TOLD_ANNUAL_REPORT) == [officer.email]
    # Without a handler, the parent's news goes where a new dossier's goes.
    fresh = FeedbackFactory(location=location, registered=True)
    assert access.recipients(access.TOLD_PARENT_INFO, fresh) == told(access.TOLD_NEW_DOSSIER)


def test_a_meldcode_dossier_is_not_mailed_to_the_complaints_officer_address():
    UserFactory(role=Role.MELDCODE_OFFICER, email="amk@example.nl")
    organisation = organisation_get()
    organisation.complaints_officer_email = "loket@example.nl"
    organisation.save()
    feedback = FeedbackFactory(suspected_abuse=True)
    notices = OutboxMessage.objects.filter(kind="new_feedback_notice", feedback=feedback)
    assert list(notices.values_list("to", flat=True)) == ["amk@example.nl"]


def test_the_team_share_goes_to_the_location_team(time_machine):
    feedback = FeedbackFactory(kind=Kind.COMPLIMENT, registered=True)
    member = UserFactory(role=Role.EMPLOYEE, locations=[feedback.location], email="t@example.nl")
    officer = User.objects.get(role=Role.QUALITY_OFFICER)
    services.feedback_share_with_team(feedback_id=feedback.pk, text="Dank!", by=officer)
    shared = OutboxMessage.objects.filter(kind="team_share").values_list("to", flat=True)
    assert member.email in set(shared)
