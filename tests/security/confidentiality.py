"""Confidentiality as one invariant (issue #12 point 5, LEGAL.md M2): the employee a meldcode
dossier is about gets nothing of it, through any door.

`build_world` makes a location, the employee concerned (in a role given by the test), a meldcode
dossier about them walked with the real services, and a CONTROL: an ordinary judged dossier at
the same location with a measure the employee owns, which they DO see where their role allows, so
every check below is shown to be able to fail.

The checks each return a list of leaks (strings naming the door, the address or mail and what
leaked); the tests assert that list is empty. The surfaces are generated, never listed by hand:

- `url_leaks`: every pattern of the URL configuration (admin included), with real values for its
  arguments (`route_urls` fails loudly on an argument it cannot fill);
- `api_leaks`: every path and method of the generated OpenAPI schema;
- `outbox_leaks`: every OutboxMessage;
- `counter_snapshot`: the overview counters, dashboard figures and API figures, to compare with
  and without the dossier.

So a new view, endpoint or mail cannot skip them.
"""

import contextlib
import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback, Kind, MeldcodeStep, Outcome
from klachtwijs.feedback.reminders import reminders_send
from klachtwijs.feedback.services.walk import Judging
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role, User
from tests.factories import (
    FeedbackFactory,
    LocationFactory,
    MailTemplateFactory,
    UserFactory,
    category,
    unmatched_mail,
)
from tests.helpers import login_staff

# --- the roles the employee concerned can hold --------------------------------------------

# Each role they can hold; every one also with is_staff and is_superuser set (the "+su" ids):
# those flags must grant nothing (DESIGN §1: the role decides, not Django's flags).
ROLES: dict[str, dict[str, object]] = {
    "handler": {"role": Role.HANDLER},
    "employee": {"role": Role.EMPLOYEE},
    "quality_officer": {"role": Role.QUALITY_OFFICER},
    "designated_officer": {"role": Role.QUALITY_OFFICER, "meldcode_designated": True},
    "meldcode_officer": {"role": Role.MELDCODE_OFFICER},
    "quality_lead": {"role": Role.QUALITY_LEAD},
    "management": {"role": Role.MANAGEMENT},
    "administrator": {"role": Role.ADMINISTRATOR},
    "client_panel": {"role": Role.CLIENT_PANEL},
}
SUPERUSER = {"is_staff": True, "is_superuser": True}
VARIANTS: dict[str, dict[str, object]] = {
    **ROLES,
    **{f"{name}+su": {**flags, **SUPERUSER} for name, flags in ROLES.items()},
}

# What nobody but the people on the meldcode route may read: distinctive words in the parent's
# description, the meldcode step's decision, the parent's added information and their name.
DESCRIPTION = "blauwe plekken na het ophalen bij de Regenboogkamer"
DECISION = "Operatie Kraanvogel"
PARENT_INFO = "Merelzang-incident"
PARENT_NAME = "Tamara Vlinderbloem"
PARENT_EMAIL = "tamara.vlinderbloem@example.nl"
CONTROL_TEXT = "Zonnebloemgroep"
EMPLOYEE_EMAIL = "bram.kwetsbaar@example.nl"


@dataclass
class World:
    location: object
    employee: User
    officer: User
    lead: User
    meldcode_officer: User
    colleague: User
    control: Feedback
    dossier: Feedback  # the meldcode dossier about the employee
    concern_recorded_at: datetime
    objects: dict[str, object] = field(default_factory=dict)  # for URL arguments
    report: object = None

    @property
    def year(self) -> int:
        return timezone.localtime((self.dossier or self.control).received_at).year

    def markers(self) -> dict[str, re.Pattern]:
        """What of the meldcode dossier may show up nowhere the employee looks."""
        d = self.dossier
        return {
            "reference": _exact(d.reference),
            "description": _exact(DESCRIPTION),
            "meldcode decision": _exact(DECISION),
            "parent's information": _exact(PARENT_INFO),
            "parent's name": _exact(PARENT_NAME.split()[-1]),
            "parent's e-mail": _exact(PARENT_EMAIL),
        }

    def control_markers(self) -> dict[str, re.Pattern]:
        return {"reference": _exact(self.control.reference), "description": _exact(CONTROL_TEXT)}


