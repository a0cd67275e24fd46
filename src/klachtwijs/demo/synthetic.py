"""Synthetic dossiers in bulk, for benchmarks and scale tests only (`klachtwijs generate_data`).

This module bypasses `services.py` on purpose: walking a million dossiers through the services
one transaction at a time would take hours. Rows are built as plain tuples and written with
PostgreSQL's COPY (psycopg 3 `cursor.copy`), or with `bulk_create(batch_size=...)` on SQLite.
It never changes an existing dossier. Every generated dossier is consistent with the
transition table in `workflow.py`: its status, dates, closure reason, judgment and timeline are
what the services would have produced had each step happened at the generated moment, and
`answer_due` is decided by `rules.answer_due`. Reference numbers continue each year's
`ReferenceCounter`, which is moved to the last number afterwards, so dossiers received later
through the services continue the numbering. Not for production data: there is no outbox mail,
no parent link and no access log for these dossiers.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from klachtwijs.demo.data import COMPLAINTS, OTHERS, PARENT_FIRST, PARENT_LAST, SERVICES
from klachtwijs.feedback import rules, workflow
from klachtwijs.feedback.models import (
    Category,
    ClosureReason,
    Escalation,
    Event,
    Feedback,
    Judgment,
    Kind,
    Measure,
    ReferenceCounter,
    Regulation,
    RegulationAdvice,
    Situation,
    Status,
)
from klachtwijs.feedback.services import regulation_publish
from klachtwijs.organisation.defaults import PLACEHOLDER_NAME
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Region, Role, Service, User
from klachtwijs.organisation.selectors import organisation_get

DAY = 86_400
HOUR = 3_600
YEARS_BACK = 3
CHUNK = 10_000
DEFAULT_LOCATIONS = 40

KIND_WEIGHTS = {Kind.COMPLAINT: 55, Kind.SUGGESTION: 20, Kind.COMPLIMENT: 15, Kind.SIGNAL: 10}
CHANNEL_WEIGHTS = {"web_form": 70, "email": 12, "phone": 10, "in_person": 5, "letter": 3}
# How a complaint ends: judged, or closed without a judgment (LEGAL.md H5).
ENDING_WEIGHTS = {"judged": 75, "solved": 12, "withdrawn": 7, "not_admissible": 3, "forwarded": 3}
OUTCOME_WEIGHTS = {"well_founded": 30, "partly_founded": 35, "unfounded": 35}
MELDCODE_SHARE = 0.003
SITUATION_SHARE = 0.01
ESCALATION_SHARE = 0.01
EXTENSION_SHARE = 0.05  # of Jeugdwet complaints
REGION_NAMES = ["Brabant-Zuidoost", "Arnhem", "Veenendaal", "Utrecht", "Hollands Noorden"]
TREES = "Morel Hazelaar Linde Kastanje Vlier Esdoorn Wilg Berk Meidoorn Eik Beuk Els Iep Es"
CITIES = "Eindhoven Helmond Arnhem Velp Veenendaal Utrecht Zeist Alkmaar Hoorn Geldrop"
CHILDREN = "Noah Emma Liam Julia Luuk Mila Sem Tess Finn Zoë Daan Saar Levi Nora".split()  # noqa: SIM905
GROUPS = "Vlinders Rupsjes Egeltjes Uilen Avonturiers Ontdekkers Kikkers Dolfijnen".split()  # noqa: SIM905

# Column order of the tuples below: Django attribute names, which are also the column names.
# fmt: off
COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Situation: ("id", "title", "note", "created_at"),
    Feedback: (
        "id", "reference", "kind", "kind_by_parent", "category_id", "channel", "location_id",
        "service_id",
        "framework", "status", "is_restricted", "received_at", "happened_on", "description",
        "desired_outcome", "submitter_name", "submitter_email", "submitter_phone",
        "contact_preference", "children", "handler_id", "registered_at", "answered_at",
        "closed_at", "closure_reason", "answer_due", "extended_until", "situation_id",
        "report_summary", "report_handling", "satisfaction", "satisfaction_comment",
    ),
    Event: (
        "id", "feedback_id", "at", "actor_id", "kind", "from_status", "to_status", "text",
        "visible_to_parent", "contact_channel", "contact_on",
    ),
    Judgment: (
        "id", "feedback_id", "outcome", "reasoning", "no_measures_reason", "by_committee",
        "decided_on", "measures_due", "sent_at", "created_by_id",
    ),
    Measure: ("id", "feedback_id", "judgment_id", "description", "owner_id", "due_date", "done_at"),
    Escalation: (
        "id", "feedback_id", "body", "started_on", "ended_on", "result", "is_binding", "summary",
    ),
}
# fmt: on
ORDER = [Situation, Feedback, Event, Judgment, Measure, Escalation]

# step: (workflow action, event kind, timeline text, visible to parent, contact channel). The
# status after a step is the action's target in `workflow.TRANSITIONS`, and every step is checked
# against that table as the dossier is built, so the synthetic data never holds a move the
# services would refuse.
STEPS = {
    "receive": (None, Event.Kind.RECEIVED, "Ontvangen via het webformulier.", True, ""),
    "register": ("register", Event.Kind.REGISTERED, "Uw klantreactie is geregistreerd.", True,
                 ""),
    "assign": ("assign", Event.Kind.ASSIGNED, "Uw klantreactie is in behandeling.", True, ""),
    "contact": ("contact", Event.Kind.CONTACT, "Gesprek met de ouder.", False, "meeting"),
    "phone": ("contact", Event.Kind.CONTACT, "Telefonisch met de ouder gesproken.", False,
              "phone"),
    "extend": ("extend", Event.Kind.EXTENDED, "De termijn is verlengd.", True, ""),
    "judge": ("judge", Event.Kind.JUDGED, "Het oordeel is verstuurd.", True, ""),
    "close": ("close", Event.Kind.CLOSED, "Uw klantreactie is afgesloten.", True, ""),
    "resolve": ("resolve", Event.Kind.CLOSED, "Uw klantreactie is afgehandeld.", True, ""),
    "withdraw": ("withdraw", Event.Kind.WITHDRAWN, "De klantreactie is ingetrokken.", True, ""),
    "meldcode": ("start_meldcode", Event.Kind.MELDCODE, "Meldcoderoute gestart.", False, ""),
    "close_meldcode": ("close_meldcode", Event.Kind.CLOSED, "Meldcoderoute afgerond.", False,
                       ""),
    "situation": ("situation", Event.Kind.SITUATION, "Gekoppeld aan een situatie.", False, ""),
    "escalation": ("escalation", Event.Kind.ESCALATION, "Escalatie vastgelegd.", False, ""),
}  # fmt: skip


def step_target(step: str, kind: str, status: str) -> str:
    """The status after `step`, as `workflow.TRANSITIONS` says; refuses a move it forbids."""
    action = STEPS[step][0]
    if action is None:
        return Status.RECEIVED
    transition = workflow.TRANSITIONS[action]
    if not transition.permits(kind, status):
        raise ValueError(f"synthetic data: {action} is not allowed for a {kind} in {status}")
    return transition.target or status


CLOSURES = {
    "judged": ClosureReason.JUDGED,
    "handled": ClosureReason.HANDLED,
    "meldcode": ClosureReason.MELDCODE,
    **{reason: ClosureReason(reason) for reason in ENDING_WEIGHTS if reason != "judged"},
}


def _pick(weights: dict) -> Callable[[random.Random], str]:
    keys, cum = list(weights), []
    total = 0
    for value in weights.values():
        total += value
        cum.append(total)
    return lambda rng: rng.choices(keys, cum_weights=cum)[0]


pick_kind, pick_channel = _pick(KIND_WEIGHTS), _pick(CHANNEL_WEIGHTS)
pick_ending, pick_outcome = _pick(ENDING_WEIGHTS), _pick(OUTCOME_WEIGHTS)


# --- the organisation's structure --------------------------------------------------------


def structure_ensure(*, locations: int | None, rng: random.Random) -> int:
    """Create regions, services, locations and staff when missing; return locations created.

    With `locations` given, the organisation ends up with at least that many locations, each
    with a handler; without it only an empty installation gets DEFAULT_LOCATIONS.
    """
    existing = Location.objects.count()
    target = locations if locations is not None else (0 if existing else DEFAULT_LOCATIONS)
    missing = max(0, target - existing)
    password = make_password(None)  # unusable: synthetic staff cannot sign in with a password
    for name in REGION_NAMES:
        Region.objects.get_or_create(
            name=name, defaults={"ggd_name": f"GGD {name}", "ggd_email": "ggd@example.invalid"}
        )
    for name, framework in SERVICES.items():
        Service.objects.get_or_create(name=name, defaults={"framework": framework})
    for username, role in [
        ("synth-kwaliteit", Role.QUALITY_OFFICER),
        ("synth-hoofdkwaliteit", Role.QUALITY_LEAD),
        ("synth-meldcode", Role.MELDCODE_OFFICER),
        ("synth-directie", Role.MANAGEMENT),
    ]:
        User.objects.get_or_create(
            username=username,
            defaults={"role": role, "password": password, "first_name": "Synthetisch"},
        )
    regions, services = list(Region.objects.all()), list(Service.objects.all())
    trees, cities = TREES.split(), CITIES.split()
    for number in range(existing + 1, existing + missing + 1):
        manager = User.objects.create(
            username=f"synth-leiding-{number}",
            first_name="Leiding",
            last_name=str(number),
            role=Role.HANDLER,
            password=password,
        )
        location = Location.objects.create(
            name=f"{trees[number % len(trees)]} {number}",
            city=cities[number % len(cities)],
            region=regions[number % len(regions)],
            manager=manager,
        )
        location.services.set(rng.sample(services, k=min(len(services), rng.randint(2, 3))))
        manager.locations.add(location)
    _setup_complete()
    return missing


def _setup_complete() -> None:
    """What the set-up checklist requires beyond the structure (issue 14,
    `organisation/setup.py`), so the public form of a synthetic installation is open: a name
    and address to reach, and a published regulation in force with the advice and consent its
    services need (published through `regulation_publish`, LEGAL.md H8)."""
    organisation = organisation_get()
    if organisation.name.strip() in ("", PLACEHOLDER_NAME):
        organisation.name = "Synthetische Kinderopvang"
    organisation.email = organisation.email or "info@synthetisch.example"
    organisation.save(update_fields=["name", "email"])
    if Regulation.objects.exclude(published_at=None).exists():
        return
    regulation = Regulation.objects.create(
        version="1", in_force_from=date(2000, 1, 1), text="De klachtenregeling (synthetisch)."
    )
    advice, body = RegulationAdvice.Kind, RegulationAdvice.Body
    regulation.advices.create(kind=advice.ADVICE, body=body.CLIENT_PANEL, on=date(2000, 1, 1))
    regulation.advices.create(kind=advice.CONSENT, body=body.CLIENT_COUNCIL, on=date(2000, 1, 1))
    regulation_publish(regulation_id=regulation.pk, by=None)


@dataclass
class _Place:
    location_id: int
    services: list[tuple[int, str]]  # (service id, framework)
    handlers: list[int]


def _places() -> list[_Place]:
    places = []
    officers = list(User.objects.filter(role=Role.HANDLER).values_list("pk", flat=True))
    for location in Location.objects.prefetch_related("services", "staff"):
        services = [(s.pk, s.framework) for s in location.services.all()]
        if not services:
            continue
        handlers = [u.pk for u in location.staff.all() if u.role == Role.HANDLER]
        handlers = handlers or ([location.manager_id] if location.manager_id else officers[:1])
        places.append(_Place(location.pk, services, handlers))
    if not places or not all(p.handlers for p in places):
        raise ValueError("Er zijn geen vestigingen met een dienst en een behandelaar.")
    return places


# --- text pools -------------------------------------------------------------------------


def _texts(rng: random.Random, categories: dict[str, int]) -> dict[str, list[tuple]]:
    """(category id, description, summary, handling, reasoning, measure) per kind."""
    pools: dict[str, list[tuple]] = {}
    stories = {Kind.COMPLAINT: COMPLAINTS, **OTHERS}
    for kind, kind_stories in stories.items():
        pools[kind] = [
            (
                categories.get(s.category),
                s.description.format(child=rng.choice(CHILDREN), group=rng.choice(GROUPS)),
                s.summary,
                s.handling,
                s.reasoning,
                s.measure,
            )
            for s in kind_stories
            for _ in range(8)
        ]
    return pools


# --- the builder ------------------------------------------------------------------------


@dataclass
class Batch:
    rows: dict[type[models.Model], list[tuple]] = field(
        default_factory=lambda: {model: [] for model in ORDER}
    )


class Builder:
    """Builds the rows of synthetic dossiers, chunk by chunk, with ids it hands out itself."""

    def __init__(self, *, count: int, seed: int, now: datetime, as_json: bool) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.as_json = as_json
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.places = _places()
        self.jeugdwet_weeks = organisation_get().jeugdwet_term_weeks
        cats = {c.name: c.pk for c in Category.objects.all()}
        self.meldcode_category = (
            Category.objects.filter(is_meldcode=True).values_list("pk", flat=True).first()
        )
        self.texts = _texts(self.rng, cats)
        self.names = [f"{f} {last}" for f in PARENT_FIRST.split() for last in PARENT_LAST]
        self.next_id = {
            model: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for model in ORDER
        }
        self.counters = dict(ReferenceCounter.objects.values_list("year", "last"))
        self.due_cache: dict[tuple[str, date], date] = {}
        self.pending_situation: dict[int, list] = {}
        end = int(now.timestamp()) - 600
        start = end - YEARS_BACK * 365 * DAY
        self.moments = sorted(self.rng.randrange(start, end) for _ in range(count))

    def _id(self, model: type[models.Model]) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    def _reference(self, local_year: int) -> str:
        number = self.counters.get(local_year, 0) + 1
        self.counters[local_year] = number
        return f"{local_year}-{number:04d}"

    def _due(self, framework: str, received_on: date) -> date:
        key = (framework, received_on)
        if key not in self.due_cache:
            self.due_cache[key] = rules.answer_due(
                framework=LegalFramework(framework),
                received_on=received_on,
                jeugdwet_term_weeks=self.jeugdwet_weeks,
            )
        return self.due_cache[key]

    def chunks(self, size: int = CHUNK) -> Iterator[tuple[int, Batch]]:
        for first in range(0, len(self.moments), size):
            batch = Batch()
            part = self.moments[first : first + size]
            for moment in part:
                self._dossier(batch, moment)
            yield len(part), batch

    def _event(self, batch, fid, at, step, frm="", to="", *, actor=None, text=None) -> None:
        _, kind, default_text, visible, channel = STEPS[step]
        when = datetime.fromtimestamp(at, tz=UTC)
        # fmt: off
        batch.rows[Event].append((
            self._id(Event), fid, when, actor, kind, frm, to, text or default_text,
            visible, channel, when.date() if channel else None,
        ))
        # fmt: on  # fmt: skip

    def _dossier(self, batch: Batch, moment: int) -> None:
        rng, now_ts = self.rng, self.now.timestamp()
        received = datetime.fromtimestamp(moment, tz=UTC)
        local_day = datetime.fromtimestamp(moment, tz=self.tz).date()
        place = rng.choice(self.places)
        service_id, framework = rng.choice(place.services)
        handler = rng.choice(place.handlers)
        meldcode = self.meldcode_category is not None and rng.random() < MELDCODE_SHARE
        kind = rng.choice([Kind.COMPLAINT, Kind.SIGNAL]) if meldcode else pick_kind(rng)
        category, description, summary, handling, reasoning, measure = rng.choice(self.texts[kind])
        fid = self._id(Feedback)
        answer_due = self._due(framework, local_day) if kind == Kind.COMPLAINT else None

        # The moment each step would happen; the dossier got as far as `now` allows.
        t_reg = moment + rng.randint(2 * HOUR, 3 * DAY)
        t_assign = t_reg + rng.randint(HOUR, 4 * DAY)
        t_contact = t_assign + rng.randint(DAY, 10 * DAY)
        t_judge = max(t_contact + DAY, moment + rng.randint(12 * DAY, 46 * DAY))
        t_close = t_judge + rng.randint(DAY, 14 * DAY)
        if meldcode:
            category, ending = self.meldcode_category, "meldcode"
            steps = [(moment + rng.randint(HOUR, DAY), "meldcode"), (t_close, "close_meldcode")]
        else:
            ending = pick_ending(rng) if kind == Kind.COMPLAINT else "handled"
            steps = [(t_reg, "register"), (t_assign, "assign"), (t_contact, "contact")]
            if kind != Kind.COMPLAINT and rng.random() < 0.6:
                steps = steps[:1]  # passed to the team straight after registering
            if ending == "judged":
                steps += [(t_judge, "judge"), (t_close, "close")]
            else:
                last = steps[-1][0] + rng.randint(DAY, 10 * DAY)
                steps.append((last, "withdraw" if ending == "withdrawn" else "resolve"))

        status, extended, handler_id = Status.RECEIVED, None, None
        stamps: dict[str, datetime] = {}
        self._event(batch, fid, moment, "receive", to=Status.RECEIVED)
        for at, step in steps:
            if at >= now_ts:
                break
            actor = handler if handler_id else None
            after = step_target(step, kind, status)
            moved = workflow.TRANSITIONS[STEPS[step][0]].target is not None
            self._event(batch, fid, at, step, status, after if moved else "", actor=actor)
            stamps[step] = datetime.fromtimestamp(at, tz=UTC)
            status = after
            if step == "assign":
                handler_id = handler
                if framework == LegalFramework.JEUGDWET and rng.random() < EXTENSION_SHARE:
                    extended = answer_due and answer_due + timedelta(weeks=3)
                    if extended:
                        self._event(batch, fid, at + HOUR, "extend", actor=handler)
            elif step == "contact" and rng.random() < 0.4:
                self._event(batch, fid, at + DAY, "phone", actor=handler)
            elif step == "judge":
                self._judgment(batch, fid, at, handler, reasoning, measure)
        closed_at = next((stamps[s] for s in ("close", "resolve", "withdraw", "close_meldcode")
                          if s in stamps), None)  # fmt: skip
        closed = closed_at is not None
        situation = None
        if kind == Kind.COMPLAINT and not meldcode:
            situation = self._situation(batch, place.location_id, received)
            if situation:
                self._event(batch, fid, moment + 2 * DAY, "situation")
            if closed and ending == "judged" and rng.random() < ESCALATION_SHARE:
                self._escalation(batch, fid, framework, closed_at.date())
                self._event(batch, fid, t_close + 7 * DAY, "escalation")
        children = [{"first_name": rng.choice(CHILDREN), "group": rng.choice(GROUPS)}]
        satisfaction = rng.randint(1, 5) if closed and rng.random() < 0.3 else None
        # fmt: off
        batch.rows[Feedback].append((
            fid, self._reference(local_day.year), kind, kind, category, pick_channel(rng),
            place.location_id, service_id, framework, status, meldcode, received,
            local_day - timedelta(days=rng.randint(0, 14)), description, "",
            rng.choice(self.names), f"ouder{fid}@example.invalid", "", "email",
            json.dumps(children) if self.as_json else children, handler_id,
            stamps.get("register"), stamps.get("judge"), closed_at,
            CLOSURES[ending] if closed else "", answer_due, extended, situation,
            summary if closed else "", handling if closed else "", satisfaction, "",
        ))
        # fmt: on

    def _judgment(self, batch, fid, at, handler, reasoning, measure_text) -> None:
        rng = self.rng
        decided = datetime.fromtimestamp(at, tz=self.tz).date()
        jid = self._id(Judgment)
        count = rng.choice((0, 1, 1, 1, 2))
        no_measures = "" if count else "De afspraken waren al goed; er is niets te verbeteren."
        # fmt: off
        batch.rows[Judgment].append((
            jid, fid, pick_outcome(rng), reasoning or "Onderzocht en besproken.", no_measures,
            False, decided, None, datetime.fromtimestamp(at, tz=UTC), handler,
        ))
        # fmt: on
        today = self.now.date()
        for _ in range(count):
            due = decided + timedelta(days=rng.randint(14, 60))
            done = due - timedelta(days=rng.randint(0, 10)) if due < today else None
            # fmt: off
            batch.rows[Measure].append((
                self._id(Measure), fid, jid, measure_text or "Afspraak met het team.", handler,
                due, done,
            ))
            # fmt: on

    def _situation(self, batch: Batch, location_id: int, received: datetime) -> int | None:
        pending = self.pending_situation.get(location_id)
        if pending and pending[1] > 0:
            pending[1] -= 1
            return pending[0]
        if self.rng.random() >= SITUATION_SHARE:
            return None
        sid = self._id(Situation)
        title = "Meerdere klachten over dezelfde gebeurtenis op de groep"
        batch.rows[Situation].append((sid, title, "", received))
        self.pending_situation[location_id] = [sid, self.rng.randint(1, 2)]
        return sid

    def _escalation(self, batch: Batch, fid: int, framework: str, closed_on: date) -> None:
        rng = self.rng
        if framework == LegalFramework.JEUGDWET:
            body, binding = Escalation.Body.COMMITTEE, False
        elif rng.random() < 0.3:
            body, binding = Escalation.Body.GESCHILLENCOMMISSIE, True
        else:
            body, binding = Escalation.Body.KLACHTENLOKET, False
        started = closed_on + timedelta(days=7)
        ended = started + timedelta(days=rng.randint(20, 120))
        if ended >= self.now.date():
            ended = None
        result = rng.choice(list(Escalation.Result)[:4]) if ended else ""
        # fmt: off
        batch.rows[Escalation].append((
            self._id(Escalation), fid, body, started, ended, result, binding and bool(ended),
            "Samenvatting zonder namen.",
        ))
        # fmt: on


# --- writing ----------------------------------------------------------------------------


def _copy_defaults(model: type[models.Model]) -> tuple[tuple[str, ...], tuple]:
    """Columns that COPY would leave NULL but must not be: fields added after this module
    was written. They get the model's default, like `Model(**kwargs)` would give them."""
    columns, values = [], []
    for f in model._meta.concrete_fields:
        if f.attname not in COLUMNS[model] and not f.null:
            value = f.get_default()
            columns.append(f.column)
            values.append(json.dumps(value) if isinstance(f, models.JSONField) else value)
    return tuple(columns), tuple(values)


