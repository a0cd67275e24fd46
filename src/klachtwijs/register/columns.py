"""The columns of a register file, and the Dutch words used in them.

One list serves the import, the export and the template, so the three always agree. The words
are the labels the interface shows; the import also accepts a few everyday variants.
"""

from django.utils import translation

from klachtwijs.feedback.models import ClosureReason, Kind, Outcome, Status

# The columns of the issue, in the template's order; `dienst` may be left out.
REGISTER = (
    "vestiging",
    "ontvangen_op",
    "soort",
    "onderwerp",
    "omschrijving",
    "afhandeling",
    "status",
    "oordeel",
    "afgesloten_op",
    "situatie",
    "dienst",
)
# Ours, all optional: an export can be imported again without losing the answer date or how a
# dossier closed; `regio` places a location that `--create-locations` makes.
EXTRA = ("beantwoord_op", "reden_afsluiting", "regio")
COLUMNS = REGISTER + EXTRA
# Without these a row cannot be read at all; the other columns may be missing from the file.
REQUIRED = ("vestiging", "ontvangen_op", "soort", "onderwerp", "omschrijving", "status")

KINDS: dict[str, str] = {
    "klacht": Kind.COMPLAINT,
    "verbeterpunt": Kind.SUGGESTION,
    "compliment": Kind.COMPLIMENT,
    "signaal": Kind.SIGNAL,
    "vraag": Kind.SIGNAL,
    "vraag of signaal": Kind.SIGNAL,
}
KIND_WORD = {Kind.COMPLAINT: "klacht", Kind.SUGGESTION: "verbeterpunt"}
KIND_WORD |= {Kind.COMPLIMENT: "compliment", Kind.SIGNAL: "signaal"}

KINDS_SHOWN = "klacht, verbeterpunt, compliment, signaal, vraag"

# The file is Dutch whatever language the interface speaks: the Dutch labels, never a
# translation (so an export made in English reads back in).
with translation.override("nl"):
    STATUSES: dict[str, str] = {str(label): value for value, label in Status.choices}
    STATUSES_SHOWN = ", ".join(str(label) for label in Status.labels)
    OUTCOMES: dict[str, str] = {str(label): value for value, label in Outcome.choices}
    OUTCOMES_SHOWN = ", ".join(str(label) for label in Outcome.labels)
    REASONS: dict[str, str] = {str(label): value for value, label in ClosureReason.choices}
    REASONS_SHOWN = ", ".join(str(label) for label in ClosureReason.labels)
STATUSES |= {"meldcode": Status.MELDCODE, "gesloten": Status.CLOSED}
OUTCOMES |= {"deels": Outcome.PARTLY_FOUNDED, "ten dele gegrond": Outcome.PARTLY_FOUNDED}
REASONS |= {value: value for value in ClosureReason.values}
REASONS |= {"opgelost": ClosureReason.SOLVED, "meldcode": ClosureReason.MELDCODE}


def word(value: str, choices) -> str:
    """The Dutch label of a stored value, as the export writes it (in any interface language)."""
    if not value:
        return ""
    with translation.override("nl"):
        return str(choices(value).label)


def normalise_header(cell: object) -> str:
    """`Ontvangen op ` -> `ontvangen_op`: case, spaces and dashes do not matter."""
    text = "" if cell is None else str(cell)
    return "_".join(text.strip().lower().replace("-", " ").split())
