"""The columns of a register file, and the Dutch words used in them.

One list serves the import, the export and the template, so the three always agree. The words
are the labels the interface shows; the import also accepts the organisation's own words
(`matching.py`, `synonyms.py`).
"""

from django.utils import translation

from klachtwijs.feedback.models import Kind

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

# The word the export writes for a kind; reading words back is `matching.py` (with the
# synonyms of `synonyms.py`).
KIND_WORD = {Kind.COMPLAINT: "klacht", Kind.SUGGESTION: "verbeterpunt"}
KIND_WORD |= {Kind.COMPLIMENT: "compliment", Kind.SIGNAL: "signaal"}


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
