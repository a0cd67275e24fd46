"""Every staff URL, taken from the URL configuration, against every kind of visitor.

For each pattern under /staff/ and /api/v1/: anonymous -> sign-in page (API: 401/403); a role
that may not do the view's action -> 403; a dossier outside the user's scope -> 404; the right
user -> the page. The list is generated, so a new view cannot skip this test: a staff view
without `@staff_view(action)` (or an API route missing from API_ACTIONS) fails
`test_every_staff_url_is_gated` unless it is in NOT_GATED with a reason.
"""

import io
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from klachtwijs.accounts.models import OidcGroupMapping
from klachtwijs.feedback.models import Document, Event, Measure, Regulation
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from tests.factories import (
    FeedbackFactory,
    LocationFactory,
    MailTemplateFactory,
    UserFactory,
    WebhookSubscriptionFactory,
    unmatched_mail,
)
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

PREFIXES = ("staff/", "api/v1/")
LOGIN = "/staff/account/inloggen/"

# Routes under PREFIXES that are not behind the staff gate, each with its reason.
NOT_GATED: dict[str, str] = {
    "accounts:login": "the sign-in page itself",
    "invitation:accept": "the one-time link of an invitation: the link is the key (tests/accounts)",
    "accounts:logout": "sign-out is for anyone signed in, POST only (tests/backoffice/test_login)",
    "oidc:start": "single sign-on: on to the organisation's provider (tests/sso)",
    "oidc:callback": "single sign-on: back from the provider, signs in (tests/sso)",
    "oidc:code": "single sign-on's TOTP step, for whom the provider just signed in (tests/sso)",
    "api:public-feedback": "the public form's endpoint: parents have no account",
    "api:region-list": "public reference data for the public form",
    "api:region-detail": "public reference data for the public form",
    "api:location-list": "public reference data for the public form",
    "api:location-detail": "public reference data for the public form",
    "api:service-list": "public reference data for the public form",
    "api:service-detail": "public reference data for the public form",
    "api:category-list": "public reference data for the public form",
    "api:category-detail": "public reference data for the public form",
}

# The API decides access inside its methods (DRF); this table names the action per method, so
# a new API route fails here until someone says which action guards it.
API_ACTIONS: dict[str, dict[str, str]] = {
    "api:feedback-list": {"get": "dossier_list", "post": "submit_on_behalf"},
    "api:feedback-detail": {"get": "dossier_view"},
    "api:feedback-timeline": {"get": "dossier_view"},
    "api:feedback-measures": {"get": "dossier_view"},
    "api:feedback-escalations": {"get": "dossier_view", "post": "escalation"},
    "api:situation-list": {"get": "dossier_list"},
    "api:situation-detail": {"get": "dossier_list"},
    "api:figures": {"get": "client_panel"},
    **{
        f"api:feedback-{name}": {"post": name}
        for name in (
            "assign",
            "close",
            "contact",
            "extend",
            "judge",
            "register",
            "reopen",
            "resolve",
            "withdraw",
            "note",
            "message",
            "situation",
            "report_texts",
            "share_team",
            "measure",
            "measure_done",
            "start_meldcode",
            "meldcode",
            "close_meldcode",
            "correct_service",
            "meldcode_concerned",
        )
    },
    "api:feedback-escalation_end": {"post": "escalation"},
}

# GET by the right user answers with a redirect instead of a page, and why.
REDIRECTS_OK: dict[str, str] = {
    "staff:measure_done": "marks a measure done on POST; GET goes back to the dossier",
    "import:mapping": "a step of the import: without an upload of this user, back to the upload",
    "import:preview": "a step of the import: without an upload of this user, back to the upload",
    "webhooks:secret": "makes a new secret on POST; GET goes back to the subscription",
}

