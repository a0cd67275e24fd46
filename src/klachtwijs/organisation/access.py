"""THE permission module: role plus location scope decides every list, page, action, export,
download and preview (DESIGN §1, LEGAL.md H6 and M2).

Views, the API, exports and documents get their dossiers through `feedback_visible()` and
`feedback_get()`, and ask `can()` / `require()` before acting. A dossier outside the user's scope
is "missing" (404), whether it exists or not; an action the role may not do is 403.
"""

from collections.abc import Mapping

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, QuerySet, Value, When
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
    "correct_service": frozenset({QO, QL}),
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
    "meldcode_concerned": frozenset({QL, MO}),
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
    "meldcode_settings": frozenset({QL, ADM}),  # who decides, who heads the organisation
}
ORGANISATION_WIDE = frozenset({QO, QL, MG})

# --- Setting up and keeping the settings in the product (issue 14): the back office's own pages
# for what the admin used to be needed for; the admin stays for rare technical work.
ACTIONS.update(
    {
        "setup": frozenset({ADM, QL}),  # the checklist and the staff list
        "settings_organisation": frozenset({ADM, QL}),  # details, logo, regions, locations
        "settings_texts": frozenset({ADM, QL}),  # report texts, the regulation, mail texts
    }
)

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
# The staff page in the product (issue 14): invite people, change their role and locations,
# reset a lost authenticator. Which accounts and roles: `staff_manageable`, `roles_assignable`.
ACTIONS["staff_manage"] = frozenset({ADM, QL})
# Webhooks to other systems (issue 15): which events go where. The quality lead too, as the one
# who answers for the data that leaves (a subscription may be allowed personal data).
ACTIONS["settings_webhooks"] = frozenset({ADM, QL})
# Mail from parents that found no dossier (issue 15, `klachtwijs.mailin`): the quality
# department reads it and links it to a dossier or discards it. Which mails: `mail_visible`.
ACTIONS["mail_inbox"] = frozenset({QO, QL})
# The inspector's evidence pack (issue 17, `reports.evidence`): the quality department answers
# to the GGD. It picks the sample of dossiers among those it may see (`feedback_visible`).
ACTIONS["evidence_pack"] = frozenset({QO, QL})


def roles_assignable(user: User) -> list[str]:
    """The roles `user` may give on the staff page: the administrator any; the quality lead
    any but administrator, so nobody gains the administrator's sections through them."""
    if not can(user, "staff_manage"):
        return []
    if user.role == ADM:
        return list(Role.values)
    return [role for role in Role.values if role != ADM]


def staff_manageable(user: User) -> QuerySet[User]:
    """The accounts `user` may change, reset or send a new link on the staff page: people
    (never an API token's service account), never their own account (nobody changes their own
    role or second factor), and for the quality lead no administrator."""
    if not can(user, "staff_manage"):
        return User.objects.none()
    users = User.objects.filter(api_token__isnull=True).exclude(pk=user.pk)
    return users.filter(role__in=roles_assignable(user))


def can_see_restricted(user: User) -> bool:
    """Meldcode dossiers: only meldcode officers, the quality lead and designated officers."""
    return user.role in (MO, QL) or (user.role == QO and user.meldcode_designated)


def concerned_candidates() -> QuerySet[User]:
    """Whom a suspicion of abuse may be about (LEGAL.md M2): anyone with an active account,
    never an API token's service account. The meldcode form and the API offer this list."""
    return User.objects.filter(is_active=True, api_token__isnull=True).order_by(
        "last_name", "username"
    )


def decider_candidates() -> QuerySet[User]:
    """Whom the organisation may name to decide in the meldcode route (LEGAL.md M1): active
    people whose role records the route's steps (`ACTIONS["meldcode"]`, who also see its
    dossiers), never an API token's service account. The settings page, the admin and the
    service offer this list."""
    return User.objects.filter(
        role__in=ACTIONS["meldcode"], is_active=True, api_token__isnull=True
    ).order_by("last_name", "first_name", "username")


def _route_excludes(feedback) -> set[int]:
    """Who the meldcode route goes around on this dossier (LEGAL.md M2): the employee the
    suspicion is about, whatever their role. The head of the organisation, when suspected, is
    that employee (`about_the_head`), so this holds for them too, named decider or not."""
    return {feedback.concerned_employee_id} - {None}


