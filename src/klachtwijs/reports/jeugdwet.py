"""The Jeugdwet report (LEGAL.md R5, Jeugdwet 4.3.1–4.3.2): its own data, sections and services.

Besides what every report says, the Jeugdwet report states the complaints committee's
composition and whether it could do its work (entered per year: `CommitteeYear`, never a
default claim), the number and nature of the complaints the committee handled (only those that
reached it), the tenor of its judgments and its recommendations, and the nature of the measures.
It is made public within ten days of its adoption and before 1 June, and sent to the Ministers
(VWS, JenV), the IGJ and the regional client organisations, each with its date. A reminder goes
to the quality department while a deadline nears or has passed.

The writers here are the only writers of `CommitteeYear`, `JeugdwetPublication` and
`JeugdwetRecipient`; each service takes the moment of the action (`at`).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import Escalation, Feedback, Judgment, Kind, Measure, Outcome
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Organisation, User
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports.figures import Scope, scope_dossiers, year_bounds
from klachtwijs.reports.models import AnnualReport, Variant
from klachtwijs.reports.models_jeugdwet import CommitteeYear, JeugdwetPublication, JeugdwetRecipient

# Dutch messages (stored and shown as they are; the report itself is Dutch).
COMMITTEE_MISSING = (
    "De samenstelling van de klachtencommissie in {year} en of zij haar werk kon doen, zijn "
    "nog niet ingevuld. Vul ze in bij ‘Klachtencommissie {year}’; zonder kan het "
    "Jeugdwet-verslag niet definitief worden."
)
NEEDS_MEMBERS = "Noem de leden van de commissie, één per regel."
NEEDS_CHAIR = "Noem de voorzitter."
NEEDS_EXPLANATION = "Leg uit waarom de commissie haar werk niet (goed) kon doen."
YEAR_NOT_ENDED = "Dit jaar is nog niet begonnen."
NOT_JEUGDWET = "Dit kan alleen bij het Jeugdwet-verslag."
NOT_FINAL = "Maak het verslag eerst definitief."
NOT_ADOPTED = "Vul eerst in wanneer het verslag is vastgesteld."
FUTURE_DATE = "Deze datum ligt in de toekomst."
BEFORE_ADOPTION = "Deze datum ligt vóór de vaststelling van het verslag."
NEEDS_NAME = "Noem de cliëntenorganisatie."
ALREADY_RECORDED = "Deze ontvanger staat er al in."

REQUIRED_RECIPIENTS = (
    JeugdwetRecipient.Kind.MINISTER_VWS,
    JeugdwetRecipient.Kind.MINISTER_JENV,
    JeugdwetRecipient.Kind.IGJ,
    JeugdwetRecipient.Kind.CLIENT_ORGANISATION,
)
#: Product choice: remind a week before the ten days after adoption end.
REMIND_DAYS_BEFORE = 7
OUTCOME_LABELS = dict(Outcome.choices)


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _not_future(on: date, field_name: str, at: datetime) -> None:
    if on > timezone.localdate(at):
        raise ValidationError({field_name: FUTURE_DATE})


# --- the committee per year ---------------------------------------------------------------


def committee_year_get(year: int) -> CommitteeYear | None:
    return CommitteeYear.objects.filter(year=year).first()


@transaction.atomic
def committee_year_save(
    *,
    year: int,
    members: str,
    chair: str,
    chair_independent: bool,
    could_work: bool,
    explanation: str = "",
    recommendations: str = "",
    by: User,
    at: datetime | None = None,
) -> CommitteeYear:
    """Record the committee of `year` as the Jeugdwet report states it (Jeugdwet 4.2.1,
    4.3.1–4.3.2; LEGAL.md R5): members, chair and whether the chair is independent, whether
    it could do its work (an explanation when not), its recommendations. Saving again
    replaces the year's record."""
    at = _now(at)
    errors: dict[str, str] = {}
    if year > timezone.localdate(at).year:
        errors["year"] = YEAR_NOT_ENDED
    if not [line for line in members.splitlines() if line.strip()]:
        errors["members"] = NEEDS_MEMBERS
    if not chair.strip():
        errors["chair"] = NEEDS_CHAIR
    if not could_work and not explanation.strip():
        errors["explanation"] = NEEDS_EXPLANATION
    if errors:
        raise ValidationError(errors)
    record, _created = CommitteeYear.objects.update_or_create(
        year=year,
        defaults={
            "members": "\n".join(line.strip() for line in members.splitlines() if line.strip()),
            "chair": chair.strip(),
            "chair_independent": chair_independent,
            "could_work": could_work,
            "explanation": explanation.strip(),
            "recommendations": recommendations.strip(),
            "updated_at": at,
            "updated_by": by,
        },
    )
    return record


