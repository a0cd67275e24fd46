"""Matching an organisation's own words to the values Klachtwijs knows: forgiving, never guessing.

A value matches when, ignoring case, accents and extra spaces, it is a known label or synonym
(`synonyms.py`), or the unique start of one ("communicatie" → "Communicatie en informatie"; a
start shared by words with different meanings matches nothing). Region names match with or
without "GGD". Locations match on their whole name only: "Morel" is not "Morel-Noord".

A mapping (remembered as `ImportMapping`, or given to the command in a file) sends a value of a
column to a target, itself matched as above. What still does not match is an `Unknown`: the web
import asks for it in its mapping step, the command names the rows.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from klachtwijs.feedback.models import Category, ClosureReason, Kind, Outcome, Status
from klachtwijs.organisation.models import Location, Region, Service
from klachtwijs.register.synonyms import SERVICE_PRESETS, SYNONYMS

# The columns whose values are matched, in the order the mapping step asks for them.
MAPPED = ("vestiging", "regio", "dienst", "soort", "onderwerp", "status", "oordeel")
MAPPED += ("reden_afsluiting",)
MIN_PREFIX = 2  # a single letter matches nothing by itself

Mappings = dict[tuple[str, str], str]  # (column, normalised value) -> target as written


def normalise(text: object) -> str:
    """Compare form: no accents, case folded, `-`/`_` as spaces, single spaces, trimmed."""
    decomposed = unicodedata.normalize("NFKD", "" if text is None else str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("-", " ").replace("_", " ").split())


def _region_key(text: object) -> str:
    key = normalise(text)
    return key[4:] if key.startswith("ggd ") else key


class Vocabulary:
    """The known words of one column and what each means; `labels` are offered to choose."""

    def __init__(
        self,
        words: Iterable[tuple[str, Any]],
        labels: list[str],
        *,
        prefix: bool = True,
        key=normalise,
        mapped: dict[str, str] | None = None,
    ) -> None:
        self.key, self.prefix, self.labels = key, prefix, labels
        self.words: dict[str, Any] = {}
        for word, target in words:
            self.words.setdefault(key(word), target)
        self.mapped = mapped or {}

    def match(self, value: object) -> Any | None:
        """What `value` means, or None; a mapping for the value goes first."""
        target = self.mapped.get(normalise(value))
        return self._match(value if target is None else target)

    def _match(self, value: object) -> Any | None:
        word = self.key(value)
        if not word:
            return None
        if word in self.words:
            return self.words[word]
        if not self.prefix or len(word) < MIN_PREFIX:
            return None
        found = [target for known, target in self.words.items() if known.startswith(word)]
        if found and all(target == found[0] for target in found):
            return found[0]
        return None

    def knows(self, target: str) -> bool:
        """Does a mapping target (a label as written) mean something? Mappings ignored."""
        return self._match(target) is not None


def _choices(enum, synonyms: dict[str, str], extra: Iterable[tuple[str, str]] = ()):
    with translation.override("nl"):
        labels = {str(label): value for value, label in enum.choices}
    words = list(labels.items()) + list(extra)
    words += [(word, labels[label]) for word, label in synonyms.items() if label in labels]
    return words, list(labels)


@dataclass
class Vocabularies:
    """The vocabularies of every matched column, read from the database once."""

    columns: dict[str, Vocabulary]
    regions: list[Region] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)

    def __getitem__(self, column: str) -> Vocabulary:
        return self.columns[column]

    @classmethod
    def load(cls, mappings: Mappings | None = None) -> "Vocabularies":
        """All vocabularies; `mappings` on top of the remembered ones (they win)."""
        from klachtwijs.register.models import ImportMapping

        merged: Mappings = {
            (m.field, m.source_value): m.target for m in ImportMapping.objects.all()
        }
        merged |= mappings or {}
        per_column: dict[str, dict[str, str]] = {column: {} for column in MAPPED}
        for (column, value), target in merged.items():
            if column in per_column:
                per_column[column][normalise(value)] = target

        def vocabulary(column, words, labels, **options) -> Vocabulary:
            return Vocabulary(words, labels, mapped=per_column[column], **options)

        categories = list(Category.objects.all())
        by_name = {c.name: c for c in categories}
        regions = list(Region.objects.all())
        services = list(Service.objects.all())
        by_service = {normalise(s.name): s for s in services}
        locations = list(Location.objects.prefetch_related("services").select_related("manager"))
        columns = {
            "soort": vocabulary("soort", *_choices(Kind, SYNONYMS["soort"])),
            "status": vocabulary("status", *_choices(Status, SYNONYMS["status"])),
            "oordeel": vocabulary("oordeel", *_choices(Outcome, SYNONYMS["oordeel"])),
            "reden_afsluiting": vocabulary(
                "reden_afsluiting",
                *_choices(
                    ClosureReason,
                    SYNONYMS["reden_afsluiting"],
                    [(value, value) for value in ClosureReason.values],  # as exported
                ),
            ),
            "onderwerp": vocabulary(
                "onderwerp",
                [(c.name, c) for c in categories]
                + [(w, by_name[n]) for w, n in SYNONYMS["onderwerp"].items() if n in by_name],
                [c.name for c in categories],
            ),
            "regio": vocabulary(
                "regio",
                [(r.name, r) for r in regions] + [(r.ggd_name, r) for r in regions if r.ggd_name],
                [r.name for r in regions],
                key=_region_key,
            ),
            "dienst": vocabulary(
                "dienst",
                [(s.name, s) for s in services]
                + [
                    (word, by_service[normalise(name)])
                    for word, (name, _framework) in SERVICE_PRESETS.items()
                    if normalise(name) in by_service
                ],
                [s.name for s in services],
            ),
            "vestiging": vocabulary(
                "vestiging",
                [(loc.name, loc) for loc in locations],
                [loc.name for loc in locations],
                prefix=False,
            ),
        }
        return cls(columns=columns, regions=regions, services=services)


@dataclass(frozen=True)
class Unknown:
    """A value of a column that matches nothing, once, with the rows it is in."""

    column: str
    value: str  # as first written
    rows: tuple[int, ...]

    @property
    def key(self) -> str:
        return normalise(self.value)


def unknown_values(table, vocabularies: Vocabularies, *, skip: Iterable[str] = ()) -> list[Unknown]:
    """Every value of a matched column that matches nothing, once per column; `skip` holds
    normalised location names already settled (new locations chosen in the mapping step)."""
    skipped = set(skip)
    found: dict[tuple[str, str], tuple[str, list[int]]] = {}
    for row in table.rows:
        for column in MAPPED:
            value = row.cells.get(column)
            if not isinstance(value, str) or not value.strip():
                continue
            key = normalise(value)
            if column == "vestiging" and key in skipped:
                continue
            if (column, key) in found:
                found[(column, key)][1].append(row.number)
            elif vocabularies[column].match(value) is None:
                found[(column, key)] = (value.strip(), [row.number])
    order = {column: index for index, column in enumerate(MAPPED)}
    unknowns = [
        Unknown(column=column, value=value, rows=tuple(rows))
        for (column, _key), (value, rows) in found.items()
    ]
    return sorted(unknowns, key=lambda u: (order[u.column], u.rows[0]))


def service_preset(name: str) -> tuple[str, str] | None:
    """The preset (name, framework) that `name` means, e.g. "BSO" → Buitenschoolse opvang."""
    words = [(word, preset) for word, preset in SERVICE_PRESETS.items()]
    words += [(preset[0], preset) for preset in SERVICE_PRESETS.values()]
    return Vocabulary(words, []).match(name)
