"""Retention (LEGAL.md P2): anonymise a dossier a configured time after closing.

A closed dossier is anonymised `RETENTION_DAYS` (default 730) after it closed, but never before
the report it belongs in has been sent, and never while an escalation or dispute is still open
(AVG 5(1)(e); the report duty of Wko 1.57b lid 4 and 8, Jeugdwet 4.3.1). Which report that is
the reports app decides (`reports.selectors.report_ref`, `ReportLedger`): a Wet kinderopvang
(or Wkkgz) dossier the GGD report of its year and its location's region, a Jeugdwet dossier the
Jeugdwet report of its year; a year without complaints needs no report (Wko 1.57b lid 9) and
holds nothing back. The same holds for a parent's request to erase
(`subject_rights.subject_erase`), which does not wait for the term and says from when it can.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import formats, timezone, translation

from klachtwijs.core.retention import retention_days, retention_purges_run
from klachtwijs.feedback import rules
from klachtwijs.feedback.models import Escalation, Feedback, Status
from klachtwijs.feedback.services import feedback_anonymise
from klachtwijs.organisation.models import Region
from klachtwijs.reports.models import Variant
from klachtwijs.reports.selectors import ReportLedger, report_ref

HELD_OPEN = "het dossier is nog niet afgesloten"
HELD_ESCALATION = "er loopt nog een escalatie of geschil"
HELD_REPORT = "het jaarverslag over {year} is nog niet verstuurd naar de GGD ({region})"
HELD_JEUGDWET_REPORT = "het Jeugdwet-jaarverslag over {year} is nog niet verstuurd"
WHEN_CLOSED = "het dossier is afgesloten"
WHEN_ESCALATION = "de escalatie of het geschil is afgerond"
WHEN_REPORT = "dat jaarverslag is verstuurd (dat moet uiterlijk {due})"


@dataclass(frozen=True)
class Decision:
    feedback_id: int
    reference: str
    held_because: tuple[str, ...] = ()
    # What must happen first, in the same order as `held_because` (Dutch, for the parent).
    held_until: tuple[str, ...] = ()

    @property
    def may_anonymise(self) -> bool:
        return not self.held_because

    @property
    def from_when(self) -> str:
        """From when it can be done, in Dutch: "Dit kan zodra ... en ..."."""
        if not self.held_until:
            return ""
        return "Dit kan zodra " + " en zodra ".join(self.held_until) + "."


@dataclass
class RetentionResult:
    anonymised: list[Decision] = field(default_factory=list)
    held: list[Decision] = field(default_factory=list)
    # Personal data kept outside the dossiers, cleared by the purges other apps register in
    # core/retention.py (e.g. "mailin": unmatched mail), by name.
    purged: dict[str, int] = field(default_factory=dict)


def with_open_escalation(queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
    open_escalation = Escalation.objects.filter(feedback=OuterRef("pk"), ended_on__isnull=True)
    return queryset.annotate(has_open_escalation=Exists(open_escalation))


def _dutch_date(day) -> str:
    with translation.override("nl"):
        return formats.date_format(day, "j F Y")


def decide(dossiers: Iterable[Feedback]) -> list[Decision]:
    """Why each dossier (annotated by `with_open_escalation`, with its location) must wait,
    if it must, and until what. The reports are read once, whatever the number of dossiers."""
    ledger = ReportLedger()
    region_names = dict(Region.objects.values_list("pk", "name"))
    decisions = []
    for feedback in dossiers:
        reasons, until = [], []
        if feedback.status != Status.CLOSED:
            reasons.append(HELD_OPEN)
            until.append(WHEN_CLOSED)
        if feedback.has_open_escalation:
            reasons.append(HELD_ESCALATION)
            until.append(WHEN_ESCALATION)
        ref = report_ref(feedback)
        if ledger.waiting_for(ref):
            if ref.variant == Variant.JEUGDWET:
                reasons.append(HELD_JEUGDWET_REPORT.format(year=ref.year))
            else:
                region = region_names.get(ref.region_id, "")
                reasons.append(HELD_REPORT.format(year=ref.year, region=region))
            until.append(WHEN_REPORT.format(due=_dutch_date(rules.report_due(ref.year))))
        decisions.append(Decision(feedback.pk, feedback.reference, tuple(reasons), tuple(until)))
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

    With `dry_run` nothing changes: the result says what would happen. After the dossiers,
    the purges registered in core/retention.py run (not in a dry run).
    """
    result = RetentionResult()
    for decision in decide(due_for_retention()):
        if not decision.may_anonymise:
            result.held.append(decision)
            continue
        if not dry_run:
            feedback_anonymise(feedback_id=decision.feedback_id, by=by)
        result.anonymised.append(decision)
    if not dry_run:
        result.purged = retention_purges_run(now=timezone.now())
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
