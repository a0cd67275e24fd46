"""Which dossier events other systems can subscribe to, and what they are told.

The events are the workflow's own actions (`workflow.TRANSITIONS`) plus `receive`, the entry
of a new klantreactie: one source of truth, so a new action is an event the moment it exists.
Actions that only exist in the meldcode route are not events, and a restricted (meldcode)
dossier sends nothing at all: that route stops the ordinary procedure and is seen only by the
people on it (LEGAL.md M2, M4).

`event_fire` is called from one place, `services._base._event`, where every service writes the
timeline entry of its action; so the web, the API, the admin, commands, the importer and mail-in
all fire the same events. Payloads hold only ids, reference, kind, location, service, status
and dates, unless the subscription may carry personal data (LEGAL.md P1: minimal data).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import Event, Feedback, Status
from klachtwijs.webhooks import catalogue
from klachtwijs.webhooks.services import deliveries_queue

RECEIVE = "receive"


def _meldcode_only(t: workflow.Transition) -> bool:
    return t.target == Status.MELDCODE or t.sources <= {Status.MELDCODE}


EVENTS: tuple[str, ...] = (
    RECEIVE,
    *(t.action for t in workflow.TRANSITIONS.values() if not _meldcode_only(t)),
)

# Dutch names on the settings page; an event without one shows its code.
LABELS = {
    RECEIVE: _("Ontvangen"),
    "register": _("Geregistreerd"),
    "assign": _("Behandelaar toegewezen"),
    "judge": _("Oordeel gegeven"),
    "committee": _("Oordeel van de klachtencommissie"),
    "close": _("Afgesloten na oordeel"),
    "resolve": _("Afgesloten zonder oordeel"),
    "withdraw": _("Ingetrokken"),
    "reopen": _("Heropend"),
    "extend": _("Termijn verlengd"),
    "contact": _("Contact vastgelegd"),
    "note": _("Interne notitie"),
    "message": _("Bericht aan de ouder"),
    "situation": _("Gekoppeld als één situatie"),
    "escalation": _("Escalatie vastgelegd of beëindigd"),
    "correct_service": _("Dienst gecorrigeerd"),
    "report_texts": _("Teksten voor het jaarverslag"),
    "measure": _("Maatregelen na het oordeel van de commissie"),
    "measure_done": _("Maatregel afgerond"),
    "share_team": _("Gedeeld met het team"),
    "parent_info": _("Aanvulling van de ouder"),
    "rate": _("Beoordeling door de ouder"),
    "measure_answer": _("Antwoord van de ouder over een maatregel"),
}


def register_events() -> None:
    """Give the webhooks app the list (it sits below this app and cannot read the workflow)."""
    catalogue.register({event: LABELS.get(event, event) for event in EVENTS})


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def payload(feedback: Feedback, event: Event, *, personal: bool) -> dict[str, object]:
    """What a subscription is told. Without `personal`: no names, contact details or free text
    (the location's and service's names are the organisation's own, not a person's)."""
    dossier: dict[str, object] = {
        "id": feedback.pk,
        "reference": feedback.reference,
        "kind": feedback.kind,
        "status": feedback.status,
        "framework": feedback.framework,
        "location": {"id": feedback.location_id, "name": feedback.location.name},
        "service": {"id": feedback.service_id, "name": feedback.service.name},
        "category_id": feedback.category_id,
        "channel": feedback.channel,
        "received_at": _iso(feedback.received_at),
        "registered_at": _iso(feedback.registered_at),
        "answer_due": _iso(feedback.answer_due),
        "extended_until": _iso(feedback.extended_until),
        "answered_at": _iso(feedback.answered_at),
        "closed_at": _iso(feedback.closed_at),
        "closure_reason": feedback.closure_reason,
        "handler_id": feedback.handler_id,
    }
    data: dict[str, object] = {
        "occurred_at": _iso(event.at),
        "dossier": dossier,
        "timeline": {
            "id": event.pk,
            "kind": event.kind,
            "from_status": event.from_status,
            "to_status": event.to_status,
        },
        "personal_data": personal,
    }
    if personal:
        dossier.update(
            submitter_name=feedback.submitter_name,
            submitter_email=feedback.submitter_email,
            submitter_phone=feedback.submitter_phone,
            description=feedback.description,
            desired_outcome=feedback.desired_outcome,
            handler_name=feedback.handler.get_full_name() if feedback.handler else "",
        )
        # Only what the parent may read too: internal notes and contacts stay inside.
        data["timeline"]["text"] = event.text if event.visible_to_parent else ""
    return data


def event_fire(feedback: Feedback, action: str, event: Event) -> None:
    """Queue the webhook deliveries of `action` on `feedback`, in the service's transaction."""
    if action not in EVENTS or feedback.is_restricted:
        return
    deliveries_queue(
        event=action,
        feedback=feedback,
        at=event.at or timezone.now(),
        payload=lambda personal: payload(feedback, event, personal=personal),
    )