def about_the_head(feedback) -> bool:
    """Is the suspicion about the head of the organisation (`Organisation.head`, LEGAL.md M2)?
    Then the route goes around them as around any employee concerned, the named decider
    included; the pages say so, so nobody takes the matter to them."""
    from klachtwijs.organisation.selectors import organisation_get

    head_id = organisation_get().head_id
    return head_id is not None and feedback.concerned_employee_id == head_id


def meldcode_decider(feedback) -> User | None:
    """THE answer to "who decides in this meldcode dossier" (step 5: a report to Veilig
    Thuis; Besluit verplichte meldcode art. 2, LEGAL.md M1): the location's named decider,
    else the organisation's. One the route goes around (the employee concerned, the head when
    the suspicion is about them, M2) or who no longer records the steps (an inactive account,
    another role: `decider_candidates`) is passed over. None: nobody named is left, and
    whoever records the steps decides (`may_decide_meldcode`)."""
    from klachtwijs.organisation.selectors import organisation_get

    excluded = _route_excludes(feedback)
    for user_id in (feedback.location.meldcode_decider_id, organisation_get().meldcode_decider_id):
        if user_id is None or user_id in excluded:
            continue
        user = decider_candidates().filter(pk=user_id).first()
        if user is not None:
            return user
    return None


def may_decide_meldcode(user: User, feedback) -> bool:
    """May `user` record the decision step of this meldcode dossier? Only the named decider
    (`meldcode_decider`); when nobody named is left, whoever records the steps (the doors ask
    `can(user, "meldcode")` first). Never the employee concerned (LEGAL.md M1, M2). The service
    asks this, so every door refuses alike."""
    if user.pk in _route_excludes(feedback):
        return False
    decider = meldcode_decider(feedback)
    return decider is None or decider.pk == user.pk


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


def _feedback_model():
    """The dossier model, by name: the apps above this one (feedback) own it, and this
    module may not import upwards (the layers in pyproject.toml)."""
    return apps.get_model("feedback", "Feedback")


def feedback_visible(user: User) -> QuerySet:
    """Every dossier the user may see; the base of every list, page and export."""
    Feedback = _feedback_model()

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
    user: User,
    feedback_id: int,
    action: str = "dossier_view",
    *,
    related: tuple[str, ...] = (),
    annotate: Mapping[str, object] | None = None,
):
    """The dossier, if the user may see it and do `action`; missing and not-yours are 404.

    The role comes first (403 whatever the dossier), as in `decorators.staff_view`, so every
    door answers a role that may not do `action` alike, and tells it nothing about the dossier.
    `related`: foreign keys to join in the same query (`select_related`); `annotate`: values
    to read in the same query (`QuerySet.annotate`).
    """
    require(user, action)
    try:
        queryset = feedback_visible(user).select_related(*related)
        if annotate:
            queryset = queryset.annotate(**annotate)
        feedback = queryset.get(pk=feedback_id)
    except (ValueError, feedback_visible(user).model.DoesNotExist):
        raise Http404 from None
    return feedback


# --- who reads the parent's and the children's personal data (issue 17) ---------------------

# Those who work on dossiers read them in full: the quality department, handlers, the meldcode
# officer, and the employee who submitted on a parent's behalf (they wrote it). Management reads
# patterns, not people: names, contact details and free text are left out of its dossier pages,
# downloads and API answers, unless the quality lead granted it this dossier in full
# (`FullViewGrant`, logged). The client panel never opens dossiers at all ("dossier_view").
# AVG art. 5(1)(c) (data minimisation); the form's privacy promise says the same.
PERSONAL_DATA_ROLES = frozenset({QO, QL, H, MO, EMP})
ACTIONS["full_view_grant"] = frozenset({QL})
FULL_VIEW_DAYS = 30


def full_view_ids(user: User, *, today) -> set[int] | None:
    """The dossiers `user` reads in full: None for all (the roles that work on dossiers), else
    those the quality lead granted and whose grant runs today. One query at most, for lists."""
    if user.role in PERSONAL_DATA_ROLES:
        return None
    if not can(user, "dossier_view"):
        return set()
    Grant = apps.get_model("feedback", "FullViewGrant")
    grants = Grant.objects.filter(user=user, until__gte=today)
    return set(grants.values_list("feedback_id", flat=True))