def _write_copy(batch: Batch) -> None:
    with connection.cursor() as cursor:
        for model in ORDER:
            rows = batch.rows[model]
            if not rows:
                continue
            extra_columns, extra = _copy_defaults(model)
            cols = ", ".join(COLUMNS[model] + extra_columns)
            with cursor.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra if extra else row)


def _write_orm(batch: Batch) -> None:
    for model in ORDER:
        cols = COLUMNS[model]
        objects = [model(**dict(zip(cols, row, strict=True))) for row in batch.rows[model]]
        model.objects.bulk_create(objects, batch_size=500)


def _counters_save(builder: Builder) -> None:
    """Move each year's counter to the last number handed out, so numbering continues."""
    for year, last in builder.counters.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})


def _finish_postgres() -> None:
    """After COPY with our own ids: move the id sequences on, refresh the statistics."""
    with connection.cursor() as cursor:
        for model in ORDER:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 - our names
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                [table],
            )
            # VACUUM as well when it can run (not inside the tests' transaction): it sets the
            # visibility map, so the figures' covering index answers without the table.
            vacuum = "VACUUM ANALYZE" if not connection.in_atomic_block else "ANALYZE"
            cursor.execute(f"{vacuum} {table}")


def _search_index_drop() -> str | None:
    """Drop the full-text GIN index (migration feedback 0004) for the load; return the SQL
    that builds it again. Building it once afterwards is several times faster than updating
    it for every row COPY writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'feedback_feedback' "
            "AND indexname = 'feedback_search_dutch'"
        )
        row = cursor.fetchone()
        if row:
            cursor.execute("DROP INDEX feedback_search_dutch")
    return row[0] if row else None


def generate(
    *,
    dossiers: int,
    locations: int | None = None,
    seed: int = 1,
    now: datetime | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Generate `dossiers` synthetic dossiers (and structure if missing); return the count."""
    postgres = connection.vendor == "postgresql"
    rng = random.Random(seed)
    with transaction.atomic():
        structure_ensure(locations=locations, rng=rng)
        builder = Builder(count=dossiers, seed=seed, now=now or timezone.now(), as_json=postgres)
    write = _write_copy if postgres else _write_orm
    search_index = _search_index_drop() if postgres else None
    try:
        for count, batch in builder.chunks():
            with transaction.atomic():
                write(batch)
                _counters_save(builder)
            progress(count)
    finally:
        if search_index:
            with connection.cursor() as cursor:
                # Inside an outer transaction (the tests) deferred foreign-key checks are still
                # pending, and PostgreSQL builds no index over them: run the checks first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(search_index)
    if postgres:
        _finish_postgres()
    return dossiers