# --- what the committee handled -----------------------------------------------------------


@dataclass
class CommitteeFigures:
    """The complaints that reached the Jeugdwet complaints committee in a year (R5, R6)."""

    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    measures: int = 0
    handling: list[str] = field(default_factory=list)


def committee_dossiers(scope: Scope):
    """Jeugdwet complaints of the scope that reached the committee: its judgment is recorded
    (the `committee` action) or an escalation to it is. Not all Jeugdwet complaints."""
    jeugdwet = Scope(year=scope.year, region_id=scope.region_id, jeugdwet=True)
    reached = Q(judgments__by_committee=True) | Q(escalations__body=Escalation.Body.COMMITTEE)
    return (
        scope_dossiers(jeugdwet)
        .filter(kind=Kind.COMPLAINT, framework=LegalFramework.JEUGDWET)
        .filter(reached)
        .distinct()
    )


def committee_figures(scope: Scope) -> CommitteeFigures:
    dossiers = list(committee_dossiers(scope).select_related("category").order_by("received_at"))
    figures = CommitteeFigures(total=len(dossiers))
    ids = [f.pk for f in dossiers]
    figures.by_category = dict(
        Counter(f.category.name if f.category_id else "zonder onderwerp" for f in dossiers)
    )
    latest: dict[int, Judgment] = {}
    for judgment in Judgment.objects.filter(feedback_id__in=ids, by_committee=True).order_by(
        "decided_on", "pk"
    ):
        latest[judgment.feedback_id] = judgment
    figures.by_outcome = dict(Counter(OUTCOME_LABELS[j.outcome] for j in latest.values()))
    figures.measures = Measure.objects.filter(judgment__in=[j.pk for j in latest.values()]).count()
    figures.handling = [f.report_handling.strip() for f in dossiers if f.report_handling.strip()]
    return figures


# --- the report's sections ----------------------------------------------------------------


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _committee_markdown(year: int, organisation: Organisation) -> str:
    intro = organisation.committee_text.strip()
    record = committee_year_get(year)
    parts = [intro] if intro else []
    if record is None:
        parts.append(f"**Ontbreekt:** {COMMITTEE_MISSING.format(year=year)}")
        return "\n\n".join(parts)
    members = record.member_list
    parts.append(
        f"In {year} had de klachtencommissie {_plural(len(members), 'lid', 'leden')}: "
        + ", ".join(members)
        + "."
    )
    chair = f"De voorzitter was {record.chair}. "
    if record.chair_independent:
        chair += f"De voorzitter werkt niet bij of voor {organisation.name}."
    else:
        chair += f"De voorzitter was niet onafhankelijk van {organisation.name}."
    parts.append(chair)
    if len(members) < 3:
        parts.append("De Jeugdwet vraagt een commissie van ten minste drie leden.")
    if record.could_work:
        work = f"De commissie kon haar werk in {year} doen."
    else:
        work = f"De commissie kon haar werk in {year} niet goed doen."
    if record.explanation:
        work += f" {record.explanation}"
    parts.append(work)
    return "\n\n".join(parts)


def _handled_markdown(year: int, figures: CommitteeFigures, record: CommitteeYear | None) -> str:
    if not figures.total:
        parts = [f"In {year} heeft de klachtencommissie geen klachten over ons behandeld."]
    else:
        parts = [
            f"In {year} behandelde de klachtencommissie "
            f"{_plural(figures.total, 'klacht', 'klachten')} over ons. Waar ze over gingen:",
            "\n".join(f"- {name}: {n}" for name, n in sorted(figures.by_category.items())),
        ]
        if figures.by_outcome:
            parts.append("Het oordeel van de commissie:")
            parts.append("\n".join(f"- {name}: {n}" for name, n in figures.by_outcome.items()))
    if record is not None and record.recommendations:
        parts.append(f"Aanbevelingen van de commissie: {record.recommendations}")
    elif record is not None:
        parts.append("De commissie deed geen aanbevelingen.")
    if figures.total:
        parts.append(
            "Na de oordelen van de commissie namen wij "
            f"{_plural(figures.measures, 'maatregel', 'maatregelen')}."
        )
        if figures.handling:
            parts.append("Zo handelden wij deze klachten af:")
            parts.append("\n".join(f"- {text}" for text in figures.handling))
    return "\n\n".join(parts)


