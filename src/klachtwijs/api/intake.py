"""Receiving a klantreactie through the API, once per `Idempotency-Key`."""

import hashlib

from django.db import IntegrityError
from rest_framework.exceptions import ValidationError

from klachtwijs.feedback.models import Channel, Feedback
from klachtwijs.feedback.services import Child, feedback_receive
from klachtwijs.organisation.models import User

HEADER = "Idempotency-Key"
BAD_KEY = "Gebruik een Idempotency-Key van 1 tot 200 zichtbare tekens."
NEXT_STEPS = (
    "Wij hebben uw klantreactie ontvangen. Binnen vijf werkdagen bekijkt de afdeling kwaliteit "
    "wat er nodig is en hoort u van ons. Heeft u een e-mailadres gegeven, dan krijgt u een "
    "ontvangstbevestiging met een privélink. Met die link kunt u volgen wat er gebeurt."
)


def submission_key(request, *, caller: User | None) -> str | None:
    """The stored key for this request's `Idempotency-Key`, scoped to the caller."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    raw = raw.strip()
    if not raw or len(raw) > 200 or not raw.isprintable():
        raise ValidationError({HEADER: [BAD_KEY]})
    scope = f"user:{caller.pk}" if caller else "public"
    return hashlib.sha256(f"api:{scope}:{raw}".encode()).hexdigest()


def receive(*, data: dict, key: str | None, created_by: User | None) -> tuple[Feedback, bool]:
    """Store the klantreactie (or find the one this key already made); True when new."""
    if key and (existing := Feedback.objects.filter(submission_key=key).first()):
        return existing, False
    fields = {k: v for k, v in data.items() if k != "website"}
    fields["children"] = [Child(**child) for child in data.get("children", [])]
    try:
        feedback = feedback_receive(
            **fields, channel=Channel.API, created_by=created_by, submission_key=key
        )
    except IntegrityError:
        # The same key at the same moment from a second request: that one won.
        existing = Feedback.objects.filter(submission_key=key).first() if key else None
        if existing is None:
            raise
        return existing, False
    return feedback, True


def receipt(feedback: Feedback) -> dict:
    return {
        "reference": feedback.reference,
        "received_at": feedback.received_at,
        "acknowledgement_by_email": bool(feedback.submitter_email),
        "next_steps": NEXT_STEPS,
    }
