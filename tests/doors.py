"""One dossier action through either door, and what it left behind, for parity tests.

`do_web` posts the back office's form, `do_api` the API's JSON, both from one API-shaped body
(`{"outcome": ..., "measures": [{"description", "owner", "due_date"}]}`), so a test states the
action once and runs it through every door. `footprint` is what an action leaves that the
parent or staff can notice: the Event kinds, the Document kinds and the outbox mails.
"""

from dataclasses import dataclass
from datetime import date

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Feedback
from klachtwijs.notifications.models import OutboxMessage

API_BASE = "/api/v1/klantreacties/"
# Actions the API does under another path: (path, extra body).
API_ROUTE: dict[str, tuple[str, dict]] = {
    "committee": ("judge", {"by_committee": True}),
    "escalation": ("escalations", {}),
}
MEASURE_PREFIX = "maatregel"
MEASURE_FORMS = 5


def _form_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def web_form(body: dict) -> dict:
    """The API body as the back office's POST: measures become the measure formset."""
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
        return _form_value(value)

    return plain(body)


def do_web(client: Client, action: str, feedback: Feedback, body: dict):
    """POST the back office's form for `action` (its URL name in the `staff` namespace)."""
    return client.post(reverse(f"staff:{action}", args=[feedback.pk]), web_form(body))


def do_api(client: APIClient, action: str, feedback: Feedback, body: dict):
    """POST the API's endpoint for `action` (`committee` is `judge/` with `by_committee`)."""
    path, extra = API_ROUTE.get(action, (action, {}))
    url = f"{API_BASE}{feedback.pk}/{path}/"
    return client.post(url, {**api_body(body), **extra}, format="json")


@dataclass(frozen=True)
class Footprint:
    events: list[str]
    documents: list[str]
    mails: list[tuple[str, str]]


def footprint(feedback: Feedback, *, after_event: int = 0) -> Footprint:
    """Event kinds (after the event with pk `after_event`), Document kinds and outbox mails
    (kind, recipient) of the dossier, in the order they were written."""
    return Footprint(
        events=list(
            feedback.events.filter(pk__gt=after_event).order_by("pk").values_list("kind", flat=True)
        ),
        documents=list(feedback.documents.order_by("pk").values_list("kind", flat=True)),
        mails=list(
            OutboxMessage.objects.filter(feedback=feedback).order_by("pk").values_list("kind", "to")
        ),
    )


def last_event(feedback: Feedback) -> int:
    last = feedback.events.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0
