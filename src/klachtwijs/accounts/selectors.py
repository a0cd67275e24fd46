"""Reads for the staff page: every account with the state of its sign-in."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.accounts.models import Invitation
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User

STATE_ACTIVE = _("actief")
STATE_INVITED = _("uitgenodigd")
STATE_EXPIRED = _("link verlopen: stuur een nieuwe")
STATE_NO_DEVICE = _("geen authenticator: stuur een nieuwe link")
STATE_OFF = _("uitgezet")


def _open_links(at) -> Q:
    return Q(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=at)


def _state(user: User) -> str:
    if not user.is_active:
        return STATE_OFF
    if user.enrolled:
        return STATE_ACTIVE
    if user.link_open:
        return STATE_INVITED
    if user.link_sent:
        return STATE_EXPIRED
    return STATE_NO_DEVICE


def _annotated(users: QuerySet[User]) -> QuerySet[User]:
    now = timezone.now()
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    links = Invitation.objects.filter(user=OuterRef("pk"))
    return users.annotate(
        enrolled=Exists(devices),
        link_open=Exists(links.filter(_open_links(now))),
        link_sent=Exists(links),
    )


def staff_overview(viewer: User) -> list[User]:
    """Every person with an account (not API tokens' service accounts), by name, each with
    `state` (a Dutch word) and `may_change` (the viewer may change them). Three queries."""
    editable = set(access.staff_manageable(viewer).values_list("pk", flat=True))
    users = _annotated(User.objects.filter(api_token__isnull=True))
    people = list(
        users.prefetch_related("locations").order_by("last_name", "first_name", "username")
    )
    for person in people:
        person.state = _state(person)
        person.may_change = person.pk in editable
    return people


def account_state(person: User) -> dict[str, object]:
    """The person's sign-in state and the history of their links (who sent which, when)."""
    annotated = _annotated(User.objects.filter(pk=person.pk)).get()
    return {
        "state": _state(annotated),
        "enrolled": annotated.enrolled,
        "history": list(person.invitations.select_related("created_by")),
    }
