"""Importing an existing register: every row becomes a dossier, or nothing is stored at all.

Each dossier walks the real services of `feedback/services.py` (receive with channel `import`,
then register, assign, contact, judge, close or resolve as its status asks), so it has the same
events, `answer_due` and checks as a dossier from the form; nothing here sets a status. Each
step is dated by the services' `at` (`services.walk_to`), nothing is rewritten afterwards:
receipt, registration and assignment at the date received (noon, local time, so the local date
never shifts), the contact and judgment at `beantwoord_op` (else the closing date) and the
closing at `afgesloten_op`. The judgment was sent before Klachtwijs kept the dossier, so it is
recorded without a letter (`feedback_judgment_record`).

Mail: imported dossiers have no parent e-mail address, so no acknowledgement is queued. The
notices to the quality department that `feedback_receive` queues are marked as done in the same
transaction, as the demo (`demo/`) does, with a note that they were never sent: nobody needs a
mail about each old dossier, and the worker never picks them up. The rows stay as a trace.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback import services, workflow
from klachtwijs.feedback.models import (
    Channel,
    ClosureReason,
    Feedback,
    Status,
)
from klachtwijs.feedback.selectors import overview_changed
from klachtwijs.feedback.services.walk import Judging
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Region, Role, Service, User
from klachtwijs.organisation.presets import region_preset
from klachtwijs.register.matching import Mappings, Vocabularies, normalise, service_preset
from klachtwijs.register.models import ImportMapping, PendingImport
from klachtwijs.register.parse import Table
from klachtwijs.register.synonyms import DEFAULT_SERVICE, SERVICE_PRESETS
from klachtwijs.register.validate import ImportRow, NewLocation, row_error, rows_validate

# Stored in the dossiers and the outbox, so kept as written (docs/i18n.md): not translated.
SUBMITTER = "Onbekend (import)"
IMPORTED = "Overgenomen uit het eerdere register (import)."
NO_MEASURES = "Overgenomen uit het eerdere register; eventuele maatregelen staan daar."
NOT_SENT = "Niet verstuurd: melding van een klantreactie uit een import."
# Shown to the user, translated where it is raised.
NO_HANDLER = gettext_noop(
    "er is geen medewerker om als behandelaar toe te wijzen (geef de vestiging een leidinggevende "
    "of nodig eerst een behandelaar of hoofd kwaliteit uit)"
)
NOON = time(12, 0)


@dataclass
class ImportResult:
    """What an import did, or would do (dry run); `errors` non-empty means nothing stored."""

    dry_run: bool
    errors: list[str] = field(default_factory=list)
    created: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    locations_created: list[str] = field(default_factory=list)
    situations: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stored(self) -> bool:
        return self.ok and not self.dry_run


def register_import(
    *,
    rows: Table,
    create_locations: bool,
    dry_run: bool,
    by: User | None = None,
    region: Region | None = None,
    service: Service | None = None,
    mappings: Mappings | None = None,
    new_locations: dict[str, NewLocation] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a register table in one transaction: all rows, or none when any row is wrong.

    `region` is the GGD region of locations that `create_locations` makes when the file has no
    `regio` column (with one region in the system, that one is used); `service` the service of
    rows without `dienst` (else a location's only service, else its Wet kinderopvang service).
    Values are matched forgivingly (`matching.py`), after the remembered `ImportMapping`s and
    `mappings`; `new_locations` are the locations the mapping step chose to create. A dry run
    does all the work and checks and then rolls back, so it finds the same errors.
    """
    result = ImportResult(dry_run=dry_run)
    checked, result.errors = rows_validate(
        table=rows,
        create_locations=create_locations,
        region=region,
        today=timezone.localdate(),
        service=service,
        mappings=mappings,
        new_locations=new_locations,
    )
    if result.errors:
        return result
    with transaction.atomic():
        _write(checked, result, by=by, progress=progress or (lambda n: None))
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            overview_changed()
    if result.errors:
        result.created, result.by_kind, result.locations_created = 0, {}, []
        result.situations = 0
    return result


