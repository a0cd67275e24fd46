"""One dossier action through either door, and what it left behind, for parity tests.

`do_web` posts the back office's form, `do_api` the API's JSON, both from one API-shaped body
(`{"outcome": ..., "measures": [{"description", "owner", "due_date"}]}`), so a test states the
action once and runs it through every door. `footprint` is what an action leaves that the
parent or staff can notice: the Event kinds, the Document kinds, the outbox mails and the
webhook deliveries (event names) to other systems.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Feedback
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.webhooks.models import WebhookDelivery

API_BASE = "/api/v1/klantreacties/"
# Every staff action's two doors. The web: the URL name in the `staff` namespace, and the body
# key (if any) whose id goes into the URL as `<key>_id` instead of the form. The API:
# `klantreacties/{id}/<path>/` with an extra body. `escalation_end` is the core's `escalation`
# (the end of a running one); it is here so tests can run it through both doors too.
WEB_ROUTE: dict[str, tuple[str, str | None]] = {
    "register": ("register", None),
    "assign": ("assign", None),
    "contact": ("contact", None),
    "note": ("note", None),
    "message": ("message", None),
    "extend": ("extend", None),
    "judge": ("judge", None),
    "committee": ("committee", None),
    "measure": ("committee_measures", None),
    "measure_done": ("measure_done", "measure"),
    "close": ("close", None),
    "resolve": ("resolve", None),
    "reopen": ("reopen", None),
    "withdraw": ("withdraw", None),
    "situation": ("situation", None),
    "escalation": ("escalation", None),
    "escalation_end": ("escalation_end", "escalation"),
    "report_texts": ("report_texts", None),
    "correct_service": ("correct_service", None),
    "share_team": ("share_team", None),
    "start_meldcode": ("meldcode_start", None),
    "meldcode": ("meldcode", None),
    "close_meldcode": ("meldcode_close", None),
    "meldcode_concerned": ("meldcode_concerned", None),
}
API_ROUTE: dict[str, tuple[str, dict]] = {
    **{action: (action, {}) for action in WEB_ROUTE},
    "committee": ("judge", {"by_committee": True}),
    "escalation": ("escalations", {}),
}
MEASURE_PREFIX = "maatregel"
MEASURE_FORMS = 5
WEB_DATETIME = "%Y-%m-%dT%H:%M"


def _form_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime(WEB_DATETIME)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _situation_form(data: dict) -> dict:
    """The API's `others` (ids) as the web form's `references` (dossier numbers)."""
    if "others" not in data:
        return data
    ids = [getattr(o, "pk", o) for o in data.pop("others")]
    references = Feedback.objects.filter(pk__in=ids).values_list("reference", flat=True)
    return {**data, "references": ", ".join(references)}


def web_form(body: dict) -> dict:
    """The API body as the back office's POST: measures become the measure formset."""
    body = _situation_form(dict(body))
    data = {k: _form_value(v) for k, v in body.items() if k != "measures"}
    measures = body.get("measures", [])
    data[f"{MEASURE_PREFIX}-TOTAL_FORMS"] = str(max(MEASURE_FORMS, len(measures)))
    data[f"{MEASURE_PREFIX}-INITIAL_FORMS"] = "0"
    for index, measure in enumerate(measures):
        for name, value in measure.items():
            data[f"{MEASURE_PREFIX}-{index}-{name}"] = _form_value(value)
    return data


def api_body(body: dict) -> dict:
    def plain(value: object) -> object:
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.isoformat()
        return _form_value(value)

    return plain(body)


def web_url(action: str, feedback: Feedback, body: dict | None = None) -> tuple[str, dict]:
    """The back office's URL for `action` on `feedback`, and the body without the id that
    went into the URL (`measure_done/<measure_id>/`)."""
    name, in_url = WEB_ROUTE[action]
    body = dict(body or {})
    kwargs = {"feedback_id": feedback.pk}
    if in_url is not None:
        value = body.pop(in_url, 0)
        kwargs[f"{in_url}_id"] = getattr(value, "pk", value) or 0
    return reverse(f"staff:{name}", kwargs=kwargs), body


def api_url(action: str, feedback: Feedback) -> tuple[str, dict]:
    path, extra = API_ROUTE[action]
    return f"{API_BASE}{feedback.pk}/{path}/", extra


def do_web(client: Client, action: str, feedback: Feedback, body: dict):
    """POST the back office's form for `action` (WEB_ROUTE)."""
    url, body = web_url(action, feedback, body)
    return client.post(url, web_form(body))


def do_api(client: APIClient, action: str, feedback: Feedback, body: dict):
    """POST the API's endpoint for `action` (`committee` is `judge/` with `by_committee`)."""
    url, extra = api_url(action, feedback)
    return client.post(url, {**api_body(body), **extra}, format="json")


def web_succeeded(response) -> bool:
    """The back office answers a done action with a redirect (PRG)."""
    return response.status_code == 302


def api_succeeded(response) -> bool:
    return response.status_code in (200, 201, 204)


@dataclass(frozen=True)
class Footprint:
    events: list[str]
    documents: list[str]
    mails: list[tuple[str, str]]
    webhooks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mark:
    """Where a dossier's trail stood: the last Event, Document and outbox mail."""

    event: int = 0
    document: int = 0
    mail: int = 0
    webhook: int = 0


def footprint(feedback: Feedback, *, after_event: int = 0, since: Mark | None = None) -> Footprint:
    """Event kinds (after the event with pk `after_event`), Document kinds and outbox mails
    (kind, recipient) of the dossier, in the order they were written; with `since`, only what
    came after that mark."""
    since = since or Mark(event=after_event)
    return Footprint(
        events=list(
            feedback.events.filter(pk__gt=since.event).order_by("pk").values_list("kind", flat=True)
        ),
        documents=list(
            feedback.documents.filter(pk__gt=since.document)
            .order_by("pk")
            .values_list("kind", flat=True)
        ),
        mails=list(
            OutboxMessage.objects.filter(feedback=feedback, pk__gt=since.mail)
            .order_by("pk")
            .values_list("kind", "to")
        ),
        webhooks=list(
            WebhookDelivery.objects.filter(feedback=feedback, pk__gt=since.webhook)
            .order_by("pk")
            .values_list("event", flat=True)
        ),
    )


def last_event(feedback: Feedback) -> int:
    last = feedback.events.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def mark(feedback: Feedback) -> Mark:
    def last(queryset) -> int:
        return queryset.order_by("-pk").values_list("pk", flat=True).first() or 0

    return Mark(
        event=last(feedback.events),
        document=last(feedback.documents),
        mail=last(OutboxMessage.objects.filter(feedback=feedback)),
        webhook=last(WebhookDelivery.objects.filter(feedback=feedback)),
    )