def _exact(text: str) -> re.Pattern:
    """`text` as a whole word (a reference 2025-0002 does not match 2025-00021)."""
    return re.compile(r"(?<![\w-])" + re.escape(text) + r"(?![\w-]?\d)", re.IGNORECASE)


def may_handle(user: User, feedback: Feedback) -> bool:
    """`access.may_handle`, with the dossier when the core asks for one."""
    try:
        return access.may_handle(user, feedback)
    except TypeError:
        return access.may_handle(user)


# --- the world ------------------------------------------------------------------------------


def build_control(variant: str) -> World:
    """Everything but the meldcode dossier: the location, its people, the employee concerned in
    `variant`'s role, and the control dossier they may see (made by them, handled by them and a
    measure of theirs where their role may handle)."""
    location = LocationFactory()
    colleague = UserFactory(role=Role.HANDLER, locations=[location], email="lotte@example.nl")
    location.manager = colleague
    location.save()
    flags = VARIANTS[variant]
    employee = UserFactory(
        first_name="Bram",
        last_name="Kwetsbaar",
        email=EMPLOYEE_EMAIL,
        locations=[location],
        **flags,
    )
    officer = UserFactory(role=Role.QUALITY_OFFICER, email="kwaliteit@example.nl")
    lead = UserFactory(role=Role.QUALITY_LEAD, email="hoofd@example.nl")
    UserFactory(role=Role.QUALITY_OFFICER, meldcode_designated=True, email="aangewezen@example.nl")
    meldcode_officer = UserFactory(role=Role.MELDCODE_OFFICER, email="amk@example.nl")

    control = services.feedback_receive(
        kind=Kind.COMPLAINT,
        location=location,
        service=location.services.first(),
        category=category(),
        description=f"Het brengen bij de {CONTROL_TEXT} verliep chaotisch.",
        submitter_name="Karin de Wit",
        submitter_email="karin@example.nl",
        created_by=employee,
    )
    handler = employee if may_handle(employee, control) else colleague
    control = services.walk_to(
        control,
        "answered",
        by=officer,
        handler=handler,
        judging=Judging(
            outcome=Outcome.PARTLY_FOUNDED,
            reasoning="Het brengen kan rustiger.",
            measures=[
                services.MeasureInput(
                    description="Vaste brengmomenten",
                    owner=handler,
                    due_date=timezone.localdate() + timedelta(days=5),
                )
            ],
            contact="Gebeld met ouder.",
        ),
    )
    world = World(
        location=location,
        employee=employee,
        officer=officer,
        lead=lead,
        meldcode_officer=meldcode_officer,
        colleague=colleague,
        control=control,
        dossier=None,
        concern_recorded_at=None,
    )
    add_shared_objects(world)
    return world


