"""Everything a report says, gathered once; the HTML, PDF and DOCX renderers only lay it out.

`report_content()` asks `figures.py` for the numbers and adds the prose, the improvements, the
disputes, the part per location and the appendix. The personal-data check reads the same
content, so what is checked is exactly what is printed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from klachtwijs.feedback.models import (
    Escalation,
    Improvement,
    Kind,
    Outcome,
    Regulation,
)
from klachtwijs.organisation.models import Region
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports import jeugdwet, texts
from klachtwijs.reports.figures import (
    LocationFigures,
    Scope,
    YearFigures,
    disputes_of_year,
    location_figures,
    scope_dossiers,
    year_figures,
)

Progress = Callable[[int, str], None]

KIND_LABELS = dict(Kind.choices)
OUTCOME_LABELS = dict(Outcome.choices)
BODY_LABELS = dict(Escalation.Body.choices)
RESULT_LABELS = dict(Escalation.Result.choices)


def _quiet(_percent: int, _step: str) -> None:
    """The default progress callback: tell nobody."""


@dataclass
class Section:
    title: str
    markdown: str

    @property
    def html(self) -> str:
        return texts.markdown_html(self.markdown)


@dataclass
class Table:
    """A figure table: label, this year, last year; one chart is drawn per table."""

    title: str
    label: str
    rows: list[tuple[str, int, int]]

    @property
    def total(self) -> tuple[int, int]:
        return sum(r[1] for r in self.rows), sum(r[2] for r in self.rows)


@dataclass
class KeyFigure:
    label: str
    value: str
    previous: str


@dataclass
class AppendixRow:
    location: str
    summary: str
    handling: str
    reference: str
    feedback_id: int
    note: str = ""  # printed under this row: the last row of a situation


@dataclass
class ReportContent:
    title: str
    organisation: str
    year: int
    region: str
    jeugdwet: bool
    no_complaints: bool
    sections: list[Section]
    regulation: str
    key_figures: list[KeyFigure]
    tables: list[Table]
    current: YearFigures
    previous: YearFigures
    improvements: list[dict]
    disputes: list[dict]
    disputes_sentence: str
    locations: list[LocationFigures]
    appendix: list[AppendixRow]
    missing_texts: list[AppendixRow] = field(default_factory=list)

    @property
    def appendix_by_location(self) -> list[tuple[str, list[AppendixRow]]]:
        groups: dict[str, list[AppendixRow]] = {}
        for row in self.appendix:
            groups.setdefault(row.location, []).append(row)
        return list(groups.items())


def _number(value: float | int | None, suffix: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        value = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return f"{value}{suffix}"


def _table(title: str, label: str, now: dict, before: dict, labels: dict | None = None) -> Table:
    keys = sorted(set(now) | set(before), key=lambda k: (-now.get(k, 0), str(k)))
    names = labels or {}
    return Table(
        title,
        label,
        [(str(names.get(k, k) or "zonder"), now.get(k, 0), before.get(k, 0)) for k in keys],
    )


def _tables(now: YearFigures, before: YearFigures) -> list[Table]:
    kinds = {k: KIND_LABELS[k] for k in Kind.values}
    return [
        _table("Klantreacties per soort", "Soort", now.by_kind, before.by_kind, kinds),
        _table("Klantreacties per onderwerp", "Onderwerp", now.by_category, before.by_category),
        _table("Klantreacties per vestiging", "Vestiging", now.by_location, before.by_location),
        _table("Klantreacties per dienst", "Dienst", now.by_service, before.by_service),
        _table(
            "Oordeel over klachten", "Oordeel", now.by_outcome, before.by_outcome, OUTCOME_LABELS
        ),
        _table(
            "Klachten buiten de organisatie",
            "Instantie",
            now.by_escalation,
            before.by_escalation,
            BODY_LABELS,
        ),
    ]


def _key_figures(now: YearFigures, before: YearFigures) -> list[KeyFigure]:
    rows = [
        ("Klantreacties", now.total, before.total, ""),
        ("Klachten", now.complaints, before.complaints, ""),
        (
            "waarvan door ons als ander soort geregistreerd",
            now.complaints_other_kind,
            before.complaints_other_kind,
            "",
        ),
        (
            "Klachten beantwoord binnen de wettelijke termijn",
            now.in_time_share,
            before.in_time_share,
            "%",
        ),
        ("Doorlooptijd tot het antwoord, mediaan (dagen)", now.median_days, before.median_days, ""),
        (
            "Doorlooptijd tot het antwoord, langste (dagen)",
            now.longest_days,
            before.longest_days,
            "",
        ),
        (
            "Maatregelen op tijd uitgevoerd",
            now.measures_on_time_share,
            before.measures_on_time_share,
            "%",
        ),
        (
            "Maatregelen die ouders bevestigen (van de maatregelen die wij hun voorlegden)",
            now.parent_answers.share,
            before.parent_answers.share,
            "%",
        ),
        (
            "Maatregelen die volgens de ouder niet zijn gebeurd",
            now.parent_answers.denied,
            before.parent_answers.denied,
            "",
        ),
        (
            "Klachten bij een klachtencommissie of de Geschillencommissie",
            now.reached_committee,
            before.reached_committee,
            "",
        ),
        ("Geschillen bij de Geschillencommissie", now.disputes, before.disputes, ""),
        ("Meldingen volgens de meldcode (alleen het aantal)", now.meldcode, before.meldcode, ""),
        ("Anonieme signalen (geen klachten)", now.anonymous, before.anonymous, ""),
    ]
    return [KeyFigure(label, _number(a, s), _number(b, s)) for label, a, b, s in rows]


BODY_SUBJECT = {"oudercommissie": "De oudercommissie", "klantpanel": "Het klantpanel"}
BODY_SUBJECT["clientenraad"] = "De cliëntenraad"


def _regulation_text(year: int) -> str:
    """The published regulation version in force at the end of the year, with each body's
    advice or consent (LEGAL.md H8)."""
    regulation = (
        Regulation.objects.filter(in_force_from__lte=date(year, 12, 31), published_at__isnull=False)
        .prefetch_related("advices")
        .first()
    )
    if regulation is None:
        return ""
    text = f"In {year} gold de klachtenregeling versie {regulation.version}, geldig vanaf "
    text += f"{regulation.in_force_from:%d-%m-%Y}."
    for advice in regulation.advices.all():
        body = BODY_SUBJECT.get(advice.body, advice.get_body_display())
        kind = "stemde in met de regeling" if advice.kind == "consent" else "gaf advies"
        text += f" {body} {kind} op {advice.on:%d-%m-%Y}."
    return text


def _improvements(year: int) -> list[dict]:
    rows = Improvement.objects.filter(decided_on__year=year).order_by("decided_on", "pk")
    return [
        {
            "title": i.title,
            "description": i.description,
            "decided_on": i.decided_on,
            "done_on": i.done_on,
            "client_panel_asked": i.client_panel_asked,
            "client_panel_advice": i.client_panel_advice,
        }
        for i in rows
    ]


def _disputes(scope: Scope) -> list[dict]:
    return [
        {
            "body": BODY_LABELS[e.body],
            "started_on": e.started_on,
            "ended_on": e.ended_on,
            "result": RESULT_LABELS.get(e.result, "nog geen uitspraak"),
            "is_binding": e.is_binding,
            "summary": e.summary,
            "reference": e.feedback.reference,
        }
        for e in disputes_of_year(scope).order_by("started_on", "pk")
    ]


def appendix_rows(scope: Scope) -> list[AppendixRow]:
    """Complaints per location, in order of receipt; one situation's rows stand together,
    with a note under the last of them (one query)."""
    rows = (
        scope_dossiers(scope)
        .filter(kind=Kind.COMPLAINT)
        .order_by("location__name", "received_at", "pk")
        .values_list(
            "pk",
            "reference",
            "location__name",
            "report_summary",
            "report_handling",
            "situation_id",
            "situation__note",
        )
    )
    by_location: dict[str, list[tuple]] = {}
    for row in rows:
        by_location.setdefault(row[2], []).append(row)
    result: list[AppendixRow] = []
    for items in by_location.values():
        # A situation's rows move up to where its first row stands.
        order: list[list[tuple]] = []
        groups: dict[int, list[tuple]] = {}
        for item in items:
            if item[5] is None:
                order.append([item])
            elif item[5] in groups:
                groups[item[5]].append(item)
            else:
                groups[item[5]] = [item]
                order.append(groups[item[5]])
        for group in order:
            for n, (pk, ref, loc, summary, handling, _situation, note) in enumerate(group, 1):
                last = n == len(group) and len(group) > 1
                text = ""
                if last:
                    text = f"Deze {len(group)} klantreacties gaan over één situatie."
                    text += f" {note}" if note else ""
                result.append(AppendixRow(loc, summary, handling, ref, pk, text))
    return result


def report_content(
    *, scope: Scope, region: Region | None = None, progress: Progress = _quiet
) -> ReportContent:
    """Gather the whole report for `scope`; `progress(percent, step)` follows along."""
    organisation = organisation_get()
    progress(5, "Cijfers berekenen")
    now = year_figures(scope)
    before = year_figures(scope.previous())
    progress(30, "Teksten samenstellen")
    sections = [
        Section(title, text)
        for title, text in texts.section_texts(
            organisation=organisation, year=scope.year, jeugdwet=scope.jeugdwet
        )
    ]
    if organisation.confidential_adviser:
        sections[3].markdown += "\n\n" + organisation.confidential_adviser
    if scope.jeugdwet:
        sections += [Section(title, text) for title, text in jeugdwet.report_sections(scope)]
    progress(40, "Vestigingen en bijlage")
    locations = location_figures(scope)
    for part in locations:
        part.outcomes = {OUTCOME_LABELS[k]: n for k, n in part.outcomes.items()}
    appendix = appendix_rows(scope)
    disputes = _disputes(scope)
    sentence = (
        ""
        if disputes
        else texts.NO_DISPUTES.format(year=scope.year, organisation=organisation.name)
    )
    title = f"Klachtenjaarverslag {scope.year}"
    if scope.jeugdwet:
        title += " Jeugdwet"
    if region is not None:
        title += f", regio {region.name}"
    content = ReportContent(
        title=title,
        organisation=organisation.name,
        year=scope.year,
        region=region.name if region else "",
        jeugdwet=scope.jeugdwet,
        no_complaints=now.complaints == 0,
        sections=sections,
        regulation=_regulation_text(scope.year),
        key_figures=_key_figures(now, before),
        tables=_tables(now, before),
        current=now,
        previous=before,
        improvements=_improvements(scope.year),
        disputes=disputes,
        disputes_sentence=sentence,
        locations=locations,
        appendix=appendix,
        missing_texts=[r for r in appendix if not (r.summary.strip() and r.handling.strip())],
    )
    progress(50, "Inhoud klaar")
    return content