def _recipients_markdown(year: int) -> str:
    labels = [str(kind.label) for kind in REQUIRED_RECIPIENTS[:3]]
    # No full date here: the personal-data check reads every date as a possible birth date.
    return (
        "Wij maken dit verslag openbaar binnen tien dagen nadat het is vastgesteld, en vóór "
        f"1 juni van het jaar na {year}. Wij sturen het naar {', '.join(labels)} en naar de "
        "regionale cliëntenorganisaties."
    )


def report_sections(scope: Scope) -> list[tuple[str, str]]:
    """(title, Markdown) of the sections only the Jeugdwet report has (R5)."""
    organisation = organisation_get()
    year = scope.year
    figures = committee_figures(scope)
    record = committee_year_get(year)
    return [
        ("De klachtencommissie", _committee_markdown(year, organisation)),
        ("Klachten bij de klachtencommissie", _handled_markdown(year, figures, record)),
        ("Openbaar maken en versturen", _recipients_markdown(year)),
    ]


def final_errors(report: AnnualReport) -> list[str]:
    """Why the Jeugdwet report cannot be made final (R5): the committee's year is missing."""
    if report.variant != Variant.JEUGDWET or committee_year_get(report.year) is not None:
        return []
    return [COMMITTEE_MISSING.format(year=report.year)]


def report_final_check(report: AnnualReport) -> None:
    """Raise the Dutch reason a Jeugdwet report cannot be made final (R5), if there is one."""
    errors = final_errors(report)
    if errors:
        raise ValidationError(errors)


# --- adoption, publication and recipients -------------------------------------------------


def _jeugdwet_report(report_id: int) -> AnnualReport:
    report = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report_id)
    if report.variant != Variant.JEUGDWET:
        raise ValidationError(NOT_JEUGDWET)
    return report


def _publication(report: AnnualReport) -> JeugdwetPublication:
    publication, _created = JeugdwetPublication.objects.get_or_create(report=report)
    return publication


@transaction.atomic
def jeugdwet_adopt(
    *, report_id: int, on: date, by: User, at: datetime | None = None
) -> JeugdwetPublication:
    """Record the day the final Jeugdwet report was adopted; it must be public within ten
    days and before 1 June (Jeugdwet 4.3.1–4.3.2, R5)."""
    at = _now(at)
    _not_future(on, "on", at)
    report = _jeugdwet_report(report_id)
    if report.is_draft:
        raise ValidationError(NOT_FINAL)
    publication = _publication(report)
    publication.adopted_on = on
    publication.save(update_fields=["adopted_on"])
    return publication


@transaction.atomic
def jeugdwet_publish(
    *, report_id: int, on: date, public_url: str = "", by: User, at: datetime | None = None
) -> JeugdwetPublication:
    """Record the day the adopted Jeugdwet report was made public, and where (R5). A late day
    is recorded as it was; the report page shows that it was late."""
    at = _now(at)
    _not_future(on, "on", at)
    publication = _publication(_jeugdwet_report(report_id))
    if publication.adopted_on is None:
        raise ValidationError(NOT_ADOPTED)
    if on < publication.adopted_on:
        raise ValidationError({"on": BEFORE_ADOPTION})
    publication.published_on, publication.public_url = on, public_url.strip()
    publication.save(update_fields=["published_on", "public_url"])
    return publication


@transaction.atomic
def jeugdwet_recipient_record(
    *,
    report_id: int,
    kind: str,
    on: date,
    name: str = "",
    by: User,
    at: datetime | None = None,
) -> JeugdwetRecipient:
    """Record that the final Jeugdwet report was sent to one recipient on `on` (R5: the
    Ministers of VWS and of JenV, the IGJ, each regional client organisation by name)."""
    at = _now(at)
    _not_future(on, "on", at)
    report = _jeugdwet_report(report_id)
    if report.is_draft:
        raise ValidationError(NOT_FINAL)
    name = name.strip() if kind == JeugdwetRecipient.Kind.CLIENT_ORGANISATION else ""
    if kind == JeugdwetRecipient.Kind.CLIENT_ORGANISATION and not name:
        raise ValidationError({"name": NEEDS_NAME})
    if JeugdwetRecipient.objects.filter(report=report, kind=kind, name=name).exists():
        raise ValidationError(ALREADY_RECORDED)
    return JeugdwetRecipient.objects.create(
        report=report, kind=kind, name=name, sent_on=on, recorded_at=at, recorded_by=by
    )