# Roles in the order we pick them as "the right user" and as "a wrong role".
RIGHT_ORDER = [Role.QUALITY_OFFICER, Role.QUALITY_LEAD, Role.MANAGEMENT, Role.HANDLER]
RIGHT_ORDER += [Role.MELDCODE_OFFICER, Role.EMPLOYEE, Role.CLIENT_PANEL, Role.ADMINISTRATOR]
WRONG_ORDER = [Role.HANDLER, Role.MANAGEMENT, Role.CLIENT_PANEL, Role.ADMINISTRATOR]
WRONG_ORDER += [Role.EMPLOYEE, Role.MELDCODE_OFFICER, Role.QUALITY_OFFICER, Role.QUALITY_LEAD]
MELDCODE_ACTIONS = {"meldcode", "close_meldcode", "meldcode_concerned"}
# Dossier state that makes each action's form available, so the right user sees the form.
STATE_FOR = {
    "register": "received",
    "assign": "registered",
    "judge": "contacted",
    "committee": "contacted",
    "close": "answered",
    "reopen": "closed",
    "measure": "answered",
    "measure_done": "answered",
}
DOSSIER_KWARGS = {"feedback_id"}
# The settings pages' objects (/staff/inrichting/, issue 14).
SETTINGS_OBJECTS = {
    "region_id": lambda world: world.here.region,
    "location_id": lambda world: world.here,
    "service_id": lambda world: world.here.services.first(),
    "regulation_id": lambda world: Regulation.objects.first(),
    "template_id": lambda world: MailTemplateFactory(),
    "subscription_id": lambda world: WebhookSubscriptionFactory(),  # webhooks (issue 15)
    "mapping_id": lambda world: OidcGroupMapping.objects.get_or_create(
        group="medewerkers", defaults={"role": Role.EMPLOYEE}
    )[0],
}


@dataclass
class Route:
    path: str
    name: str
    callback: object
    kwargs: list[str] = field(default_factory=list)

    @property
    def is_api(self) -> bool:
        return self.path.startswith("api/")

    def actions(self) -> dict[str, str]:
        """HTTP method -> access action that guards it ({} when unknown)."""
        if self.is_api:
            return API_ACTIONS.get(self.name, {})
        action = getattr(self.callback, "staff_action", None)
        return {"get": action} if action else {}

    def __str__(self) -> str:
        return f"/{self.path} ({self.name})"


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            path = prefix + str(p.pattern).lstrip("^").rstrip("$")
            if path.startswith(PREFIXES):
                names = list(p.pattern.regex.groupindex)
                yield Route(path, f"{namespace}{p.name or ''}", p.callback, names)


def staff_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


ROUTES = staff_routes()
GATED = [r for r in ROUTES if r.name not in NOT_GATED]


def test_every_staff_url_is_gated():
    ungated = [str(r) for r in GATED if not r.actions()]
    assert ungated == [], "Use @staff_view(action), or list the URL in NOT_GATED with a reason"


def test_the_list_is_not_empty():
    names = {r.name for r in ROUTES}
    assert {"staff:home", "staff:mine", "staff:dashboard", "staff:export_csv"} <= names


def test_allow_lists_hold_no_stale_names():
    names = {r.name for r in ROUTES}
    assert (set(NOT_GATED) | set(API_ACTIONS) | set(REDIRECTS_OK)) - names == set()


# --- the world every check runs in ---------------------------------------------------------


class World:
    """Two locations; users made per role on demand; dossiers and other objects on demand."""

    def __init__(self) -> None:
        self.here = LocationFactory()
        self.there = LocationFactory()
        self.officer = UserFactory(role=Role.QUALITY_OFFICER)
        self.handler = UserFactory(role=Role.HANDLER, locations=[self.here])
        self.here.manager = self.handler
        self.here.save()
        self.users: dict[str, object] = {}

    def user(self, role: str):
        if role not in self.users:
            locations = [self.here] if role in (Role.HANDLER, Role.EMPLOYEE) else []
            self.users[role] = UserFactory(role=role, locations=locations)
        return self.users[role]

    def dossier(self, action: str, *, location=None, restricted: bool = False):
        """A dossier in the state the action needs; `restricted`: on the meldcode side (a
        suspicion of abuse), so only the meldcode officers and the quality lead see it."""
        state = "meldcode" if action in MELDCODE_ACTIONS else STATE_FOR.get(action, "in_progress")
        traits = {} if state == "received" else {state: True}
        return FeedbackFactory(location=location or self.here, suspected_abuse=restricted, **traits)


