"""The rights of a parent over their data (AVG art. 15 and 17): see everything held, and have it
erased where no retention duty stands in the way. Both are recorded in the access log."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.models import AccessLog
from klachtwijs.feedback.models import Document, Event, Feedback, Judgment
from klachtwijs.feedback.services import feedback_anonymise
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.privacy.retention import Decision, by_email, decide


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _dossier(feedback: Feedback) -> dict:
    return {
        "kenmerk": feedback.reference,
        "soort": feedback.get_kind_display(),
        "status": feedback.get_status_display(),
        "vestiging": feedback.location.name,
        "dienst": feedback.service.name,
        "categorie": feedback.category.name if feedback.category_id else None,
        "ontvangen_op": _iso(feedback.received_at),
        "afgesloten_op": _iso(feedback.closed_at),
        "sinds_wanneer": _iso(feedback.happened_on),
        "wat_is_er_gebeurd": feedback.description,
        "wat_zou_helpen": feedback.desired_outcome,
        "naam": feedback.submitter_name,
        "e_mailadres": feedback.submitter_email,
        "telefoon": feedback.submitter_phone,
        "contact_bij_voorkeur": feedback.get_contact_preference_display(),
        "kinderen": feedback.children,
        "tevredenheid": feedback.satisfaction,
        "toelichting_tevredenheid": feedback.satisfaction_comment,
        "tijdlijn": [
            {"tijdstip": _iso(e.at), "soort": e.get_kind_display(), "tekst": e.text}
            for e in feedback.parent_events
        ],
        "oordelen": [
            {
                "oordeel": j.get_outcome_display(),
                "datum": _iso(j.decided_on),
                "motivering": j.reasoning,
            }
            for j in feedback.judgments.all()
        ],
        "documenten": [
            {
                "bestandsnaam": d.filename,
                "soort": d.get_kind_display(),
                "toegevoegd_op": _iso(d.created_at),
            }
            for d in feedback.documents.all()
        ],
    }


def subject_data(email: str) -> tuple[list[Feedback], dict]:
    """Everything held about the parent with `email` as a plain dict (and the dossiers)."""
    dossiers = list(
        by_email(email)
        .select_related("service", "category")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=Event.objects.filter(visible_to_parent=True).order_by("at", "pk"),
                to_attr="parent_events",
            ),
            Prefetch("judgments", queryset=Judgment.objects.order_by("decided_on", "pk")),
            Prefetch("documents", queryset=Document.objects.order_by("created_at", "pk")),
        )
    )
    messages = OutboxMessage.objects.filter(to__iexact=email.strip()).order_by("created_at", "pk")
    # Mail about a meldcode dossier on the person asking stays out: they may not learn of it
    # (LEGAL.md M2; the right of access yields to others' protection, UAVG art. 41).
    messages = messages.exclude(feedback__concerned_employee__email__iexact=email.strip())
    data = {
        "e_mailadres": email.strip(),
        "gemaakt_op": _iso(timezone.now()),
        "dossiers": [_dossier(f) for f in dossiers],
        "berichten": [
            {
                "onderwerp": m.subject,
                "aan": m.to,
                "aangemaakt_op": _iso(m.created_at),
                "verzonden_op": _iso(m.sent_at),
                "tekst": m.body_text,
            }
            for m in messages
        ],
    }
    return dossiers, data


def _log(action: str, *, by, dossier_ids: list[int], detail: str) -> None:
    for feedback_id in dossier_ids or [None]:
        access_log_record(user=by, action=action, feedback_id=feedback_id, detail=detail)


def subject_export(email: str, *, by=None) -> dict:
    """Everything held about a parent, by e-mail address; logged (one row per dossier)."""
    dossiers, data = subject_data(email)
    _log(
        AccessLog.Action.SUBJECT_EXPORT,
        by=by,
        dossier_ids=[f.pk for f in dossiers],
        detail=f"inzage: {len(dossiers)} dossier(s), {len(data['berichten'])} bericht(en)",
    )
    return data


def subject_export_pdf(data: dict) -> bytes:
    """The export as a simple PDF (WeasyPrint)."""
    from weasyprint import HTML

    html = render_to_string("privacy/subject_export.html", {"data": data})
    return HTML(string=html).write_pdf()


@dataclass
class EraseResult:
    erased: list[Decision] = field(default_factory=list)
    held: list[Decision] = field(default_factory=list)


def subject_erase(email: str, *, by=None, dry_run: bool = False) -> EraseResult:
    """Anonymise the parent's dossiers where nothing holds them back: not while a dossier is
    open, an escalation runs, or the report it belongs in has not been sent (LEGAL.md P2, the
    same rule as retention: `retention.decide`). Each held dossier says from when it can be
    erased (`Decision.from_when`)."""
    result = EraseResult()
    for decision in decide(by_email(email)):
        if not decision.may_anonymise:
            result.held.append(decision)
            continue
        if not dry_run:
            feedback_anonymise(feedback_id=decision.feedback_id, by=by)
        result.erased.append(decision)
    if not dry_run:
        _log(
            AccessLog.Action.SUBJECT_ERASE,
            by=by,
            dossier_ids=[d.feedback_id for d in result.erased + result.held],
            detail=f"wissen: {len(result.erased)} gewist, {len(result.held)} tegengehouden",
        )
    return result