def sees_personal_data(user: User, feedback, *, today) -> bool:
    """THE answer to "may this user read the parent's and children's personal data here?".

    Every door that shows a dossier asks this (or `full_view_ids` for a list): the dossier
    page, document downloads, the API.
    """
    ids = full_view_ids(user, today=today)
    return ids is None or feedback.pk in ids


def full_view_candidates(feedback) -> QuerySet[User]:
    """Who may be granted a dossier in full: active staff who see it, but not its personal data
    (management); never the employee a meldcode dossier is about (M2)."""
    users = User.objects.filter(is_active=True, role=MG, api_token__isnull=True)
    if feedback.concerned_employee_id:
        users = users.exclude(pk=feedback.concerned_employee_id)
    if feedback.is_restricted:
        return users.none()  # management never opens a meldcode dossier (M2, M4)
    return users.order_by("last_name", "first_name", "username")


def mail_visible(user: User) -> QuerySet:
    """The unmatched mails from parents `user` may read (`ACTIONS["mail_inbox"]`): those that
    name no dossier, and those whose signed reply address named one the user may see
    (`feedback_visible`): a reply about a meldcode dossier stays with its people (M2)."""
    Mail = apps.get_model("mailin", "InboundMail")
    if not can(user, "mail_inbox"):
        return Mail.objects.none()
    return Mail.objects.filter(
        Q(feedback__isnull=True) | Q(feedback__in=feedback_visible(user).values("pk"))
    )


# --- who counts: bare figures ----------------------------------------------------------------


def feedback_counted(user: User) -> QuerySet:
    """The dossiers a user's counters count: what they see (`feedback_visible`), and for the
    roles with the dashboard also the meldcode dossiers, which they get as a bare number only
    (LEGAL.md M4). Never a dossier about the user: a counter that moves when a meldcode route
    starts about them would tell them (M2).
    """
    Feedback = _feedback_model()

    if not can(user, "dashboard"):
        return feedback_visible(user)
    return Feedback.objects.exclude(concerned_employee=user)


# --- who may handle ------------------------------------------------------------------------

# Who may be a dossier's handler or a measure's owner: the roles that can do a handler's work,
# derived from the action table so the two never disagree (DESIGN §1: a location manager or
# support-department staff, the quality department; the meldcode officer for meldcode
# dossiers). Management reads and is not assigned work it could not do; employees and the
# client panel only submit or read; administrators configure; API tokens' service accounts
# never handle work.
HANDLING_ROLES = ACTIONS["contact"] | ACTIONS["meldcode"]
_SEES_RESTRICTED = Q(role__in=[MO, QL]) | Q(role=QO, meldcode_designated=True)


def handler_candidates(feedback=None) -> QuerySet[User]:
    """THE answer to "who may handle": active staff in HANDLING_ROLES without an API token.

    For a dossier, those who will see it once assigned: a handler sees what is assigned to
    them, the quality department and management see everything, the meldcode officer only
    meldcode dossiers; for a meldcode dossier only those who may see it (`can_see_restricted`),
    never the employee it is about (LEGAL.md M2). Support-department staff handle dossiers of
    any location, so the location does not limit who may; it orders the list: the location's
    manager first, then its staff, then by name. The assign and measure forms, the list filter,
    the importer, the API and `feedback_assign` all ask this (or `may_handle`).
    """
    users = User.objects.filter(is_active=True, role__in=HANDLING_ROLES, api_token__isnull=True)
    if feedback is None:
        return users.order_by("last_name", "first_name", "username")
    if feedback.is_restricted:
        users = users.filter(_SEES_RESTRICTED)
        if feedback.concerned_employee_id:
            users = users.exclude(pk=feedback.concerned_employee_id)
    else:
        users = users.exclude(role=MO)  # the meldcode officer sees only meldcode dossiers
    location = feedback.location
    here = User.locations.through.objects.filter(location_id=location.pk).values("user_id")
    first = Case(
        When(pk=location.manager_id, then=Value(0)),
        When(pk__in=here, then=Value(1)),
        default=Value(2),
    )
    return users.annotate(first=first).order_by("first", "last_name", "first_name", "username")


def may_handle(user: User, feedback=None) -> bool:
    """May `user` be this dossier's handler or own one of its measures (or, without a dossier,
    any)? Exactly `handler_candidates(feedback)`, so the two can never disagree."""
    if user is None or user.pk is None:
        return False
    return handler_candidates(feedback).filter(pk=user.pk).exists()