def add_meldcode_dossier(
    world: World, *, remind: bool = True, named_after_start: bool = False
) -> World:
    """The meldcode dossier about the employee, walked with the services: received, assigned
    (to the employee where their role may handle it: the hardest case), the mail of that moment
    sent, then the meldcode route started about them, a step recorded whose decision names them,
    the parent's added information with a file, and the daily reminders run over the next weeks
    so every reminder that could exist does.

    `named_after_start`: the route starts about nobody, a first step is recorded, and only
    then is the employee named (`meldcode_concerned_set`, issue #13): from that moment on the
    same holds."""
    location, employee, mo = world.location, world.employee, world.meldcode_officer
    feedback = services.feedback_receive(
        kind=Kind.COMPLAINT,
        location=location,
        service=location.services.first(),
        category=category(),
        description=f"Mijn dochter had {DESCRIPTION}; Bram was die dag alleen op de groep.",
        submitter_name=PARENT_NAME,
        submitter_email=PARENT_EMAIL,
        submitter_phone="0687654321",
    )
    handler = employee if may_handle(employee, feedback) else world.colleague
    feedback = services.walk_to(feedback, "in_progress", by=world.officer, handler=handler)
    # What was mailed before anyone knew whom it was about has gone out (in production within
    # seconds); from here on nothing may reach the employee.
    call_command("send_outbox", stdout=io.StringIO())
    if named_after_start:
        services.meldcode_start(
            feedback_id=feedback.pk, text="Signalen van grensoverschrijdend gedrag.", by=mo
        )
        services.meldcode_step_record(
            feedback_id=feedback.pk,
            step=MeldcodeStep.Step.SIGNALS,
            at=timezone.now(),
            decision="Signalen op een rij gezet.",
            by=mo,
        )
        call_command("send_outbox", stdout=io.StringIO())
        world.concern_recorded_at = timezone.now()
        services.meldcode_concerned_set(feedback_id=feedback.pk, concerned_employee=employee, by=mo)
    else:
        world.concern_recorded_at = timezone.now()
        services.meldcode_start(
            feedback_id=feedback.pk,
            text="Signalen van grensoverschrijdend gedrag door een medewerker.",
            by=mo,
            concerned_employee=employee,
        )
    services.meldcode_step_record(
        feedback_id=feedback.pk,
        step=MeldcodeStep.Step.INSPECTOR,
        at=timezone.now(),
        decision=f"Vertrouwensinspecteur gebeld over {employee.get_full_name()}: {DECISION}, "
        "aangifte wordt overwogen.",
        by=mo,
    )
    services.feedback_add_parent_info(
        feedback_id=feedback.pk,
        text=f"Aanvulling over het {PARENT_INFO} van dinsdag.",
        attachments=[
            services.ParentFile(
                name="foto-vlinderbloem.pdf",
                content_type="application/pdf",
                file=io.BytesIO(b"%PDF-1.4 Vlinderbloem"),
            )
        ],
    )
    # The meldcode officer works in it: the access log now holds their visits.
    officer_client = login_staff(Client(), mo)
    assert officer_client.get(f"/staff/dossiers/{feedback.pk}/").status_code == 200
    world.dossier = Feedback.objects.get(pk=feedback.pk)
    if remind:
        run_reminders(world)
    return world


def run_reminders(world: World) -> None:
    """The reminder door (`send_reminders`) today, and the service on every later day a term,
    a measure or a quiet dossier gives cause to mail."""
    call_command("send_reminders", stdout=io.StringIO())
    today = timezone.localdate()
    days = {today + timedelta(days=settings.KLACHTWIJS["QUIET_DAYS"] + 1)}
    for due in (world.dossier.answer_due, world.control.answer_due):
        if due:
            days |= {due - timedelta(days=3), due + timedelta(days=1)}
    for day in sorted(days):
        reminders_send(today=day)


def add_shared_objects(world: World) -> None:
    """Objects URL arguments point at that exist with or without the meldcode dossier (so the
    counters compare like with like): a situation, an escalation, the year's report and a file
    of it, the parent's private link of the control, the question about its measure."""
    from klachtwijs.feedback.models import Escalation, Measure
    from klachtwijs.reports.models import ReportFile, Variant
    from klachtwijs.reports.services import report_get_or_create

    c, objects = world.control, world.objects
    objects["measure"] = Measure.objects.filter(feedback=c).first()
    # The control's parent is asked about its measure now, not by the reminders run after the
    # meldcode dossier: the dashboard counts the parents' answers (issue 16).
    services.measure_followup_ask(measure_id=objects["measure"].pk)
    other = FeedbackFactory(location=world.location)
    objects["situation"] = services.situation_link(
        feedback_ids=[c.pk, other.pk], title="Zelfde situatie", by=world.lead
    )
    objects["escalation"] = services.escalation_record(
        feedback_id=c.pk,
        by=world.lead,
        body=Escalation.Body.KLACHTENLOKET,
        started_on=timezone.localdate(),
    )
    world.report = report_get_or_create(
        year=world.year, region=None, variant=Variant.WKO, by=world.officer
    )
    objects["report_file"] = ReportFile.objects.create(
        report=world.report,
        format=ReportFile.Format.HTML,
        state=ReportFile.State.DONE,
        file=_content_file(b"<p>verslag</p>", "verslag.html"),
    )
    objects["status_token"] = link_new(c).rstrip("/").rsplit("/", 1)[-1]


