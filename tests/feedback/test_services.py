"""Every transition through the real services, and every refusal."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import (
    ClosureReason,
    Escalation,
    Event,
    Feedback,
    Kind,
    Outcome,
    Status,
)
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import (
    FeedbackFactory,
    LocationFactory,
    ServiceFactory,
    UserFactory,
    category,
)

pytestmark = pytest.mark.django_db
AMS = dt.timezone(dt.timedelta(hours=1))


def test_receive_stores_dossier_event_and_acknowledgement(officer):
    feedback = FeedbackFactory()
    assert feedback.status == Status.RECEIVED
    assert feedback.reference == f"{timezone.localdate().year}-0001"
    event = feedback.events.get()
    assert (event.kind, event.to_status, event.visible_to_parent) == (
        Event.Kind.RECEIVED,
        Status.RECEIVED,
        True,
    )
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    assert ack.to == "fleur@example.nl"
    assert feedback.reference in ack.subject
    assert "/status/" in ack.body_text
    notice = OutboxMessage.objects.get(kind="new_feedback_notice")
    assert notice.to == officer.email


def test_references_count_per_year():
    with time_machine.travel(dt.datetime(2025, 12, 31, 12, tzinfo=AMS), tick=False):
        first = FeedbackFactory()
        second = FeedbackFactory()
    with time_machine.travel(dt.datetime(2026, 1, 2, 12, tzinfo=AMS), tick=False):
        third = FeedbackFactory()
    assert [first.reference, second.reference, third.reference] == [
        "2025-0001",
        "2025-0002",
        "2026-0001",
    ]


def test_receive_decides_answer_due_by_the_services_framework():
    received = dt.datetime(2025, 3, 14, 10, tzinfo=AMS)  # + 6 weeks = Friday 25 April
    wko = FeedbackFactory(received_at=received)
    jeugd_location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    jeugd = FeedbackFactory(received_at=received, location=jeugd_location)
    assert wko.framework == "wko"
    assert wko.answer_due == dt.date(2025, 4, 25)
    assert jeugd.framework == "jeugdwet"
    assert jeugd.answer_due == dt.date(2025, 4, 25)


def test_receive_moves_a_term_past_kings_day_and_the_weekend():
    # 15 March 2025 + 6 weeks = Saturday 26 April (King's Day): moves to Monday 28 April.
    feedback = FeedbackFactory(received_at=dt.datetime(2025, 3, 15, 10, tzinfo=AMS))
    assert feedback.answer_due == dt.date(2025, 4, 28)


def test_compliments_have_no_legal_term():
    assert FeedbackFactory(kind=Kind.COMPLIMENT).answer_due is None


def test_receive_refuses_a_service_not_given_at_the_location():
    other = ServiceFactory(name="Buitenschoolse opvang")
    with pytest.raises(ValidationError) as exc:
        FeedbackFactory(service=other)
    assert "niet gegeven" in exc.value.message_dict["service"][0]
    assert not Feedback.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_suspected_abuse_starts_restricted_and_tells_only_meldcode_people(officer):
    meldcode_officer = UserFactory(role=Role.MELDCODE_OFFICER)
    feedback = FeedbackFactory(suspected_abuse=True)
    assert feedback.is_restricted
    recipients = set(
        OutboxMessage.objects.filter(kind="new_feedback_notice").values_list("to", flat=True)
    )
    assert recipients == {meldcode_officer.email}


def test_register_checks_and_may_change_kind_which_decides_the_term(officer):
    feedback = FeedbackFactory(
        kind=Kind.SIGNAL, received_at=dt.datetime(2025, 3, 14, 10, tzinfo=AMS)
    )
    assert feedback.answer_due is None
    services.feedback_register(
        feedback_id=feedback.pk,
        by=officer,
        kind=Kind.COMPLAINT,
        category=category(),
        location=feedback.location,
        service=feedback.service,
    )
    feedback.refresh_from_db()
    assert feedback.status == Status.REGISTERED
    assert feedback.answer_due == dt.date(2025, 4, 25)
    assert feedback.registered_at is not None
    event = feedback.events.get(to_status=Status.REGISTERED)
    assert (event.from_status, event.to_status, event.actor) == (
        Status.RECEIVED,
        Status.REGISTERED,
        officer,
    )


def test_register_with_meldcode_category_restricts(officer):
    feedback = FeedbackFactory()
    services.feedback_register(
        feedback_id=feedback.pk,
        by=officer,
        kind=Kind.COMPLAINT,
        category=category("Vermoeden van kindermishandeling of grensoverschrijdend gedrag"),
        location=feedback.location,
        service=feedback.service,
    )
    feedback.refresh_from_db()
    assert feedback.is_restricted


def test_register_twice_is_refused(officer):
    feedback = FeedbackFactory(registered=True)
    with pytest.raises(ValidationError, match="Dit kan niet"):
        services.feedback_register(
            feedback_id=feedback.pk,
            by=officer,
            kind=Kind.COMPLAINT,
            category=category(),
            location=feedback.location,
            service=feedback.service,
        )


def test_assign_moves_to_in_progress_and_can_hand_over(officer, handler):
    feedback = FeedbackFactory(registered=True)
    services.feedback_assign(feedback_id=feedback.pk, handler=handler, by=officer)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.handler) == (Status.IN_PROGRESS, handler)
    other = UserFactory()
    services.feedback_assign(feedback_id=feedback.pk, handler=other, by=officer)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.handler) == (Status.IN_PROGRESS, other)


def test_assign_refuses_unregistered_and_client_panel(officer, handler):
    feedback = FeedbackFactory()
    with pytest.raises(ValidationError):
        services.feedback_assign(feedback_id=feedback.pk, handler=handler, by=officer)
    registered = FeedbackFactory(registered=True)
    panel = UserFactory(role=Role.CLIENT_PANEL)
    with pytest.raises(ValidationError):
        services.feedback_assign(feedback_id=registered.pk, handler=panel, by=officer)
    assert Feedback.objects.get(pk=registered.pk).status == Status.REGISTERED


def judge(feedback, by, **kwargs):
    defaults = {
        "outcome": Outcome.WELL_FOUNDED,
        "reasoning": "Het klopt.",
        "measures": [services.MeasureInput("Nieuwe afspraak", by, dt.date(2030, 1, 1))],
    }
    return services.feedback_judge(feedback_id=feedback.pk, by=by, **defaults | kwargs)


def test_judge_needs_a_logged_contact_first(handler):
    feedback = FeedbackFactory(in_progress=True)
    with pytest.raises(ValidationError) as exc:
        judge(feedback, handler)
    assert "contact" in exc.value.message_dict["__all__"][0]
    assert Feedback.objects.get(pk=feedback.pk).status == Status.IN_PROGRESS


def test_judge_refuses_measure_without_due_date(handler):
    feedback = FeedbackFactory(contacted=True)
    with pytest.raises(ValidationError) as exc:
        judge(feedback, handler, measures=[services.MeasureInput("Iets", handler, None)])
    assert "datum" in exc.value.message_dict["measures"][0]


def test_judge_without_measures_must_say_why(handler):
    feedback = FeedbackFactory(contacted=True)
    with pytest.raises(ValidationError):
        judge(feedback, handler, measures=[])
    judgment = judge(feedback, handler, measures=[], no_measures_reason="Niet nodig.")
    assert judgment.measures.count() == 0


def test_judge_refuses_without_reasoning(handler):
    feedback = FeedbackFactory(contacted=True)
    with pytest.raises(ValidationError) as exc:
        judge(feedback, handler, reasoning="  ")
    assert "reasoning" in exc.value.message_dict


def test_judge_stores_judgment_measures_and_moves_to_answered(handler):
    feedback = FeedbackFactory(contacted=True)
    judgment = judge(feedback, handler)
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    assert feedback.answered_at is not None
    assert judgment.outcome == Outcome.WELL_FOUNDED
    assert list(feedback.measures.values_list("description", flat=True)) == ["Nieuwe afspraak"]


def test_committee_judgment_sets_the_one_month_measures_term(handler):
    jeugdwet = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    feedback = FeedbackFactory(contacted=True, location=jeugdwet)
    judgment = judge(feedback, handler, by_committee=True, decided_on=dt.date(2025, 1, 31))
    assert judgment.measures_due == dt.date(2025, 2, 28)


def test_committee_judgment_without_measures_says_they_follow_within_a_month(handler):
    jeugdwet = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    feedback = FeedbackFactory(contacted=True, location=jeugdwet)
    judgment = judge(
        feedback, handler, by_committee=True, measures=[], decided_on=dt.date(2025, 1, 31)
    )
    assert judgment.no_measures_reason == (
        "De maatregelen volgen uiterlijk 28-02-2025 (binnen een maand)."
    )


def test_committee_judgment_is_refused_outside_the_jeugdwet(handler):
    feedback = FeedbackFactory(contacted=True)
    with pytest.raises(ValidationError, match="Jeugdwet"):
        judge(feedback, handler, by_committee=True)


def test_judge_refused_for_a_compliment(handler):
    feedback = FeedbackFactory(kind=Kind.COMPLIMENT, in_progress=True)
    with pytest.raises(ValidationError, match="Dit kan niet"):
        judge(feedback, handler)


def test_close_after_judgment(officer):
    feedback = FeedbackFactory(answered=True)
    services.feedback_close(feedback_id=feedback.pk, by=officer)
    feedback.refresh_from_db()
    assert feedback.status == Status.CLOSED
    assert feedback.closure_reason == ClosureReason.JUDGED
    assert feedback.closed_at is not None


def test_close_refused_before_judgment(officer):
    feedback = FeedbackFactory(in_progress=True)
    with pytest.raises(ValidationError):
        services.feedback_close(feedback_id=feedback.pk, by=officer)


@pytest.mark.parametrize(
    "reason", [ClosureReason.SOLVED, ClosureReason.NOT_ADMISSIBLE, ClosureReason.FORWARDED]
)
def test_resolve_closes_without_judgment(officer, reason):
    feedback = FeedbackFactory(in_progress=True)
    services.feedback_resolve(feedback_id=feedback.pk, reason=reason, text="Opgelost.", by=officer)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.closure_reason) == (Status.CLOSED, reason)
    assert not feedback.judgments.exists()


def test_resolve_refuses_judged_or_meldcode_as_reason_and_empty_text(officer):
    feedback = FeedbackFactory(in_progress=True)
    for reason in (ClosureReason.JUDGED, ClosureReason.MELDCODE, ClosureReason.WITHDRAWN):
        with pytest.raises(ValidationError):
            services.feedback_resolve(feedback_id=feedback.pk, reason=reason, text="x", by=officer)
    with pytest.raises(ValidationError):
        services.feedback_resolve(
            feedback_id=feedback.pk, reason=ClosureReason.SOLVED, text=" ", by=officer
        )


def test_compliment_is_passed_to_the_team_from_registered(officer):
    feedback = FeedbackFactory(kind=Kind.COMPLIMENT, registered=True)
    services.feedback_resolve(
        feedback_id=feedback.pk, reason=ClosureReason.HANDLED, text="Gedeeld met team.", by=officer
    )
    assert Feedback.objects.get(pk=feedback.pk).status == Status.CLOSED


@pytest.mark.parametrize("state", ["received", "registered", "in_progress", "answered"])
def test_withdraw_from_every_open_state(state):
    feedback = FeedbackFactory(state=state)
    services.feedback_withdraw(feedback_id=feedback.pk, text="", by=None)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.closure_reason) == (Status.CLOSED, ClosureReason.WITHDRAWN)
    assert feedback.events.latest("at").kind == Event.Kind.WITHDRAWN


def test_withdraw_refused_when_closed_or_in_meldcode():
    for state in ("closed", "meldcode"):
        feedback = FeedbackFactory(state=state)
        with pytest.raises(ValidationError):
            services.feedback_withdraw(feedback_id=feedback.pk, text="", by=None)


def test_meldcode_route_stops_the_procedure_and_closes_as_meldcode(officer, handler):
    feedback = FeedbackFactory(meldcode=True)
    assert (feedback.status, feedback.is_restricted) == (Status.MELDCODE, True)
    assert not feedback.events.latest("at").visible_to_parent
    with pytest.raises(ValidationError):
        services.feedback_assign(feedback_id=feedback.pk, handler=handler, by=officer)
    with pytest.raises(ValidationError, match="Leg eerst deze stappen vast"):
        services.meldcode_close(feedback_id=feedback.pk, text="Afgerond", by=officer)
    feedback = services.walk_to(
        feedback, Status.CLOSED, by=officer, closure=ClosureReason.MELDCODE, text="Afgerond"
    )
    assert (feedback.status, feedback.closure_reason) == (Status.CLOSED, ClosureReason.MELDCODE)
    with pytest.raises(ValidationError, match="meldcoderoute"):
        services.feedback_reopen(feedback_id=feedback.pk, reason="x", by=officer)


def test_meldcode_refused_for_a_compliment(officer):
    feedback = FeedbackFactory(kind=Kind.COMPLIMENT)
    with pytest.raises(ValidationError):
        services.meldcode_start(feedback_id=feedback.pk, text="", by=officer)


def test_reopen_a_closed_dossier(officer):
    feedback = FeedbackFactory(closed=True)
    services.feedback_reopen(feedback_id=feedback.pk, reason="Nieuwe feiten", by=officer)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.closed_at, feedback.closure_reason) == (
        Status.IN_PROGRESS,
        None,
        "",
    )


def test_reopen_refused_when_open_or_without_reason(officer):
    with pytest.raises(ValidationError):
        services.feedback_reopen(
            feedback_id=FeedbackFactory(in_progress=True).pk, reason="x", by=officer
        )
    with pytest.raises(ValidationError):
        services.feedback_reopen(feedback_id=FeedbackFactory(closed=True).pk, reason="", by=officer)


def test_extend_refused_under_wet_kinderopvang(officer):
    feedback = FeedbackFactory(in_progress=True)
    with pytest.raises(ValidationError, match="Wet kinderopvang"):
        services.feedback_extend(
            feedback_id=feedback.pk,
            until=feedback.answer_due + dt.timedelta(days=7),
            reason="Drukte",
            by=officer,
        )
    assert Feedback.objects.get(pk=feedback.pk).extended_until is None


def test_extend_once_under_wkkgz_before_the_term_ends(officer):
    location = LocationFactory(services=[ServiceFactory(wkkgz=True)])
    feedback = FeedbackFactory(location=location, in_progress=True)
    until = feedback.answer_due + dt.timedelta(days=14)
    services.feedback_extend(feedback_id=feedback.pk, until=until, reason="Onderzoek", by=officer)
    feedback.refresh_from_db()
    assert feedback.extended_until == until
    assert feedback.answer_due != until  # the original term stays as decided
    event = feedback.events.latest("at")
    assert event.kind == Event.Kind.EXTENDED
    assert event.visible_to_parent
    with pytest.raises(ValidationError):
        services.feedback_extend(
            feedback_id=feedback.pk, until=until + dt.timedelta(days=1), reason="x", by=officer
        )


def test_extend_jeugdwet_with_reasoned_notice(officer):
    location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    feedback = FeedbackFactory(location=location, registered=True)
    until = feedback.answer_due + dt.timedelta(weeks=8)
    with pytest.raises(ValidationError):
        services.feedback_extend(feedback_id=feedback.pk, until=until, reason="", by=officer)
    services.feedback_extend(feedback_id=feedback.pk, until=until, reason="Commissie", by=officer)
    assert Feedback.objects.get(pk=feedback.pk).extended_until == until


def test_contact_note_and_message(handler):
    feedback = FeedbackFactory(in_progress=True)
    services.feedback_log_contact(
        feedback_id=feedback.pk,
        by=handler,
        channel="meeting",
        on=dt.date(2025, 1, 2),
        summary="Gesprek",
    )
    note = services.feedback_add_note(feedback_id=feedback.pk, by=handler, text="Intern")
    message = services.feedback_share_message(feedback_id=feedback.pk, by=handler, text="Update")
    assert not note.visible_to_parent
    assert message.visible_to_parent
    mail = OutboxMessage.objects.get(kind="message")
    assert "Update" in mail.body_text
    assert "/status/" in mail.body_text
    with pytest.raises(ValidationError):
        services.feedback_add_note(feedback_id=feedback.pk, by=handler, text="")


def test_rate_only_after_closing_and_within_1_to_5():
    open_one = FeedbackFactory(in_progress=True)
    with pytest.raises(ValidationError):
        services.feedback_rate(feedback_id=open_one.pk, satisfaction=4)
    closed = FeedbackFactory(closed=True)
    with pytest.raises(ValidationError):
        services.feedback_rate(feedback_id=closed.pk, satisfaction=6)
    services.feedback_rate(feedback_id=closed.pk, satisfaction=4, comment="Goed")
    assert Feedback.objects.get(pk=closed.pk).satisfaction == 4


def test_situation_links_dossiers_and_reuses_an_existing_one(officer):
    a, b, c = FeedbackFactory(), FeedbackFactory(), FeedbackFactory()
    with pytest.raises(ValidationError):
        services.situation_link(feedback_ids=[a.pk], title="x", by=officer)
    first = services.situation_link(feedback_ids=[a.pk, b.pk], title="Conflict", by=officer)
    second = services.situation_link(feedback_ids=[b.pk, c.pk], title="Ander", by=officer)
    assert first == second
    assert set(first.feedback.values_list("pk", flat=True)) == {a.pk, b.pk, c.pk}


def test_escalation_after_closing_and_its_end(officer):
    feedback = FeedbackFactory(closed=True)
    escalation = services.escalation_record(
        feedback_id=feedback.pk,
        by=officer,
        body=Escalation.Body.GESCHILLENCOMMISSIE,
        started_on=dt.date(2025, 2, 1),
    )
    assert escalation.is_dispute
    assert escalation.is_open
    with pytest.raises(ValidationError):
        services.escalation_end(
            escalation_id=escalation.pk,
            by=officer,
            ended_on=dt.date(2025, 1, 1),
            result="unfounded",
            is_binding=True,
        )
    services.escalation_end(
        escalation_id=escalation.pk,
        by=officer,
        ended_on=dt.date(2025, 5, 1),
        result="unfounded",
        is_binding=True,
    )
    escalation.refresh_from_db()
    assert not escalation.is_open
    assert escalation.is_binding


def test_measure_complete_and_improvement(handler):
    feedback = FeedbackFactory(answered=True)
    measure = feedback.measures.get()
    services.measure_complete(measure_id=measure.pk, done_on=dt.date(2025, 3, 1), by=handler)
    measure.refresh_from_db()
    assert measure.done_at == dt.date(2025, 3, 1)
    improvement = services.improvement_record(
        title="Nieuw overdrachtsprotocol",
        description="",
        decided_on=dt.date(2025, 3, 1),
        feedback_ids=[feedback.pk],
        client_panel_asked=True,
    )
    assert list(improvement.feedback.all()) == [feedback]


def test_every_transition_writes_exactly_one_event():
    feedback = FeedbackFactory(closed=True)
    kinds = list(feedback.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "registered",
        "assigned",
        "contact",
        "judged",
        "document",
        "closed",
    ]
    moves = feedback.events.exclude(kind__in=["contact", "document"])
    statuses = [(e.from_status, e.to_status) for e in moves]
    assert statuses == [
        ("", "received"),
        ("received", "registered"),
        ("registered", "in_progress"),
        ("in_progress", "answered"),
        ("answered", "closed"),
    ]