# --- who is told ---------------------------------------------------------------------------

# The purposes of staff mail; `recipients` knows who hears of each.
TOLD_NEW_DOSSIER = "new_dossier"  # a new dossier came in (quality, complaints officer)
TOLD_PARENT_INFO = "parent_info"  # the parent added information (handler, else as new)
TOLD_TERM = "term"  # the term nears or has passed (handler and quality)
TOLD_MEASURE = "measure"  # measures nearing their date (their owner)
TOLD_ACK_FAILED = "ack_failed"  # the acknowledgement could not be sent (quality)
TOLD_QUIET = "quiet"  # the parent heard nothing for a while (handler, else quality)
TOLD_TEAM = "team_share"  # a compliment or improvement point for the location's team
TOLD_ANNUAL_REPORT = "annual_report"  # last year's report is not sent yet (quality)
TOLD_ANNUAL_REPORT_LATE = "annual_report_late"  # ... and it is past 31 May (quality lead)
TOLD_UNMATCHED_MAIL = "unmatched_mail"  # a parent's mail found no open dossier (quality)
TOLD_ASSIGNED = "assigned"  # a dossier was assigned to a handler (that handler)
TOLD_MEASURE_DENIED = (
    "measure_denied"  # the parent says a measure did not happen (handler, quality)
)
TOLD_PATTERNS = "patterns"  # the weekly pattern alerts (quality lead, else quality officers)
TOLD_PURPOSES = frozenset(
    {
        TOLD_ASSIGNED,
        TOLD_MEASURE_DENIED,
        TOLD_NEW_DOSSIER,
        TOLD_PARENT_INFO,
        TOLD_TERM,
        TOLD_MEASURE,
        TOLD_ACK_FAILED,
        TOLD_QUIET,
        TOLD_TEAM,
        TOLD_ANNUAL_REPORT,
        TOLD_ANNUAL_REPORT_LATE,
        TOLD_UNMATCHED_MAIL,
        TOLD_PATTERNS,
    }
)


def quality_staff(feedback=None) -> QuerySet[User]:
    """Active staff with an e-mail address who hear of a dossier's news (or, without a dossier,
    of organisation-wide work such as the annual report): the quality department; for a meldcode
    dossier only those who may see it (`can_see_restricted`), never the employee concerned (M2).
    """
    return _told_users(_quality(feedback), feedback)


def _quality(feedback) -> Q:
    """The quality department; for a meldcode dossier the people who handle those instead."""
    if feedback is not None and feedback.is_restricted:
        return _SEES_RESTRICTED
    return Q(role__in=[QO, QL])


def _people(purpose: str, feedback, owner: User | None) -> tuple[Q, list[str]]:
    """Who `purpose` is for, before the guarantee of `recipients`: a filter on users, and any
    plain addresses (the complaints officer's)."""
    quality = _quality(feedback)
    handler = Q(pk=feedback.handler_id) if feedback is not None and feedback.handler_id else None
    if purpose == TOLD_NEW_DOSSIER:
        office = _complaints_officer_email()
        return quality, [office] if office else []
    if purpose == TOLD_PARENT_INFO:
        if handler is not None and _told_users(handler, feedback).exists():
            return handler, []
        return _people(TOLD_NEW_DOSSIER, feedback, owner)
    if purpose == TOLD_TERM:
        return (quality | handler) if handler is not None else quality, []
    if purpose == TOLD_MEASURE:
        return (Q(pk=owner.pk) if owner is not None else Q(pk__in=[])), []
    if purpose in (TOLD_ACK_FAILED, TOLD_ANNUAL_REPORT, TOLD_UNMATCHED_MAIL):
        return quality, []
    if purpose in (
        TOLD_ANNUAL_REPORT_LATE,
        TOLD_PATTERNS,
    ):  # the lead answers for it; without one, quality
        lead = Q(role=QL)
        return (lead if _told_users(lead, None).exists() else quality), []
    if purpose == TOLD_QUIET:  # H2: an unassigned dossier is the quality department's
        return handler if handler is not None else quality, []
    if purpose == TOLD_ASSIGNED:
        return (handler if handler is not None else Q(pk__in=[])), []
    if purpose == TOLD_MEASURE_DENIED:
        return (quality | handler) if handler is not None else quality, []
    if purpose == TOLD_TEAM:
        location = feedback.location_id
        return Q(locations=location) | Q(managed_locations=location), []
    raise ValueError(f"unknown purpose: {purpose}")


