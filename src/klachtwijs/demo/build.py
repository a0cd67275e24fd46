"""The builder that walks every demo dossier through the real services and back-dates it."""

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from klachtwijs.demo.data import (
    AKJ_2025,
    CHILDREN,
    COMPLAINTS,
    CONTACTS,
    DAG,
    ENDINGS,
    ESCALATIONS_2024,
    EXTENSION_REASON,
    GROUPS,
    IMPROVEMENTS,
    MELDCODE_STORY,
    MOREL_SITUATION,
    MOREL_TEAM,
    OTHERS,
    PARENT_FIRST,
    PARENT_LAST,
    RECENT,
    MorelCase,
    Story,
)
from klachtwijs.feedback import services
from klachtwijs.feedback.models import (
    Category,
    Channel,
    ClosureReason,
    Feedback,
    Kind,
    Outcome,
)
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Service, User

# What the demo writes for each step of the meldcode (no names, no facts about people).
MELDCODE_STEP = "Besproken en vastgelegd volgens de meldcode."


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class _Builder:
    """Walks dossiers through the services along a plausible timeline."""

    def __init__(self, *, now: datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        self.rng = random.Random(2025)  # noqa: S311 - reproducible demo data
        self.ids: list[int] = []
        self.judged: list[tuple[Feedback, date]] = []  # closed with a judgment, and when
        self.morel_ids: list[int] = []
        self.users = {u.username: u for u in User.objects.all()}
        self.locations = {loc.name: loc for loc in Location.objects.prefetch_related("services")}
        self.categories = {c.name: c for c in Category.objects.all()}

    # --- time -----------------------------------------------------------------------------

    def moment(self, day: date) -> datetime:
        hour, minute = self.rng.randint(8, 16), self.rng.randrange(0, 60, 5)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def later(self, after: datetime, low: int, high: int) -> datetime:
        """A working-day moment `low`..`high` days after `after`, never in the future."""
        day = _workday(timezone.localdate(after) + timedelta(days=self.rng.randint(low, high)))
        when = max(self.moment(day), after + timedelta(minutes=20))
        return min(when, self.now - timedelta(minutes=5))

    # --- people ---------------------------------------------------------------------------

    def parent(self) -> dict[str, str]:
        first = self.rng.choice(PARENT_FIRST.split())
        last = self.rng.choice(PARENT_LAST)
        email = f"{first}.{last}".lower().replace(" ", "") + "@example.nl"
        return {
            "submitter_name": f"{first} {last}",
            "submitter_email": email if self.rng.random() < 0.9 else "",
            "submitter_phone": f"06-{self.rng.randint(10000000, 99999999)}",
        }

    def handler(self, feedback: Feedback) -> User:
        if feedback.framework == LegalFramework.JEUGDWET and self.rng.random() < 0.5:
            return self.users["behandelaar"]
        return feedback.location.manager

    def officer(self) -> User:
        return self.users["kwaliteit" if self.rng.random() < 0.8 else "hoofdkwaliteit"]

    # --- one dossier ----------------------------------------------------------------------

    def receive(self, when, kind, location, service, story, *, parent=None, child=None, **extra):
        child = child or services.Child(
            self.rng.choice(CHILDREN.split()), self.rng.choice(GROUPS[service.name])
        )
        feedback = services.feedback_receive(
            kind=kind,
            location=location,
            service=service,
            description=story.description.format(child=child.first_name, group=child.group),
            children=[child],
            category=self.categories[story.category],
            received_at=when,
            **parent or self.parent(),
            **extra,
        )
        self.ids.append(feedback.pk)
        return feedback

    def register(self, feedback: Feedback, when: datetime, by: User | None = None) -> None:
        services.feedback_register(
            feedback_id=feedback.pk,
            by=by or self.officer(),
            kind=feedback.kind,
            category=feedback.category,
            location=feedback.location,
            service=feedback.service,
            at=when,
        )

    def contact(self, feedback: Feedback, when: datetime, by: User, index: int) -> None:
        channel, text = CONTACTS[index % len(CONTACTS)]
        services.feedback_log_contact(
            feedback_id=feedback.pk,
            by=by,
            channel=channel,
            on=timezone.localdate(when),
            summary=text,
            at=when,
        )

    def judge(self, feedback, when, by, outcome, reasoning, measures) -> None:
        decided = timezone.localdate(when)
        inputs = [
            services.MeasureInput(text, by, decided + timedelta(days=d)) for text, d in measures
        ]
        judgment = services.feedback_judge(
            feedback_id=feedback.pk,
            by=by,
            outcome=outcome,
            reasoning=reasoning,
            measures=inputs,
            no_measures_reason="" if inputs else "De werkwijze was juist; er verandert niets.",
            decided_on=decided,
            at=when,
        )
        for measure in judgment.measures.all():
            done = measure.due_date - timedelta(days=self.rng.randint(0, 10))
            if done < self.today - timedelta(days=7) and self.rng.random() < 0.9:
                done = max(done, decided)
                services.measure_complete(
                    measure_id=measure.pk, done_on=done, by=by, at=self.moment(done)
                )

    def close(self, feedback: Feedback, when: datetime, story: Story, handling: str) -> None:
        services.feedback_close(feedback_id=feedback.pk, by=self.officer(), at=when)
        self.texts(feedback, when, story.summary, handling)
        if self.rng.random() < 0.45:
            rating = self.rng.choices([1, 2, 3, 4, 5], weights=[5, 10, 25, 35, 25])[0]
            services.feedback_rate(
                feedback_id=feedback.pk, satisfaction=rating, at=self.later(when, 2, 10)
            )

    def texts(self, feedback: Feedback, when: datetime, summary: str, handling: str) -> None:
        services.feedback_set_report_texts(
            feedback_id=feedback.pk,
            by=self.users["kwaliteit"],
            summary=summary,
            handling=handling,
            at=self.later(when, 0, 3),
        )

    # --- flows ----------------------------------------------------------------------------

    def complaint(self, feedback, t, story, *, stop="closed", ending="judged", days=(10, 38)):
        """Walk a complaint to `stop`; `ending` says how it closes, `days` when it is judged."""
        self.register(feedback, t := self.later(t, 0, 2))
        if stop == "registered":
            return
        handler = self.handler(feedback)
        services.feedback_assign(
            at=(t := self.later(t, 0, 2)),
            feedback_id=feedback.pk,
            handler=handler,
            by=self.officer(),
        )
        if ending == "withdrawn":
            _, text, handling = ENDINGS[ending]
            services.feedback_withdraw(
                at=(t := self.later(t, 1, 7)), feedback_id=feedback.pk, text=text, by=None
            )
            self.texts(feedback, t, story.summary, handling)
            return
        self.contact(feedback, t := self.later(t, 1, 6), handler, 0)
        if stop == "in_progress":
            return
        if ending in ENDINGS:
            reason, text, handling = ENDINGS[ending]
            services.feedback_resolve(
                at=(t := self.later(t, 1, 10)),
                feedback_id=feedback.pk,
                reason=reason,
                text=text,
                by=handler,
            )
            self.texts(feedback, t, story.summary, handling)
            return
        if self.rng.random() < 0.5:
            self.contact(feedback, t := self.later(t, 2, 8), handler, self.rng.randint(1, 3))
        t = max(self.later(feedback.received_at, *days), t + timedelta(hours=1))
        outcome = self.rng.choices(list(Outcome), weights=[30, 40, 30])[0]
        if outcome == Outcome.UNFOUNDED:
            reasoning = "Na onderzoek blijkt dat volgens de afspraken is gewerkt."
            measures = [(story.measure, 30)] if self.rng.random() < 0.3 else []
        else:
            reasoning, measures = story.reasoning, [(story.measure, self.rng.randint(14, 42))]
        self.judge(feedback, t, handler, outcome, reasoning, measures)
        if stop == "answered":
            return
        self.close(feedback, t := self.later(t, 1, 7), story, story.handling)
        self.judged.append((feedback, timezone.localdate(t)))

    def handled(self, feedback: Feedback, t: datetime, story: Story, *, stop="closed") -> None:
        """A suggestion, compliment or signal: registered, perhaps assigned, passed on."""
        self.register(feedback, t := self.later(t, 0, 2))
        by = self.officer()
        if feedback.kind != Kind.COMPLIMENT and stop != "registered":
            by = self.handler(feedback)
            services.feedback_assign(
                at=(t := self.later(t, 0, 2)),
                feedback_id=feedback.pk,
                handler=by,
                by=self.officer(),
            )
        if stop != "closed":
            return
        services.feedback_resolve(
            at=(t := self.later(t, 1, 12)),
            feedback_id=feedback.pk,
            reason=ClosureReason.HANDLED,
            text=story.handling,
            by=by,
        )
        self.texts(feedback, t, story.summary, story.handling)

    def meldcode(self, feedback: Feedback, t: datetime, *, close: bool = True) -> None:
        officer = self.users["meldcode"]
        t = self.later(t, 0, 1)
        services.meldcode_start(
            feedback_id=feedback.pk,
            text="Zorgsignaal: de stappen van de meldcode zijn gestart.",
            by=officer,
            at=t,
        )
        if close:
            closed = self.later(t, 20, 50)
            steps = services.meldcode_required_steps(feedback=feedback)
            # The steps spread evenly between start and end (no draws: the seed's story holds).
            gap = (closed - t) / (len(steps) + 1)
            for number, step in enumerate(steps, start=1):
                services.meldcode_step_record(
                    feedback_id=feedback.pk,
                    step=step,
                    at=t + gap * number,
                    decision=MELDCODE_STEP,
                    by=officer,
                )
            t = closed
            services.meldcode_close(
                feedback_id=feedback.pk, text="De meldcode is doorlopen.", by=officer, at=t
            )
            self.texts(feedback, t, MELDCODE_STORY.summary, MELDCODE_STORY.handling)

    # --- the years ------------------------------------------------------------------------

    def years(self, start: date, end: date, fixed: Sequence[MorelCase] = ()) -> None:
        """Four to six klantreacties a month from `start` up to `end`, closed in every way.

        All receipts are drawn first and then received in order, so dossier numbers follow
        the date of receipt; `fixed` cases take their place among them.
        """
        end = min(end, self.today - timedelta(days=60))
        plan: list[tuple[datetime, MorelCase | None]] = []
        month = start
        while month <= end:
            for _ in range(self.rng.randint(4, 6)):
                day = month + timedelta(days=self.rng.randint(0, 27))
                if day <= end:
                    plan.append((self.moment(day), None))
            month = (month + timedelta(days=32)).replace(day=1)
        plan += [(timezone.make_aware(case.received), case) for case in fixed]
        for received, case in sorted(plan, key=lambda item: item[0]):
            if case:
                self.morel_case(case, received)
            else:
                self.past_dossier(received)

    def past_dossier(self, received: datetime) -> None:
        kind = self.rng.choices(list(Kind), weights=[55, 15, 20, 10])[0]
        # The only complaints at Morel in 2025 are the three of one situation (`morel_case`).
        year = timezone.localdate(received).year
        names = [n for n in self.locations if (kind, year, n) != (Kind.COMPLAINT, 2025, "Morel")]
        location = self.locations[self.rng.choice(sorted(names))]
        service = self.rng.choice(list(location.services.all()))
        channel = self.rng.choices(
            [Channel.WEB_FORM, Channel.EMAIL, Channel.PHONE, Channel.IN_PERSON], [70, 15, 10, 5]
        )[0]
        if kind == Kind.SIGNAL and self.rng.random() < 0.15:
            feedback = self.receive(
                received,
                kind,
                location,
                service,
                MELDCODE_STORY,
                channel=channel,
                suspected_abuse=True,
            )
            self.meldcode(feedback, received)
            return
        story = self.rng.choice(COMPLAINTS if kind == Kind.COMPLAINT else OTHERS[kind])
        feedback = self.receive(received, kind, location, service, story, channel=channel)
        if kind != Kind.COMPLAINT:
            self.handled(feedback, received, story)
            return
        ending = self.rng.choices(
            ["judged", "solved", "withdrawn", "not_admissible", "forwarded"], [70, 14, 8, 3, 5]
        )[0]
        late = self.rng.random() < 0.08  # a few answers come after the legal term
        self.complaint(
            feedback, received, story, ending=ending, days=(44, 60) if late else (10, 38)
        )

    # --- the fixed situation at Morel (2025) ----------------------------------------------

    def morel_case(self, case: MorelCase, received: datetime) -> None:
        """One of three parents complaining about one conflict: fixed facts, no chance."""
        morel, officer = self.locations["Morel"], self.users["kwaliteit"]
        handler = morel.manager
        service = Service.objects.get(name=DAG)
        first, last = case.parent
        feedback = self.receive(
            received,
            Kind.COMPLAINT,
            morel,
            service,
            case.story,
            parent={
                "submitter_name": f"{first} {last}",
                "submitter_email": f"{first}.{last}".lower().replace(" ", "") + "@example.nl",
            },
            child=services.Child(case.child, "Vlinders"),
        )
        self.morel_ids.append(feedback.pk)
        start = _workday(received.date() + timedelta(days=1))
        self.register(feedback, _local(start, 9), by=officer)
        services.feedback_assign(
            feedback_id=feedback.pk, handler=handler, by=officer, at=_local(start, 9, 30)
        )
        for on, (channel, text) in [(date(2025, 3, 14), MOREL_TEAM), (case.meeting, case.contact)]:
            services.feedback_log_contact(
                feedback_id=feedback.pk,
                by=handler,
                channel=channel,
                on=on,
                summary=text,
                at=_local(on, 15),
            )
        due = case.judged + timedelta(days=30)
        judgment = services.feedback_judge(
            feedback_id=feedback.pk,
            by=handler,
            outcome=case.outcome,
            reasoning=case.story.reasoning,
            measures=[services.MeasureInput(case.story.measure, handler, due)],
            decided_on=case.judged,
            at=_local(case.judged, 14),
        )
        closed = _workday(case.judged + timedelta(days=2))
        services.feedback_close(feedback_id=feedback.pk, by=officer, at=_local(closed, 10))
        services.feedback_set_report_texts(
            feedback_id=feedback.pk,
            by=officer,
            summary=case.story.summary,
            handling=case.story.handling,
            at=_local(closed, 11),
        )
        measure = judgment.measures.get()
        services.measure_complete(
            measure_id=measure.pk, done_on=due, by=handler, at=_local(due, 12)
        )

    def morel_link(self) -> None:
        """The quality officer sees the three Morel complaints are one situation."""
        services.situation_link(
            feedback_ids=self.morel_ids,
            title=MOREL_SITUATION[0],
            note=MOREL_SITUATION[1],
            by=self.users["kwaliteit"],
            at=_local(date(2025, 3, 13), 11),
        )

    # --- escalations and improvements -----------------------------------------------------

    def extras(self) -> None:
        """Klachtenloket and a dispute in 2024, the AKJ in 2025; no dispute starts in 2025."""
        early_2024 = [(f, d) for f, d in self.judged if d.year == 2024 and d.month < 7]
        for (feedback, closed), (body, result, binding, days, summary) in zip(
            self.rng.sample(early_2024, len(ESCALATIONS_2024)), ESCALATIONS_2024, strict=True
        ):
            self.escalate(
                feedback, closed + timedelta(days=14), days, body, result, binding, summary
            )
        youth = [
            (f, d)
            for f, d in self.judged
            if d.year == 2025 and f.framework == LegalFramework.JEUGDWET
        ]
        if youth:
            feedback, closed = self.rng.choice(youth)
            start = _workday(timezone.localdate(feedback.received_at) + timedelta(days=2))
            self.escalate(feedback, start, (closed - start).days, *AKJ_2025)
        for title, decided, done, advice, categories, year in IMPROVEMENTS:
            linked = (
                self.morel_ids
                if categories is None
                else [
                    f.pk for f, d in self.judged if d.year == year and f.category.name in categories
                ][:3]
            )
            services.improvement_record(
                title=title,
                description=title + ".",
                decided_on=decided,
                done_on=done,
                feedback_ids=linked,
                client_panel_asked=bool(advice),
                client_panel_advice=advice,
            )

    def escalate(self, feedback, started, days, body, result, binding, summary) -> None:
        escalation = services.escalation_record(
            feedback_id=feedback.pk,
            by=self.users["kwaliteit"],
            body=body,
            started_on=started,
            summary=summary,
            at=self.moment(started),
        )
        ended = started + timedelta(days=max(days, 0))
        services.escalation_end(
            escalation_id=escalation.pk,
            by=self.users["kwaliteit"],
            ended_on=ended,
            result=result,
            is_binding=binding,
            at=self.moment(ended),
        )

    # --- the last weeks: open work in every state -----------------------------------------

    def recent(self) -> None:
        for days_ago, kind, name, service_name, stop in sorted(RECENT, key=lambda r: -r[0]):
            location = self.locations[name]
            service = Service.objects.get(name=service_name)
            received = self.moment(self.today - timedelta(days=days_ago))
            if stop == "meldcode":
                feedback = self.receive(
                    received, kind, location, service, MELDCODE_STORY, suspected_abuse=True
                )
                self.meldcode(feedback, received, close=False)
                continue
            story = self.rng.choice(COMPLAINTS if kind == Kind.COMPLAINT else OTHERS[kind])
            feedback = self.receive(received, kind, location, service, story)
            if stop == "received":
                continue
            if kind != Kind.COMPLAINT:
                self.handled(feedback, received, story, stop=stop)
            elif stop == "extended":
                self.complaint(feedback, received, story, stop="in_progress")
                feedback.refresh_from_db()
                services.feedback_extend(
                    feedback_id=feedback.pk,
                    until=feedback.answer_due + timedelta(weeks=4),
                    reason=EXTENSION_REASON,
                    by=feedback.handler,
                    at=self.later(received, 16, 20),
                )
            else:
                self.complaint(
                    feedback, received, story, stop=stop, days=(days_ago // 2, days_ago // 2 + 3)
                )


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