def _write(rows: list[ImportRow], result: ImportResult, *, by, progress) -> None:
    created: list[Feedback] = []
    locations: dict[str, Location] = {}
    situations: dict[str, list[Feedback]] = defaultdict(list)
    # Oldest first, so dossier numbers follow the date of receipt as they would have.
    for row in sorted(rows, key=lambda r: (r.received_on, r.number)):
        location = row.location or _location_new(row, locations, result)
        try:
            feedback = _dossier_build(row, location, by=by)
        except ValidationError as exc:
            result.errors.append(row_error(row.number, "status", " ".join(exc.messages)))
        else:
            created.append(feedback)
            result.created += 1
            result.by_kind[feedback.kind] = result.by_kind.get(feedback.kind, 0) + 1
            if row.situation:
                situations[row.situation].append(feedback)
        progress(1)
    for title, dossiers in situations.items():
        _situation_link(title, dossiers, by=by)
        result.situations += 1
    OutboxMessage.objects.filter(
        feedback__channel=Channel.IMPORT,
        feedback__in=created,
        state=OutboxMessage.State.PENDING,
    ).update(state=OutboxMessage.State.SENT, sent_at=F("created_at"), last_error=NOT_SENT)


def _handler_for(feedback: Feedback, *, by: User | None) -> User | None:
    """Who handles an imported dossier: the location's manager, else the importer, else the
    first of the quality department; each only if `access.may_handle` this dossier."""
    for user in (feedback.location.manager, by):
        if user is not None and access.may_handle(user, feedback):
            return user
    candidates = access.handler_candidates(feedback)
    return candidates.filter(role__in=[Role.QUALITY_LEAD, Role.QUALITY_OFFICER]).first()


def _location_new(row: ImportRow, made: dict[str, Location], result: ImportResult) -> Location:
    key = normalise(row.location_name)
    if key not in made:
        made[key] = Location.objects.create(name=row.location_name, region=row.region)
        result.locations_created.append(row.location_name)
    made[key].services.add(row.service)
    return made[key]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, NOON))


def _dossier_build(row: ImportRow, location: Location, *, by) -> Feedback:
    """Receive the row's dossier and walk it to the status in the file, each step dated."""
    received_at = _aware(row.received_on)
    feedback = services.feedback_receive(
        kind=row.kind,
        location=location,
        service=row.service,
        description=row.summary,
        submitter_name=SUBMITTER,
        category=row.category,
        channel=Channel.IMPORT,
        created_by=by,
        received_at=received_at,
    )
    # After receipt: a meldcode category already made it restricted (who may handle it).
    handler = _handler_for(feedback, by=by)
    meldcode = row.status == Status.MELDCODE or row.closure_reason == ClosureReason.MELDCODE
    if handler is None and not meldcode and row.status not in (Status.RECEIVED, Status.REGISTERED):
        raise ValidationError(gettext(NO_HANDLER))
    closed_at = _aware(row.closed_on) if row.closed_on else received_at
    answered_on = row.answered_on or row.closed_on or row.received_on
    walk = {
        "by": by,
        "handler": handler,
        "text": row.handling or IMPORTED,
        "at": received_at,
        "moments": {
            "judge": _aware(answered_on),
            **dict.fromkeys(("close", "resolve", "withdraw", "close_meldcode"), closed_at),
        },
        "judging": Judging(
            outcome=row.outcome,
            reasoning=row.handling or IMPORTED,
            no_measures_reason=NO_MEASURES,
            decided_on=answered_on,
            contact=IMPORTED,
            contact_channel="",
            letter=False,  # the letter was sent before Klachtwijs kept the dossier
        ),
    }
    if row.outcome:
        feedback = services.walk_to(feedback, Status.ANSWERED, **walk)
    services.walk_to(feedback, row.status, closure=row.closure_reason or None, **walk)
    _texts(feedback.pk, row, by=by, at=closed_at)
    return feedback