def _report(world: World):
    from klachtwijs.reports.models import Variant
    from klachtwijs.reports.services import report_get_or_create

    year = timezone.localdate().year - 1
    return report_get_or_create(year=year, region=None, variant=Variant.WKO, by=world.officer)


def _final_version(report_id: int) -> None:
    """A stored final version (its files need not be a real rendering here)."""
    from django.utils import timezone as tz

    from klachtwijs.reports.models import ReportVersion

    if ReportVersion.objects.filter(report_id=report_id).exists():
        return
    version = ReportVersion(report_id=report_id, number=1, final_at=tz.now())
    version.pdf.save("v1.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    version.docx.save("v1.docx", ContentFile(b"PK test"), save=False)
    version.save()


def _kwargs(route: Route, world: World, dossier) -> dict[str, object]:
    """Real values for the route's URL arguments; unknown names fail loudly."""
    values: dict[str, object] = {}
    for name in route.kwargs:
        if name == "feedback_id" or (name == "pk" and route.name.startswith("api:feedback")):
            values[name] = dossier.pk
        elif name == "pk" and route.name.startswith("reports:"):
            values[name] = _report(world).pk
            if route.name in ("reports:version_download", "reports:panel_download"):
                _final_version(values[name])
        elif name == "pk" and route.name == "api:situation-detail":
            from klachtwijs.feedback.services import situation_link

            other = FeedbackFactory(location=dossier.location)
            values[name] = situation_link(
                feedback_ids=[dossier.pk, other.pk], title="Zelfde situatie", by=world.officer
            ).pk
        elif name == "measure_id":
            values[name] = Measure.objects.filter(feedback=dossier).first().pk
        elif name == "escalation_id":
            from klachtwijs.feedback.models import Escalation
            from klachtwijs.feedback.services import escalation_record

            values[name] = escalation_record(
                feedback_id=dossier.pk,
                by=world.officer,
                body=Escalation.Body.KLACHTENLOKET,
                started_on=timezone.localdate(),
            ).pk
        elif name == "document_id":
            document = Document.objects.create(
                feedback=dossier,
                kind=Document.Kind.ATTACHMENT,
                file=ContentFile(b"%PDF-1.4 test", name="bijlage.pdf"),
                filename="bijlage.pdf",
                content_type="application/pdf",
                size=13,
            )
            values[name] = document.pk
        elif name == "file_pk":
            from klachtwijs.reports.models import ReportFile

            report_file = ReportFile.objects.create(
                report_id=values.get("pk") or _report(world).pk,
                format=ReportFile.Format.HTML,
                state=ReportFile.State.DONE,
                file=ContentFile(io.BytesIO(b"<p>verslag</p>").getvalue(), name="verslag.html"),
            )
            values[name] = report_file.pk
        elif name == "action" and route.name == "reports:step":
            values[name] = "make_final"
        elif name == "user_id":
            values[name] = world.handler.pk
        elif name == "step" and route.name == "reports:jeugdwet_step":
            values[name] = "adopt"
        elif name == "number" and route.name == "reports:version_download":
            values[name] = 1
        elif name == "fmt" and route.name == "reports:version_download":
            values[name] = "pdf"
        elif name == "year":
            values[name] = str(timezone.localdate().year)
        elif name in SETTINGS_OBJECTS:
            values[name] = SETTINGS_OBJECTS[name](world).pk
        elif name == "mail_id":  # a parent's mail that found no dossier (mailin)
            values[name] = unmatched_mail().pk
        else:
            pytest.fail(f"{route}: no value for URL argument '{name}'; add one in _kwargs")
    return values


def _roles(action: str) -> tuple[str | None, str | None]:
    allowed = access.ACTIONS[action]
    right = next((r for r in RIGHT_ORDER if r in allowed), None)
    wrong = next((r for r in WRONG_ORDER if r not in allowed), None)
    return right, wrong


def _call(client, route: Route, method: str, url: str):
    if route.is_api and method == "post":
        return client.post(url, {}, content_type="application/json")
    return getattr(client, method)(url)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def _out_of_scope(world: World, action: str):
    """A user allowed `action` and a dossier outside their scope (location, or meldcode)."""
    allowed = access.ACTIONS[action]
    if Role.HANDLER in allowed:
        return world.user(Role.HANDLER), world.dossier(action, location=world.there)
    if Role.EMPLOYEE in allowed:
        return world.user(Role.EMPLOYEE), world.dossier(action)  # made by someone else
    if Role.QUALITY_OFFICER in allowed:
        return world.officer, world.dossier(action, restricted=True)
    if Role.MELDCODE_OFFICER in allowed:
        return world.user(Role.MELDCODE_OFFICER), FeedbackFactory(location=world.here)
    return None, None


@pytest.mark.parametrize("route", GATED, ids=str)
def test_staff_url_permissions(client, route: Route):
    actions = route.actions()
    if not actions:
        pytest.fail(f"{route} is not gated (see test_every_staff_url_is_gated)")
    method, action = next(iter(actions.items()))
    world = World()
    has_dossier = (
        bool(DOSSIER_KWARGS & set(route.kwargs))
        or route.name.startswith("api:feedback-")
        and "pk" in route.kwargs
    )
    dossier = world.dossier(action) if has_dossier or route.kwargs else None
    url = reverse(route.name, kwargs=_kwargs(route, world, dossier))

    # 1. Anonymous: the sign-in page (API: 401/403), whatever the method.
    for m in ("get", "post"):
        response = _call(client, route, m, url)
        if route.is_api:
            assert response.status_code in (401, 403, 405), f"anonymous {m} {url}"
        elif response.status_code != 405:
            assert _is_login_redirect(response), f"anonymous {m} {url}: {response.status_code}"

    right, wrong = _roles(action)

    # 2. A role that may not do this: 403 (404 when it may not even see the dossier).
    if wrong is not None:
        user = world.user(wrong)
        login_staff(client, user)
        response = _call(client, route, method, url)
        if response.status_code == 405:
            response = _call(client, route, "post", url)
        expected = {403}
        if dossier is not None and not access.feedback_visible(user).filter(pk=dossier.pk):
            expected.add(404)
        assert response.status_code in expected, f"{wrong} on {url}: {response.status_code}"
        client.logout()

    # 3. Outside the user's scope: 404.
    if has_dossier:
        user, foreign = _out_of_scope(world, action)
        if user is not None:
            login_staff(client, user)
            foreign_url = reverse(route.name, kwargs=_kwargs(route, world, foreign))
            response = _call(client, route, method, foreign_url)
            if response.status_code == 405:
                response = _call(client, route, "post", foreign_url)
            assert response.status_code == 404, f"{user.role} out of scope {foreign_url}"
            client.logout()

    # 4. The right user gets the page (a POST-only view refuses GET with 405; an action the
    # dossier's state does not allow is explained with 409).
    assert right is not None, f"nobody may do '{action}'"
    login_staff(client, world.officer if right == Role.QUALITY_OFFICER else world.user(right))
    response = client.get(url)
    ok = {200, 405} if method == "get" else {405}
    if not route.is_api:
        ok.add(409)
    if route.name in REDIRECTS_OK:
        ok.add(302)
    assert response.status_code in ok, f"{right} on {url}: {response.status_code}"
    assert not _is_login_redirect(response)


def test_post_only_api_actions_refuse_the_wrong_role(client):
    """Spot check that a POST action really runs the role check, not only the scope check."""
    world = World()
    dossier = world.dossier("register")
    login_staff(client, world.user(Role.MANAGEMENT))
    url = reverse("api:feedback-register", kwargs={"pk": dossier.pk})
    assert client.post(url, {}, content_type="application/json").status_code == 403
    assert Event.objects.filter(feedback=dossier, kind=Event.Kind.REGISTERED).count() == 0
