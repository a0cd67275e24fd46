"""Publishing a version of the complaints regulation (LEGAL.md H8).

Which bodies must have spoken depends on the frameworks of the organisation's services: under
the Wet kinderopvang the oudercommissie (or the central klantpanel) advises on the regulation
(Wko 1.60 lid 1 e); under the Jeugdwet the cliëntenraad must consent to it (Jeugdwet 4.2.1
lid 6, with the Wmcz). An organisation with both needs both. The admin's "publish" action and
the demo and the version page of the back office (`onboarding`) call `regulation_publish`;
nothing else sets `published_at`.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback.models import Regulation, RegulationAdvice
from klachtwijs.feedback.services._base import _now
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Service, User

NEEDS_ADVICE = gettext_noop(
    "Voor deze versie ontbreekt het advies van de oudercommissie of het klantpanel "
    "(Wet kinderopvang, art. 1.60)."
)
NEEDS_CONSENT = gettext_noop(
    "Voor deze versie ontbreekt de instemming van de cliëntenraad (Jeugdwet, art. 4.2.1 lid 6)."
)
ALREADY_PUBLISHED = gettext_noop("Deze versie is al gepubliceerd.")

A, B = RegulationAdvice.Kind, RegulationAdvice.Body
# (framework, kind, bodies that can give it, the message when it is missing)
REQUIRED = (
    (LegalFramework.WKO, A.ADVICE, {B.PARENT_COMMITTEE, B.CLIENT_PANEL}, NEEDS_ADVICE),
    (LegalFramework.JEUGDWET, A.CONSENT, {B.CLIENT_COUNCIL}, NEEDS_CONSENT),
)


def regulation_missing(regulation: Regulation) -> list[str]:
    """The Dutch reasons this version cannot be published yet (empty: it can)."""
    frameworks = set(Service.objects.values_list("framework", flat=True).distinct())
    given = set(regulation.advices.values_list("kind", "body"))
    return [
        gettext(message)
        for framework, kind, bodies, message in REQUIRED
        if framework in frameworks and not any((kind, body) in given for body in bodies)
    ]


@transaction.atomic
def regulation_publish(
    *, regulation_id: int, by: User | None, at: datetime | None = None
) -> Regulation:
    """Publish a version on the public page, once every advice and consent it needs is there."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation_id)
    if regulation.published_at is not None:
        raise ValidationError(gettext(ALREADY_PUBLISHED))
    missing = regulation_missing(regulation)
    if missing:
        raise ValidationError(missing)
    regulation.published_at, regulation.published_by = _now(at), by
    regulation.save(update_fields=["published_at", "published_by"])
    return regulation