def _texts(feedback_id: int, row: ImportRow, *, by, at: datetime) -> None:
    """The report texts of the file; a dossier still in the meldcode route keeps them as an
    internal note, since report texts wait until that route ends (`workflow`)."""
    if not (row.summary or row.handling):
        return
    feedback = Feedback.objects.get(pk=feedback_id)
    if workflow.refusal(feedback, "report_texts") is None:
        services.feedback_set_report_texts(
            feedback_id=feedback_id, by=by, summary=row.summary, handling=row.handling, at=at
        )
    else:
        text = "\n\n".join(t for t in (row.summary, row.handling) if t)
        services.feedback_add_note(feedback_id=feedback_id, by=by, text=text, at=at)


def _situation_link(title: str, dossiers: list[Feedback], *, by) -> None:
    latest = max(f.received_at for f in dossiers)
    services.situation_link(feedback_ids=[f.pk for f in dossiers], title=title, by=by, at=latest)


# --- what the doors need around the import ------------------------------------------------

PENDING_HOURS = 24


def mappings_remember(*, chosen: Mappings) -> None:
    """Remember what the user chose in the mapping step, for every later import."""
    for (column, value), target in chosen.items():
        ImportMapping.objects.update_or_create(
            field=column, source_value=normalise(value), defaults={"target": target}
        )


def pending_store(*, by: User, filename: str, data: bytes, at: datetime) -> PendingImport:
    """Keep an upload between the steps of the web import; the same user's earlier upload and
    every upload older than a day go (the file holds personal data)."""
    pending_prune(at=at)
    PendingImport.objects.filter(created_by=by).delete()
    return PendingImport.objects.create(created_by=by, filename=filename[:200], data=data)


def pending_prune(*, at: datetime) -> None:
    """Remove uploads left for more than a day (each visit of the import page asks this)."""
    PendingImport.objects.filter(created_at__lt=at - timedelta(hours=PENDING_HOURS)).delete()


def pending_new_locations(pending: PendingImport) -> dict[str, NewLocation]:
    """The locations chosen to be created, read back from the upload (ids still existing)."""
    regions = Region.objects.in_bulk([v["region"] for v in pending.new_locations.values()])
    services = Service.objects.in_bulk([v["service"] for v in pending.new_locations.values()])
    return {
        key: NewLocation(
            name=value["name"], region=regions[value["region"]], service=services[value["service"]]
        )
        for key, value in pending.new_locations.items()
        if value["region"] in regions and value["service"] in services
    }


def pending_choose_locations(pending: PendingImport, *, new: list[NewLocation]) -> None:
    """Note the locations to create when this upload is imported (nothing is created yet)."""
    pending.new_locations |= {
        normalise(n.name): {"name": n.name, "region": n.region.pk, "service": n.service.pk}
        for n in new
    }
    pending.save(update_fields=["new_locations"])


def region_for_import(name: str, *, create: bool) -> tuple[Region | None, bool]:
    """The GGD region `name` means (with or without "GGD", any case or accents); with `create`,
    a missing one of the 25 GGD regions (`organisation.presets.region_preset`) is made with the
    GGD's own name, its e-mail address left empty to fill in on the set-up page. A name that is
    not one of the 25 is never made (a typo would become a new region). Returns the region
    (None if unknown) and whether it was made."""
    found = Vocabularies.load()["regio"].match(name)
    if found is not None or not create:
        return found, False
    preset = region_preset(name)
    if preset is None:
        return None, False
    region, ggd = preset
    return Region.objects.create(name=region, ggd_name=ggd, ggd_email=""), True


def service_for_import(name: str | None, *, create: bool) -> tuple[Service | None, bool]:
    """The service `name` means; with `create`, a preset service (`synonyms.SERVICE_PRESETS`)
    that does not exist yet is made, and without a name the preset "Dagopvang" when there is
    no service at all. Returns the service (None: none named, or unknown) and whether it was
    made."""
    if name:
        found = Vocabularies.load()["dienst"].match(name)
        if found is not None:
            return found, False
        preset = service_preset(name)
    elif Service.objects.exists():
        return None, False
    else:
        preset = SERVICE_PRESETS[DEFAULT_SERVICE]
    if preset is None or not create:
        return None, False
    service_name, framework = preset
    return Service.objects.create(name=service_name, framework=framework), True
