"""Retention (LEGAL.md P2): anonymise a dossier a configured time after closing.

A closed dossier is anonymised `RETENTION_DAYS` (default 730) after it closed, but never before
the annual report of the year it counts in (its year of receipt) has been sent, and never while
an escalation or dispute is still open. The same holds for a parent's request to erase
(`subject_rights.subject_erase`), which does not wait for the term.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from klachtwijs.core.retention import retention_days
from klachtwijs.feedback.models import Escalation, Feedback, Status
from klachtwijs.feedback.services import feedback_anonymise

HELD_OPEN = "het dossier is nog niet afgesloten"
HELD_ESCALATION = "er loopt nog een escalatie of geschil"
HELD_REPORT = "het jaarverslag over {year} is nog niet verstuurd"


@dataclass(frozen=True)
class Decision:
    feedback_id: int
    reference: str
    held_because: tuple[str, ...] = ()

    @property
    def may_anonymise(self) -> bool:
        return not self.held_because


@dataclass
class RetentionResult:
    anonymised: list[Decision] = field(default_factory=list)
    held: list[Decision] = field(default_factory=list)


def with_open_escalation(queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
    open_escalation = Escalation.objects.filter(feedback=OuterRef("pk"), ended_on__isnull=True)
    return queryset.annotate(has_open_escalation=Exists(open_escalation))


def reports_sent() -> set[tuple[int, int | None]]:
    """(year, region id) pairs whose annual report has been sent; region None: the whole
    organisation's report, which covers every region."""
    from klachtwijs.reports.models import AnnualReport, ReportSending

    sent = set(AnnualReport.objects.filter(sent_on__isnull=False).values_list("year", "region_id"))
    sent |= set(ReportSending.objects.values_list("report__year", "region_id"))
    return sent


def decide(dossiers: Iterable[Feedback]) -> list[Decision]:
    """Why each dossier (annotated by `with_open_escalation`, with its location) must wait,
    if it must."""
    sent = reports_sent()
    decisions = []
    for feedback in dossiers:
        year = timezone.localtime(feedback.received_at).year
        reasons = []
        if feedback.status != Status.CLOSED:
            reasons.append(HELD_OPEN)
        if feedback.has_open_escalation:
            reasons.append(HELD_ESCALATION)
        if (year, None) not in sent and (year, feedback.location.region_id) not in sent:
            reasons.append(HELD_REPORT.format(year=year))
        decisions.append(Decision(feedback.pk, feedback.reference, tuple(reasons)))
    return decisions


def due_for_retention(*, now: datetime | None = None) -> QuerySet[Feedback]:
    """Closed, not yet anonymised dossiers whose term has passed."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    return with_open_escalation(
        Feedback.objects.filter(
            status=Status.CLOSED, closed_at__lte=cutoff, anonymised_at__isnull=True
        ).select_related("location")
    ).order_by("closed_at", "pk")


def retention_apply(*, dry_run: bool = False, by=None) -> RetentionResult:
    """Anonymise every dossier whose term has passed and that nothing holds back.

    With `dry_run` nothing changes: the result says what would happen.
    """
    result = RetentionResult()
    for decision in decide(due_for_retention()):
        if not decision.may_anonymise:
            result.held.append(decision)
            continue
        if not dry_run:
            feedback_anonymise(feedback_id=decision.feedback_id, by=by)
        result.anonymised.append(decision)
    return result


def by_email(email: str) -> QuerySet[Feedback]:
    """Not yet anonymised dossiers of the parent with this e-mail address (case-insensitive)."""
    email = email.strip()
    if not email:
        return Feedback.objects.none()
    return with_open_escalation(
        Feedback.objects.filter(submitter_email__iexact=email, anonymised_at__isnull=True)
        .select_related("location")
        .filter(~Q(submitter_email=""))
    ).order_by("received_at", "pk")