def add_url_objects(world: World) -> None:
    """The meldcode dossier's own objects for URL arguments, where the core lets it have them:
    the parent's file, an escalation, a situation with the control."""
    from klachtwijs.feedback.models import Document, Escalation

    d, objects = world.dossier, world.objects
    objects["document"] = Document.objects.filter(feedback=d).first()  # the parent's file
    # A mail from the parent that waits for the quality department (mailin): it names the
    # dossier, so it is the dossier's (`access.mail_visible`).
    objects["mail"] = unmatched_mail(
        d, sender=PARENT_EMAIL, text=f"Nog iets over het {PARENT_INFO}.", reason="closed"
    )
    with contextlib.suppress(ValidationError):  # the core may refuse it
        objects["escalation"] = services.escalation_record(
            feedback_id=d.pk,
            by=world.lead,
            body=Escalation.Body.KLACHTENLOKET,
            started_on=timezone.localdate(),
        )
    with contextlib.suppress(ValidationError):  # the core may refuse it
        objects["situation"] = services.situation_link(
            feedback_ids=[d.pk, world.control.pk], title="Zelfde situatie", by=world.lead
        )


def _content_file(data: bytes, name: str):
    from django.core.files.base import ContentFile

    return ContentFile(data, name=name)


def build_world(variant: str) -> World:
    world = add_meldcode_dossier(build_control(variant))
    add_url_objects(world)
    return world


# --- reading a response -------------------------------------------------------------------


def response_text(response) -> str:
    """Everything a response shows, whatever its format (HTML, JSON, CSV, XLSX, DOCX, PDF)."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    if data.startswith(b"PK"):  # XLSX, DOCX: XML in a zip
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "\n".join(
                    archive.read(n).decode("utf-8", "replace")
                    for n in archive.namelist()
                    if n.endswith((".xml", ".rels", ".txt", ".csv"))
                )
        except zipfile.BadZipFile:
            pass
    if data.startswith(b"%PDF"):
        return pdf_text(data)
    return data.decode("utf-8", "replace")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        return data.decode("latin-1") + "\n".join(p.extract_text() or "" for p in reader.pages)
    except Exception:  # noqa: BLE001 - not a real PDF (a stored test file): read it as bytes
        return data.decode("latin-1")


def found(text: str, markers: dict[str, re.Pattern]) -> list[str]:
    return [name for name, pattern in markers.items() if pattern.search(text)]


# --- every URL pattern --------------------------------------------------------------------


@dataclass
class Route:
    pattern: str  # the whole pattern, prefixes included
    name: str
    callback: object
    kwargs: list[str]

    def __str__(self) -> str:
        return f"/{self.pattern} ({self.name})"


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            names = list(p.pattern.regex.groupindex)
            yield Route(prefix + str(p.pattern), f"{namespace}{p.name or ''}", p.callback, names)


def all_routes() -> list[Route]:
    """Every pattern of the current URL configuration (settings.ROOT_URLCONF)."""
    return list(_walk(get_resolver().url_patterns))


SETTINGS_OBJECTS = {
    "region_id": lambda dossier: dossier.location.region,
    "location_id": lambda dossier: dossier.location,
    "service_id": lambda dossier: dossier.service,
    "regulation_id": lambda dossier: apps.get_model("feedback", "Regulation").objects.first(),
    "template_id": lambda dossier: MailTemplateFactory(),
    # Webhooks (issue 15): a subscription's page shows its delivery log, never a dossier.
    "subscription_id": lambda dossier: _subscription(),
    # Single sign-on's group mapping (staff settings): a mapping of the concerned role.
    "mapping_id": lambda dossier: apps.get_model(
        "accounts", "OidcGroupMapping"
    ).objects.get_or_create(group="medewerkers", defaults={"role": "employee"})[0],
}


def _subscription():
    from tests.factories import WebhookSubscriptionFactory

    model = apps.get_model("webhooks", "WebhookSubscription")
    return model.objects.first() or WebhookSubscriptionFactory()


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


def _fill(pattern: str, values: dict[str, object]) -> str:
    path = _GROUP.sub(lambda m: str(values[m.group(1)]), pattern)
    path = _CONVERTER.sub(lambda m: str(values[m.group(1)]), path)
    path = path.replace("[\\s\\S]*", "onbekend").replace("^", "").replace("$", "")
    return "/" + path


def _admin_model(route: Route):
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    if not match:
        return None
    try:
        return apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return None


def _object_of(model, world: World) -> tuple[object, bool]:
    """An object of `model` for an admin URL: the meldcode dossier's own where the model belongs
    to a dossier, else any. True when it is the dossier itself: then only "nothing here" will do;
    an object that belongs to it (a mail about it) may show, as long as nothing of the dossier
    does (`_check`)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    d = world.dossier
    if model is Feedback:
        return d.pk, True
    for f in model._meta.get_fields():
        if getattr(f, "related_model", None) is Feedback and (f.many_to_one or f.many_to_many):
            obj = model.objects.filter(**{f.name: d}).first()
            if obj is not None:
                return obj.pk, False
    if model is User:
        return world.employee.pk, False
    if model is TOTPDevice:
        return TOTPDevice.objects.filter(user=world.employee).first().pk, False
    if model is apps.get_model("notifications", "MailTemplate"):
        return MailTemplateFactory().pk, False  # seeded by migrate, gone after a flush
    obj = model.objects.first()
    return (obj.pk if obj is not None else 0), False


