"""Writers of the organisation's settings that a rule of law depends on."""

import logging
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Organisation, User
from klachtwijs.organisation.selectors import organisation_get

logger = logging.getLogger(__name__)

DECIDER_NOT_ALLOWED = gettext_noop(
    "Kies iemand met een actief account die de stappen van de meldcode vastlegt: een "
    "aandachtsfunctionaris of het hoofd kwaliteit."
)
HEAD_UNKNOWN = gettext_noop("Kies een medewerker met een actief account.")


def location_field(location: Location) -> str:
    """The name of a location's decider in forms and errors (`location_<id>`)."""
    return f"location_{location.pk}"


@transaction.atomic
def meldcode_roles_set(
    *,
    decider: User | None,
    head: User | None,
    location_deciders: Mapping[Location, User | None],
    by: User,
) -> Organisation:
    """Name who decides in the meldcode route (step 5, a report to Veilig Thuis), for the
    organisation and, where it differs, per location; and who heads the organisation, so a
    route about them goes around them (Besluit verplichte meldcode art. 2; LEGAL.md M1, M2).

    A decider must be someone who records the route's steps (`access.decider_candidates`); the
    head any active account (`access.concerned_candidates`). Errors name their field.
    """
    deciders = access.decider_candidates()
    errors: dict[str, str] = {}
    if decider is not None and not deciders.filter(pk=decider.pk).exists():
        errors["meldcode_decider"] = gettext(DECIDER_NOT_ALLOWED)
    if head is not None and not access.concerned_candidates().filter(pk=head.pk).exists():
        errors["head"] = gettext(HEAD_UNKNOWN)
    for location, user in location_deciders.items():
        if user is not None and not deciders.filter(pk=user.pk).exists():
            errors[location_field(location)] = gettext(DECIDER_NOT_ALLOWED)
    if errors:
        raise ValidationError(errors)
    organisation = Organisation.objects.select_for_update().get(pk=organisation_get().pk)
    organisation.meldcode_decider = decider
    organisation.head = head
    organisation.save(update_fields=["meldcode_decider", "head"])
    for location, user in location_deciders.items():
        Location.objects.filter(pk=location.pk).update(meldcode_decider=user)
    # Who changed the route's roles, without names (the logs hold no personal data).
    logger.info("meldcode roles set by user %s", by.pk)
    return organisation