def _complaints_officer_email() -> str:
    from klachtwijs.organisation.selectors import organisation_get

    return organisation_get().complaints_officer_email or ""


def _told_users(people: Q, feedback) -> QuerySet[User]:
    """The guarantee on users: active, with an address; for a meldcode dossier only who may
    see it (`_SEES_RESTRICTED`, as `feedback_visible`), never the employee concerned (M2)."""
    users = User.objects.filter(people, is_active=True).exclude(email="")
    if feedback is not None and feedback.is_restricted:
        users = users.filter(_SEES_RESTRICTED)
    if feedback is not None and feedback.concerned_employee_id:
        users = users.exclude(pk=feedback.concerned_employee_id)
    return users


def recipients(purpose: str, feedback=None, *, owner: User | None = None) -> list[str]:
    """THE list of staff addresses told of `purpose` (one of TOLD_PURPOSES) about `feedback`.

    `owner`: for TOLD_MEASURE, the measures' owner. The guarantee, whatever the purpose: only
    active people with an address are told; for a meldcode dossier only those who may see it,
    and plain addresses (the complaints officer's) not at all; the employee the dossier is about
    is never told, also not through an address equal to theirs (LEGAL.md M2). Sorted, no
    duplicates. The services and reminders call this; none keeps its own list.
    """
    people, addresses = _people(purpose, feedback, owner)
    emails = set(_told_emails(people, feedback))
    if feedback is not None and feedback.is_restricted:
        addresses = []  # nobody can check who reads a plain address
    emails.update(a for a in addresses if a)
    blocked = ""
    if feedback is not None and feedback.concerned_employee_id:
        blocked = (
            User.objects.filter(pk=feedback.concerned_employee_id)
            .values_list("email", flat=True)
            .first()
            or ""
        )
    blocked = blocked.strip().casefold()
    return sorted(e for e in emails if not blocked or e.strip().casefold() != blocked)


def _told_emails(people: Q, feedback) -> frozenset[str]:
    """The addresses of `_told_users(people, feedback)`. Those of the quality department (told
    of every new dossier, `TOLD_NEW_DOSSIER`, and of most else) are kept in each worker's
    memory until any user changes (the version `core.middleware.USERS`, replaced on every save
    or delete of a user: here at once, in the other workers once it commits); the rest is read
    each time. Not kept when the dossier names an employee concerned (M2: left out)."""
    query = _told_users(people, feedback).values_list("email", flat=True)
    if (feedback is not None and feedback.concerned_employee_id) or people != _quality(feedback):
        return frozenset(query)
    from klachtwijs.core.cache import local_cached
    from klachtwijs.core.middleware import USERS

    restricted = feedback is not None and feedback.is_restricted
    return local_cached(USERS, ("quality_emails", restricted), lambda: frozenset(query))


# The parent's mail that is not an answer to their own step: the dossier is closed, a measure's
# follow-up question (issue 16). The parent of a meldcode dossier hears from the meldcode
# officer in person, not from an automatic mail (LEGAL.md M1, M4).
PARENT_CLOSED = "parent_closed"
PARENT_MEASURE_FOLLOWUP = "parent_measure_followup"
PARENT_PURPOSES = frozenset({PARENT_CLOSED, PARENT_MEASURE_FOLLOWUP})


def parent_recipients(purpose: str, feedback) -> list[str]:
    """THE answer to "does the parent get this mail, and where": the address they gave, unless
    the dossier is in the meldcode route or anonymised, and never an address of the employee
    the dossier is about (LEGAL.md M2; a colleague may have sent the klantreactie)."""
    if purpose not in PARENT_PURPOSES:
        raise ValueError(f"unknown purpose: {purpose}")
    email = (feedback.submitter_email or "").strip()
    if not email or feedback.is_restricted or feedback.anonymised_at is not None:
        return []
    if feedback.concerned_employee_id:
        concerned = (
            User.objects.filter(pk=feedback.concerned_employee_id)
            .values_list("email", flat=True)
            .first()
            or ""
        )
        if concerned.strip().casefold() == email.casefold():
            return []
    return [email]
