"""A year of dossiers built through the real services at chosen moments (time_machine)."""

import datetime as dt
from dataclasses import dataclass, field

import time_machine
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Event, Feedback, Kind
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory, category


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))  # noqa: DTZ001 - made aware here


@dataclass
class Spec:
    """How one complaint goes; the test computes the expected figures from these."""

    location: object
    service: object
    received: dt.datetime
    outcome: str | None = None
    answer_days: int | None = None
    extend_weeks: int = 0
    measure: str = ""  # "on_time", "late", "open" or ""
    by_committee: bool = False
    escalations: list[tuple[str, dt.date]] = field(default_factory=list)
    category: str = "Communicatie en informatie"
    summary: str = "Een ouder had een vraag over de overdracht."
    handling: str = "Het team heeft dit besproken en de ouder teruggebeld."
    feedback: Feedback | None = None

    @property
    def answered_on(self) -> dt.date | None:
        if self.answer_days is None:
            return None
        return timezone.localdate(self.received) + dt.timedelta(days=self.answer_days)


def build_complaint(spec: Spec, *, officer) -> Feedback:
    handler = UserFactory(role=Role.HANDLER, locations=[spec.location])
    with time_machine.travel(spec.received, tick=False):
        feedback = FeedbackFactory(
            location=spec.location,
            service=spec.service,
            received_at=spec.received,
            category=category(spec.category),
        )
        services.feedback_register(
            feedback_id=feedback.pk,
            by=officer,
            kind=Kind.COMPLAINT,
            category=category(spec.category),
            location=spec.location,
            service=spec.service,
        )
        services.feedback_assign(feedback_id=feedback.pk, handler=handler, by=officer)
        services.feedback_log_contact(
            feedback_id=feedback.pk,
            by=handler,
            channel=Event.ContactChannel.PHONE,
            on=timezone.localdate(),
            summary="Gebeld.",
        )
        services.feedback_set_report_texts(
            feedback_id=feedback.pk, by=officer, summary=spec.summary, handling=spec.handling
        )
    if spec.extend_weeks:
        with time_machine.travel(spec.received + dt.timedelta(days=10), tick=False):
            feedback.refresh_from_db()
            services.feedback_extend(
                feedback_id=feedback.pk,
                until=feedback.answer_due + dt.timedelta(weeks=spec.extend_weeks),
                reason="Meer tijd nodig voor overleg met de school.",
                by=handler,
            )
    if spec.answer_days is not None:
        answered = spec.received + dt.timedelta(days=spec.answer_days)
        due = timezone.localdate(answered) + dt.timedelta(days=14)
        with time_machine.travel(answered, tick=False):
            measures = (
                [services.MeasureInput("Afspraak maken", handler, due)] if spec.measure else []
            )
            judgment = services.feedback_judge(
                feedback_id=feedback.pk,
                by=handler,
                outcome=spec.outcome,
                reasoning="Zorgvuldig bekeken.",
                measures=measures,
                no_measures_reason="" if measures else "Niet nodig.",
                by_committee=spec.by_committee,
            )
        if spec.measure in ("on_time", "late"):
            done = due if spec.measure == "on_time" else due + dt.timedelta(days=3)
            services.measure_complete(
                measure_id=judgment.measures.get().pk, done_on=done, by=handler
            )
    for body, started in spec.escalations:
        services.escalation_record(
            feedback_id=feedback.pk, by=officer, body=body, started_on=started
        )
    spec.feedback = Feedback.objects.get(pk=feedback.pk)
    return spec.feedback
