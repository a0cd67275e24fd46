"""Suggestions for linking klantreacties as one situation: same location, close in time,
similar words. A simple score; the quality officer decides."""

import re
from collections.abc import Iterable
from datetime import timedelta

from django.db.models import QuerySet

from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Location

WINDOW = timedelta(days=30)
CLOSE = timedelta(days=7)
MAX_CANDIDATES = 200
MIN_SCORE = 2.0
# Short and very common Dutch words say nothing about the situation.
STOP_WORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "is",
        "op",
        "te",
        "dat",
        "die",
        "met",
        "voor",
        "niet",
        "zijn",
        "was",
        "er",
        "aan",
        "ook",
        "bij",
        "als",
        "maar",
        "om",
        "dan",
        "nog",
        "wel",
        "naar",
        "door",
        "over",
        "uit",
        "heeft",
        "hebben",
        "werd",
        "wordt",
        "zij",
        "hij",
        "wij",
        "ons",
        "onze",
        "mijn",
        "mijn",
        "haar",
        "hun",
        "deze",
        "dit",
        "geen",
        "meer",
        "veel",
        "zeer",
        "toen",
        "omdat",
        "wat",
        "wie",
        "waar",
        "hoe",
        "kind",
        "kinderen",
    ]
)
WORD = re.compile(r"[a-zà-ÿ]{4,}")


def _tokens(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP_WORDS}


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def score(feedback: Feedback, other: Feedback, *, tokens: set[str] | None = None) -> float:
    """Same location 2, within a week 1, and up to 4 for shared words (Jaccard overlap)."""
    tokens = _tokens(feedback.description) if tokens is None else tokens
    return _score(feedback, other.location_id, other.received_at, other.description, tokens)


def _score(feedback: Feedback, location_id, received_at, description: str, tokens) -> float:
    points = 2.0 if location_id == feedback.location_id else 0.0
    if abs(received_at - feedback.received_at) <= CLOSE:
        points += 1.0
    return points + 4.0 * _overlap(tokens, _tokens(description))


# The columns read per candidate: scored as plain tuples, only the chosen few become dossiers.
_COLUMNS = ("pk", "reference", "location_id", "received_at", "description", "situation_id")


def _as_dossier(row: tuple, location_name: str) -> Feedback:
    """A chosen candidate as a dossier with only these fields loaded (like `.only()`), its
    location's name attached, so the page and the situation form read it as before."""
    pk, reference, location_id, received_at, description, situation_id = row
    other = Feedback.from_db(
        "default",
        ["id", "reference", "location_id", "received_at", "description", "situation_id"],
        [pk, reference, location_id, received_at, description, situation_id],
    )
    other.location = Location.from_db("default", ["id", "name"], [location_id, location_name])
    return other


def situation_suggestions(
    *, feedback: Feedback, candidates: QuerySet[Feedback], limit: int = 5
) -> list[Feedback]:
    """The dossiers most likely about the same situation as `feedback`, best first.

    `candidates` is what the user may see (`access.feedback_visible`); one query, read as
    tuples (up to `MAX_CANDIDATES` model instances cost more than the rest of the dossier
    page: issue 18).
    """
    nearby: Iterable[tuple] = (
        candidates.exclude(pk=feedback.pk)
        .filter(
            is_restricted=False,
            received_at__gte=feedback.received_at - WINDOW,
            received_at__lte=feedback.received_at + WINDOW,
        )
        .order_by("-received_at")
        # Only what the score and the page's list use: a dossier has many large text fields.
        .values_list(*_COLUMNS, "location__name")[:MAX_CANDIDATES]
    )
    tokens = _tokens(feedback.description)
    scored = [
        (_score(feedback, row[2], row[3], row[4], tokens), row)
        for row in nearby
        if not (feedback.situation_id and row[5] == feedback.situation_id)
    ]
    scored = [pair for pair in scored if pair[0] >= MIN_SCORE]
    scored.sort(key=lambda pair: (-pair[0], -pair[1][3].timestamp()))
    return [_as_dossier(row[:6], row[6]) for _, row in scored[:limit]]
