"""Receiving a klantreactie through the API, once per `Idempotency-Key`.

Stored by the same intake service as the web forms (`intake.services.intake_submit`). The key
is scoped to its caller: the signed-in user or token, or for the anonymous public endpoint the
caller's address, so two callers never share a key. Beside the key the dossier keeps a
fingerprint of what was sent (SHA-256 of the canonical, validated body): the same key with the
same body gives the first receipt again; with another body it is refused (422), never answered
with another dossier's reference (as Stripe does).
"""

import hashlib
import json
from datetime import date

from django.db.models import Model
from rest_framework.exceptions import ValidationError

from klachtwijs.api.errors import IdempotencyKeyReused
from klachtwijs.feedback.models import Channel, Feedback
from klachtwijs.feedback.services import Child
from klachtwijs.intake.services import intake_submit
from klachtwijs.organisation.models import User

HEADER = "Idempotency-Key"
BAD_KEY = "Gebruik een Idempotency-Key van 1 tot 200 zichtbare tekens."
NEXT_STEPS = (
    "Wij hebben uw klantreactie ontvangen. Binnen vijf werkdagen bekijkt de afdeling kwaliteit "
    "wat er nodig is en hoort u van ons. Heeft u een e-mailadres gegeven, dan krijgt u een "
    "ontvangstbevestiging met een privélink. Met die link kunt u volgen wat er gebeurt."
)
NEXT_STEPS_ANONYMOUS = (
    "Wij hebben uw anonieme melding ontvangen. De afdeling kwaliteit leest hem en bekijkt wat "
    "er nodig is. Een anonieme melding is geen klacht: er komt geen schriftelijk antwoord. "
    "Heeft u een e-mailadres gegeven, dan krijgt u een privélink."
)
NOT_STORED = ("website", "received_on")  # the honeypot; the day: `intake_submit(received_on=)`


def submission_key(request, *, caller: User | None) -> str | None:
    """The stored key for this request's `Idempotency-Key`, scoped to the caller: the user
    (a token is a user), or for an anonymous call the address it comes from."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    raw = raw.strip()
    if not raw or len(raw) > 200 or not raw.isprintable():
        raise ValidationError({HEADER: [BAD_KEY]})
    scope = f"user:{caller.pk}" if caller else f"public:{request.META.get('REMOTE_ADDR', '')}"
    return hashlib.sha256(f"api:{scope}:{raw}".encode()).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date):  # also datetime
        return value.isoformat()
    raise TypeError(type(value).__name__)


def fingerprint(data: dict) -> str:
    """SHA-256 of the validated body in one canonical form (sorted keys, ids for objects)."""
    canonical = json.dumps(
        data, default=_plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _same_request(feedback: Feedback, signature: str) -> Feedback:
    # An empty fingerprint: stored before fingerprints existed; the key alone decided then.
    if feedback.submission_fingerprint not in ("", signature):
        raise IdempotencyKeyReused
    return feedback


def receive(*, data: dict, key: str | None, created_by: User | None) -> tuple[Feedback, bool]:
    """Store the klantreactie (or find the one this key already made); True when new."""
    signature = fingerprint(data)
    if key and (existing := Feedback.objects.filter(submission_key=key).first()):
        return _same_request(existing, signature), False
    fields = {k: v for k, v in data.items() if k not in NOT_STORED}
    fields["children"] = [Child(**child) for child in data.get("children", [])]
    fields.setdefault("channel", Channel.API)
    feedback = intake_submit(
        receive={**fields, "created_by": created_by, "submission_fingerprint": signature},
        files=[],
        submission_key=key,
        received_on=data.get("received_on"),
    )
    # A second request with this key at the same moment may have won (intake_submit).
    return _same_request(feedback, signature), True


def receipt(feedback: Feedback) -> dict:
    return {
        "reference": feedback.reference,
        "received_at": feedback.received_at,
        "acknowledgement_by_email": bool(feedback.submitter_email),
        "next_steps": NEXT_STEPS_ANONYMOUS if feedback.is_anonymous else NEXT_STEPS,
    }