# --- where the report stands, and the reminder ----------------------------------------------


@dataclass
class JeugdwetState:
    """What the report page and the reminder say about a Jeugdwet report."""

    report: AnnualReport
    committee: CommitteeYear | None
    adopted_on: date | None
    published_on: date | None
    public_url: str
    publication_due: date
    recipients: list[JeugdwetRecipient]
    missing_recipients: list[str]
    published_late: bool
    overdue: bool  # not public and the deadline has passed

    @property
    def open_steps(self) -> list[str]:
        steps = []
        if self.committee is None:
            steps.append(f"de klachtencommissie van {self.report.year} invullen")
        if self.report.is_draft:
            steps.append("het verslag definitief maken")
        if self.adopted_on is None:
            steps.append("de datum van vaststelling invullen")
        if self.published_on is None:
            steps.append("het verslag openbaar maken")
        steps += [f"versturen naar {name}" for name in self.missing_recipients]
        return steps


def jeugdwet_state(report: AnnualReport, *, today: date | None = None) -> JeugdwetState:
    today = today or timezone.localdate()
    publication = JeugdwetPublication.objects.filter(report=report).first()
    adopted = publication.adopted_on if publication else None
    published = publication.published_on if publication else None
    due = rules.jeugdwet_publication_due(report.year, adopted)
    recipients = list(report.jeugdwet_recipients.all())
    have = {r.kind for r in recipients}
    missing = [str(k.label) for k in REQUIRED_RECIPIENTS if k not in have]
    return JeugdwetState(
        report=report,
        committee=committee_year_get(report.year),
        adopted_on=adopted,
        published_on=published,
        public_url=publication.public_url if publication else "",
        publication_due=due,
        recipients=recipients,
        missing_recipients=missing,
        published_late=published is not None and published > due,
        overdue=published is None and today > due,
    )


def _had_jeugdwet_complaints(year: int) -> bool:
    start, end = year_bounds(year)
    return Feedback.objects.filter(
        kind=Kind.COMPLAINT,
        framework=LegalFramework.JEUGDWET,
        is_restricted=False,
        received_at__gte=start,
        received_at__lt=end,
    ).exists()


def reminders_due(*, today: date) -> list[JeugdwetState]:
    """Jeugdwet reports of last year with an open step while their deadline nears or has
    passed: from 1 May (or a week before the ten days after adoption end) until every step
    is done. A year without Jeugdwet complaints and without a report needs nothing (R4)."""
    year = today.year - 1
    report = AnnualReport.objects.filter(
        year=year, variant=Variant.JEUGDWET, region__isnull=True
    ).first()
    if report is None:
        if not _had_jeugdwet_complaints(year):
            return []
        report = AnnualReport(year=year, variant=Variant.JEUGDWET)  # not started yet
        state = JeugdwetState(
            report=report,
            committee=committee_year_get(year),
            adopted_on=None,
            published_on=None,
            public_url="",
            publication_due=rules.report_due(year),
            recipients=[],
            missing_recipients=[str(k.label) for k in REQUIRED_RECIPIENTS],
            published_late=False,
            overdue=today > rules.report_due(year),
        )
    else:
        state = jeugdwet_state(report, today=today)
    if not state.open_steps:
        return []
    starts = rules.report_reminder_starts(year)
    if state.adopted_on is not None:
        starts = min(starts, state.publication_due - timedelta(days=REMIND_DAYS_BEFORE))
    return [state] if today >= starts else []


@transaction.atomic
def jeugdwet_reminders_send(*, today: date) -> int:
    """Mail the quality department (`access.recipients(TOLD_ANNUAL_REPORT)`: the quality lead
    and officers) once a day while last year's Jeugdwet report has an open step and its
    deadline nears or has passed (R5). Idempotent per day; returns the mails queued."""
    due = reminders_due(today=today)
    if not due:
        return 0
    state = due[0]
    start = timezone.make_aware(datetime.combine(today, time.min))
    context = {
        "year": state.report.year,
        "due": state.publication_due,
        "overdue": state.overdue,
        "steps": state.open_steps,
        "organisation": organisation_get(),
    }
    queued = 0
    for email in access.recipients(access.TOLD_ANNUAL_REPORT):
        earlier = OutboxMessage.objects.filter(
            kind="jeugdwet_report_reminder", to=email, created_at__gte=start
        )
        if not earlier.exists():
            message_queue(kind="jeugdwet_report_reminder", to=email, context=context)
            queued += 1
    return queued