def route_urls(route: Route, world: World) -> list[tuple[str, bool]]:
    """The route's URLs with real argument values, each with whether it addresses the meldcode
    dossier (or something of it). An argument no rule here knows fails the test loudly."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    d, o, name = world.dossier, world.objects, route.name
    values: dict[str, object] = {}
    addresses = False
    variants: list[dict[str, object]] = [{}]
    for arg in route.kwargs:
        if arg == "feedback_id" or (arg == "pk" and name.startswith("api:feedback")):
            values[arg], addresses = d.pk, True
        elif arg == "pk" and name.startswith("reports:"):
            values[arg] = world.report.pk
        elif arg == "pk" and name == "api:situation-detail":
            situation = o.get("situation")
            if situation is None:
                pytest.fail(f"{route}: no situation to show")
            values[arg] = situation.pk  # may hold the dossier: then nothing of it may show
        elif arg == "pk" and name.startswith("api:"):
            kind = name.split(":")[1].rsplit("-", 1)[0]
            obj = {"location": d.location, "region": d.location.region, "service": d.service}
            obj["category"] = d.category
            if kind not in obj:
                pytest.fail(f"{route}: no value for URL argument 'pk'; add one in route_urls")
            values[arg] = obj[kind].pk
        elif arg == "pk" and name.startswith("admin:otp_totp"):
            values[arg] = TOTPDevice.objects.filter(user=world.employee).first().pk
        elif arg == "object_id" and _admin_model(route) is not None:
            values[arg], addresses = _object_of(_admin_model(route), world)
        elif arg == "content_type_id":
            values[arg] = ContentType.objects.get_for_model(Feedback).pk
        elif arg == "object_id" and name == "admin:view_on_site":
            values[arg], addresses = d.pk, True
        elif arg == "id" and name == "admin:auth_user_password_change":
            values[arg] = world.employee.pk
        elif arg == "app_label":
            labels = sorted({m._meta.app_label for m in admin_site._registry})
            variants = [{"app_label": label} for label in labels]
        elif arg == "url":
            values[arg], addresses = f"feedback/feedback/{d.pk}/onbekend", True
        elif arg == "document_id":
            document = o.get("document")  # gone once the dossier is anonymised: any other
            values[arg] = document.pk if document else world.control.documents.first().pk
            addresses = addresses or document is not None
        elif arg == "measure_id":
            values[arg] = o["measure"].pk
        elif arg == "escalation_id":
            escalation = o.get("escalation")
            if escalation is None:
                pytest.fail(f"{route}: no escalation to address")
            values[arg] = escalation.pk
            addresses = addresses or escalation.feedback_id == d.pk
        elif arg == "file_pk":
            values[arg] = o["report_file"].pk
        elif arg == "number" and name == "reports:version_download":
            values[arg] = 1  # a final version of the year's report (none: 404, nothing shown)
        elif arg == "fmt" and name == "reports:version_download":
            values[arg] = "pdf"
        elif arg == "action" and name == "reports:step":
            values[arg] = "make_final"
        elif arg == "step" and name == "reports:jeugdwet_step":
            values[arg] = "adopt"
        elif arg == "year":
            values[arg] = str(world.year)
        elif arg == "user_id":  # the staff page of the employee concerned: nothing of a dossier
            values[arg] = world.employee.pk
        elif arg == "mail_id":  # a parent's mail whose reply address named the dossier
            values[arg], addresses = o["mail"].pk, True
        elif arg in SETTINGS_OBJECTS:  # the settings pages (issue 14): nothing of a dossier
            values[arg] = SETTINGS_OBJECTS[arg](d).pk
        elif arg == "token":
            # The parent's private link: the employee has none; a real link (the control's) so
            # the page itself is exercised.
            values[arg] = o["status_token"]
        elif arg == "signed":
            from klachtwijs.intake.views import CONFIRMATION_SALT

            values[arg] = signing.dumps(world.control.pk, salt=CONFIRMATION_SALT)
        elif arg == "version" and name.startswith("branding:"):
            # The house style (organisation/branding.py): the colour and logo, nothing of a
            # dossier; any version answers with the current one.
            values[arg] = "x"
        else:
            pytest.fail(f"{route}: no value for URL argument '{arg}'; add one in route_urls")
    urls = []
    for extra in variants:
        url = _fill(route.pattern, {**values, **extra})
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            pytest.fail(f"{route}: the URL made for it, {url}, does not resolve")
        if match.func is not route.callback and match.url_name != (route.name.split(":")[-1]):
            # An earlier pattern catches the URL first: it is crawled under its own route.
            continue
        urls.append((url, addresses))
    return urls


# Statuses that give nothing away about a dossier the URL names.
NOTHING = {301, 302, 303, 401, 403, 404, 405}


def _check(response, *, door: str, addresses: bool, world: World, seen: list[str]) -> list[str]:
    leaks = []
    if addresses and response.status_code not in NOTHING:
        leaks.append(f"{door}: answers {response.status_code} for the meldcode dossier")
    if response.status_code in (301, 302, 303):
        text = response.get("Location", "")  # where it leads is crawled itself
    else:
        text = response_text(response)
    hits = found(text, world.markers())
    if hits:
        leaks.append(f"{door}: shows {', '.join(hits)}")
    if found(text, world.control_markers()):
        seen.append(door)
    return leaks


def url_leaks(
    client: Client,
    world: World,
    *,
    seen: list[str] | None = None,
    counters: dict[str, object] | None = None,
) -> list[str]:
    """GET every URL of every pattern as the signed-in employee (and POST, empty, to every staff
    and API URL that names the meldcode dossier). `seen` collects where the control dossier
    showed; `counters` gets what `counter_snapshot` would read from the pages that count."""
    seen = [] if seen is None else seen
    leaks: list[str] = []
    for route in all_routes():
        for url, addresses in route_urls(route, world):
            post = addresses and not route.name.startswith("admin:")
            for method in ("get", "post") if post else ("get",):
                if route.name in COUNTERS:
                    cache.clear()  # see counter_snapshot
                response = getattr(client, method)(url)
                if counters is not None and route.name in COUNTERS and method == "get":
                    counters[route.name] = counter_value(response, COUNTERS[route.name])
                door = f"{method.upper()} {url} [{route.name}]"
                leaks += _check(response, door=door, addresses=addresses, world=world, seen=seen)
    return leaks


# --- every operation of the API schema ------------------------------------------------------


@functools.cache
def api_operations() -> list[tuple[str, str]]:
    """(path, method) of every operation in drf-spectacular's generated schema."""
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200, "the API schema is not served"
    return [
        (path, method)
        for path, item in response.json()["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def api_leaks(client: Client, world: World, *, seen: list[str] | None = None) -> list[str]:
    """Every schema operation as the employee: GET fetched; a write to a path that names a
    dossier sent (empty) with the meldcode dossier's id, and must find nothing."""
    seen = [] if seen is None else seen
    leaks: list[str] = []
    for path, method in api_operations():
        names = re.findall(r"{(\w+)}", path)
        values = {}
        for arg in names:
            if arg in ("id", "pk"):
                values[arg] = world.dossier.pk
            elif arg == "year":
                values[arg] = world.year
            else:
                pytest.fail(f"API {path}: no value for '{arg}'; add one in api_leaks")
        url = path.format(**values)
        addresses = bool(values.keys() & {"id", "pk"}) and "klantreacties" in path
        if method != "get" and not addresses:
            continue  # creating (the public form, on behalf of a parent) shows nothing old
        response = getattr(client, method)(url, {}, content_type="application/json")
        door = f"API {method.upper()} {url}"
        leaks += _check(response, door=door, addresses=addresses, world=world, seen=seen)
    return leaks


# --- the outbox -----------------------------------------------------------------------------


def outbox_leaks(world: World) -> list[str]:
    """Every mail to the employee's address that is about, or mentions, the meldcode dossier,
    queued once the concern was recorded or still waiting to be sent."""
    leaks = []
    address = world.employee.email.strip().casefold()
    markers = world.markers()
    for m in OutboxMessage.objects.all():
        if m.to.strip().casefold() != address:
            continue
        hits = found(f"{m.subject}\n{m.body_text}\n{m.body_html}", markers)
        if m.feedback_id == world.dossier.pk:
            hits.append("the dossier itself")
        after = m.created_at >= world.concern_recorded_at
        if hits and (after or m.state != OutboxMessage.State.SENT):
            leaks.append(f"mail {m.kind} to {m.to}: {', '.join(hits)}")
    return leaks


def control_mails(world: World) -> list[str]:
    """Mails to the employee about the control dossier (they own its measure)."""
    return list(
        OutboxMessage.objects.filter(
            to__iexact=world.employee.email, feedback=world.control
        ).values_list("kind", flat=True)
    )


# --- the counters ---------------------------------------------------------------------------

# Pages and endpoints that count dossiers, with what of each to compare. Not here: the annual
# report's figures (reports pages, the client panel, api:figures), the same for everyone by law:
# a meldcode dossier is in them as a bare count (LEGAL.md M4); their texts are checked.
COUNTERS = {
    "staff:home": ("counts", "by_location", "restricted_count"),
    "staff:mine": ("dossiers", "measures"),
    "staff:dashboard": ("figures",),
    "api:feedback-list": (),
    "api:situation-list": (),
}


def counter_snapshot(client: Client, world: World) -> dict[str, object]:
    """Every counter the employee can read, by page; the cache is emptied first (the tests'
    transactions never commit, so the cached overview would not notice the new dossier)."""
    from django.urls import reverse

    snapshot: dict[str, object] = {}
    for name, keys in COUNTERS.items():
        cache.clear()
        snapshot[name] = counter_value(client.get(reverse(name)), keys)
    return snapshot


def counter_value(response, keys: tuple[str, ...]) -> object:
    """The counts a page or endpoint shows (its status when it shows none)."""
    if response.status_code != 200:
        return response.status_code
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json()
    context = response.context
    value = {k: _plain(context[k]) for k in keys if k in context}
    page = context.get("page") if context else None
    if page is not None:
        value["total"] = page.paginator.count
    value["text"] = _numbers(response_text(response))
    return value


def _plain(value: object) -> object:
    if isinstance(value, list | tuple):
        if value and hasattr(value[0], "pk"):
            return sorted(v.pk for v in value)
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _numbers(html: str) -> list[str]:
    """The numbers a page shows, without its hidden tokens."""
    # The charts draw the figures compared beside this; their SVG holds generated ids.
    html = re.sub(r"<(script|style|svg)[\s\S]*?</\1>", "", html)
    html = re.sub(r'(value|nonce|content|href|action|src)="[^"]*"', "", html)
    return re.findall(r"\d+", html)


def counter_changes(before: dict, after: dict) -> list[str]:
    return [
        f"counter {name}: {before[name]!r} became {after[name]!r}"
        for name in before
        if before[name] != after[name]
    ]
