"""THE permission module: role plus location scope decides every list, page, action, export,
download and preview (DESIGN §1, LEGAL.md H6 and M2).

Views, the API, exports and documents get their dossiers through `feedback_visible()` and
`feedback_get()`, and ask `can()` / `require()` before acting. A dossier outside the user's scope
is "missing" (404), whether it exists or not; an action the role may not do is 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from klachtwijs.organisation.models import Location, Role, User

QO, QL, H, MO = Role.QUALITY_OFFICER, Role.QUALITY_LEAD, Role.HANDLER, Role.MELDCODE_OFFICER
MG, CP, EMP, ADM = Role.MANAGEMENT, Role.CLIENT_PANEL, Role.EMPLOYEE, Role.ADMINISTRATOR

# Who may do what. Dossier actions also need the dossier to be in the user's scope.
ACTIONS: dict[str, frozenset[str]] = {
    # reading
    "staff_home": frozenset({QO, QL, H, MO, MG, CP, EMP, ADM}),
    "dossier_list": frozenset({QO, QL, H, MO, MG, EMP}),
    "dossier_view": frozenset({QO, QL, H, MO, MG, EMP}),
    "document_download": frozenset({QO, QL, H, MO, MG}),
    "export": frozenset({QO, QL, MG}),
    "dashboard": frozenset({QO, QL, MG}),
    "report_view": frozenset({QO, QL, MG}),
    "client_panel": frozenset({CP, QO, QL, MG}),
    "access_log": frozenset({QL}),
    # writing a dossier
    "submit_on_behalf": frozenset({QO, QL, H, EMP}),
    "register": frozenset({QO, QL}),
    "assign": frozenset({QO, QL}),
    "contact": frozenset({QO, QL, H}),
    "note": frozenset({QO, QL, H, MO}),
    "message": frozenset({QO, QL, H}),
    "extend": frozenset({QO, QL, H}),
    "committee": frozenset({QO, QL, H}),
    "judge": frozenset({QO, QL, H}),
    "close": frozenset({QO, QL, H}),
    "resolve": frozenset({QO, QL, H}),
    "withdraw": frozenset({QO, QL, H}),
    "reopen": frozenset({QO, QL}),
    "start_meldcode": frozenset({QO, QL, H, MO}),
    "meldcode": frozenset({QL, MO}),
    "close_meldcode": frozenset({QL, MO}),
    "situation": frozenset({QO, QL}),
    "escalation": frozenset({QO, QL}),
    "measure": frozenset({QO, QL, H}),
    "measure_done": frozenset({QO, QL, H}),
    "report_texts": frozenset({QO, QL, H}),
    "share_team": frozenset({QO, QL, H}),
    # organisation-wide
    "improvement": frozenset({QO, QL}),
    "report_edit": frozenset({QO, QL}),
    "import": frozenset({QO, QL}),
}
ORGANISATION_WIDE = frozenset({QO, QL, MG})

# --- The Django admin (issue #12, "the admin is a door like the others") -----------------------
# "admin" lets a role in at all; each "admin_*" entry is one section (the ModelAdmins name theirs
# in `section`, core/admin_site.py). Dossiers and everything of a dossier are not in the admin:
# they have the staff pages, which are scoped and access-logged (DESIGN §1, LEGAL.md H6 and M2).
ACTIONS.update(
    {
        "admin": frozenset({ADM, QL}),
        "admin_organisation": frozenset({ADM}),  # organisation, regions, services, locations
        "admin_complaint_settings": frozenset({ADM, QL}),  # categories, the regulation
        "admin_staff": frozenset({ADM}),  # accounts and their authenticators
        "admin_sign_ins": frozenset({ADM}),  # lock-outs after failed sign-ins
        "admin_mail_texts": frozenset({ADM, QL}),
        "admin_outbox": frozenset({ADM, QL}),  # delivery monitor, no recipients or texts
        "admin_improvements": frozenset({QL}),  # organisation-wide, without their dossiers
        "admin_api_tokens": frozenset({QL}),  # the quality lead owns the data a token reads
        "admin_access_log": frozenset({QL}),
    }
)


def can_see_restricted(user: User) -> bool:
    """Meldcode dossiers: only meldcode officers, the quality lead and designated officers."""
    return user.role in (MO, QL) or (user.role == QO and user.meldcode_designated)


def can(user: User, action: str) -> bool:
    """May this (active, signed-in) user do `action` at all?"""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in ACTIONS[action]


def require(user: User, action: str) -> None:
    """403 unless the role may do `action`."""
    if not can(user, action):
        raise PermissionDenied


def locations_visible(user: User) -> QuerySet[Location]:
    """The locations whose dossiers the user may see."""
    if user.role in ORGANISATION_WIDE or user.role == MO:
        return Location.objects.all()
    if user.role in (H, EMP):
        return Location.objects.filter(staff=user)
    return Location.objects.none()


def feedback_visible(user: User) -> QuerySet:
    """Every dossier the user may see; the base of every list, page and export."""
    from klachtwijs.feedback.models import Feedback

    if not (user.is_authenticated and user.is_active):
        return Feedback.objects.none()
    role = user.role
    if role in ORGANISATION_WIDE:
        scope = Q()
    elif role == MO:
        scope = Q(is_restricted=True)
    elif role == H:
        # A subquery rather than a join: no dossier appears twice, so no DISTINCT is needed
        # (DISTINCT over every column of a list, and COUNT(DISTINCT …), are slow at scale).
        mine = User.locations.through.objects.filter(user_id=user.pk).values("location_id")
        scope = Q(handler=user) | Q(location_id__in=mine)
    elif role == EMP:
        scope = Q(created_by=user)
    else:
        return Feedback.objects.none()
    if not can_see_restricted(user):
        scope &= Q(is_restricted=False)
    # M2: never visible to the employee a suspicion is about, whatever their role.
    return Feedback.objects.filter(scope).exclude(concerned_employee=user)


def feedback_get(
    user: User, feedback_id: int, action: str = "dossier_view", *, related: tuple[str, ...] = ()
):
    """The dossier, if the user may see it and do `action`; missing and not-yours are 404.

    `related`: foreign keys to join in the same query (`select_related`).
    """
    try:
        feedback = feedback_visible(user).select_related(*related).get(pk=feedback_id)
    except (ValueError, feedback_visible(user).model.DoesNotExist):
        raise Http404 from None
    require(user, action)
    return feedback


def quality_staff(feedback=None) -> QuerySet[User]:
    """Active staff with an e-mail address who hear of a dossier's news (or, without a dossier,
    of organisation-wide work such as the annual report): the quality department; for a meldcode
    dossier only those who may see it (`can_see_restricted`), never the employee concerned (M2).
    """
    users = User.objects.filter(is_active=True).exclude(email="")
    if feedback is not None and feedback.is_restricted:
        users = users.filter(Q(role__in=[MO, QL]) | Q(role=QO, meldcode_designated=True))
        if feedback.concerned_employee_id:
            users = users.exclude(pk=feedback.concerned_employee_id)
        return users
    return users.filter(role__in=[QO, QL])


# Who may be a dossier's handler or a measure's owner: staff who work on dossiers.
HANDLING_ROLES = frozenset(set(Role) - {CP, ADM})


def may_handle(user: User) -> bool:
    """May this user be assigned a dossier (or own a measure)?"""
    return user.is_active and user.role in HANDLING_ROLES and not hasattr(user, "api_token")


def handler_candidates() -> QuerySet[User]:
    """Everyone `may_handle` allows; API tokens' service accounts never handle work."""
    return User.objects.filter(is_active=True, role__in=HANDLING_ROLES, api_token__isnull=True)
