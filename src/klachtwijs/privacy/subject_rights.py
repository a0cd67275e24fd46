"""The rights of a parent over their data (AVG art. 15 and 17): see everything held, and have it
erased where no retention duty stands in the way. Both are recorded in the access log with the
staff member who ran them (LEGAL.md P3, NEN 7513): `by` is required, every door passes it.

Mail from the parent that waits unmatched in the reply mailbox (`klachtwijs.mailin`) is part
of their data: shown in the export and erased with the rest.

Whether the person asking may exercise the right for a dossier about a child is decided by
`feedback.minors.request_refusal` (LEGAL.md P4, Jeugdwet 7.3.4–7.3.5); a refused dossier is
left out of the export and held back from erasing, with the reason."""

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.models import AccessLog
from klachtwijs.feedback import minors
from klachtwijs.feedback.models import Document, Event, Feedback, Judgment
from klachtwijs.feedback.services import feedback_anonymise
from klachtwijs.mailin.selectors import mail_from
from klachtwijs.mailin.services import mail_erase_from
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import User
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
        "geschreven_door": feedback.get_submitter_role_display(),
        "leeftijd_kind": feedback.get_age_band_display(),
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


def refusals(
    dossiers: list[Feedback], *, erase: bool, both_agree: bool = False, young_person_agrees=False
) -> dict[int, str]:
    """Per dossier id, why the person asking (its writer) may not exercise the right (P4)."""
    reasons = {
        feedback.pk: minors.request_refusal(
            age_band=feedback.age_band,
            submitter_role=feedback.submitter_role,
            erase=erase,
            both_agree=both_agree,
            young_person_agrees=young_person_agrees,
        )
        for feedback in dossiers
    }
    return {pk: reason for pk, reason in reasons.items() if reason}


def subject_data(email: str, *, young_person_agrees: bool = False) -> tuple[list[Feedback], dict]:
    """Everything held about the parent with `email` as a plain dict (and the dossiers).

    A dossier the person asking may not see (P4) is left out, with the reason under
    "niet_gegeven", and so is the mail about it."""
    found = list(
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
    refused = refusals(found, erase=False, young_person_agrees=young_person_agrees)
    dossiers = [f for f in found if f.pk not in refused]
    messages = OutboxMessage.objects.filter(to__iexact=email.strip()).order_by("created_at", "pk")
    messages = messages.exclude(feedback_id__in=refused)
    # Mail about a meldcode dossier on the person asking stays out: they may not learn of it
    # (LEGAL.md M2; the right of access yields to others' protection, UAVG art. 41).
    messages = messages.exclude(feedback__concerned_employee__email__iexact=email.strip())
    # Mail from the parent that found no dossier yet (issue 15's reply mailbox) is theirs too,
    # unless it is about a dossier left out above.
    waiting = mail_from(email).exclude(feedback_id__in=refused)
    data = {
        "e_mailadres": email.strip(),
        "gemaakt_op": _iso(timezone.now()),
        "dossiers": [_dossier(f) for f in dossiers],
        "niet_gegeven": [
            {"kenmerk": f.reference, "reden": refused[f.pk]} for f in found if f.pk in refused
        ],
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
        "e_mail_zonder_dossier": [
            {
                "ontvangen_op": _iso(m.received_at),
                "onderwerp": m.subject,
                "tekst": m.text,
                "bijlagen": m.attachment_names,
            }
            for m in waiting
        ],
    }
    return dossiers, data


def _log(action: str, *, by, dossier_ids: list[int], detail: str) -> None:
    for feedback_id in dossier_ids or [None]:
        access_log_record(user=by, action=action, feedback_id=feedback_id, detail=detail)


BY_REQUIRED = "Wie dit doet, moet bekend zijn: het komt in het toegangslog (NEN 7513)."


def _require_by(by: User | None) -> User:
    if by is None or by.pk is None:
        raise ValueError(BY_REQUIRED)
    return by


def subject_export(email: str, *, by: User, young_person_agrees: bool = False) -> dict:
    """Everything held about a parent, by e-mail address; logged (one row per dossier) with
    the staff member who made it (`by`, required).

    `young_person_agrees`: the young person (16 or older) consents to a parent's request."""
    _require_by(by)
    dossiers, data = subject_data(email, young_person_agrees=young_person_agrees)
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

    from klachtwijs.core.url_fetcher import restricted_url_fetcher

    html = render_to_string("privacy/subject_export.html", {"data": data})
    # The parent's own texts are in it: they may load nothing (core/url_fetcher.py).
    return HTML(string=html, url_fetcher=restricted_url_fetcher()).write_pdf()


@dataclass
class EraseResult:
    erased: list[Decision] = field(default_factory=list)
    held: list[Decision] = field(default_factory=list)
    # Unmatched mail from the parent whose content was (or, dry run: would be) erased.
    mail_erased: int = 0


def subject_erase(
    email: str,
    *,
    by: User,
    dry_run: bool = False,
    both_agree: bool = False,
    young_person_agrees: bool = False,
) -> EraseResult:
    """Anonymise the parent's dossiers where nothing holds them back: not while a dossier is
    open, an escalation runs, or the report it belongs in has not been sent (LEGAL.md P2, the
    same rule as retention: `retention.decide`; each held dossier says from when it can be
    erased, `Decision.from_when`), nor when the person asking may not decide for the child (P4;
    `both_agree`: child and parents both want it, 12–15; `young_person_agrees`: the young
    person consents, 16 and older). Logged with the staff member who ran it (`by`, required)."""
    _require_by(by)
    result = EraseResult()
    dossiers = list(by_email(email))
    refused = refusals(
        dossiers, erase=True, both_agree=both_agree, young_person_agrees=young_person_agrees
    )
    for decision in decide(dossiers):
        if decision.feedback_id in refused:
            reason = refused[decision.feedback_id]
            decision = replace(decision, held_because=(reason, *decision.held_because))
        if not decision.may_anonymise:
            result.held.append(decision)
            continue
        if not dry_run:
            feedback_anonymise(feedback_id=decision.feedback_id, by=by)
        result.erased.append(decision)
    erased_ids = {d.feedback_id for d in result.erased}
    if dry_run:
        result.mail_erased = sum(
            1 for m in mail_from(email) if m.feedback_id is None or m.feedback_id in erased_ids
        )
    else:
        with transaction.atomic():
            result.mail_erased = mail_erase_from(email, erased_feedback_ids=erased_ids)
        _log(
            AccessLog.Action.SUBJECT_ERASE,
            by=by,
            dossier_ids=[d.feedback_id for d in result.erased + result.held],
            detail=(
                f"wissen: {len(result.erased)} gewist, {len(result.held)} tegengehouden, "
                f"{result.mail_erased} e-mail(s) zonder dossier"
            ),
        )
    return result
