"""Rights of minors (LEGAL.md P4, Jeugdwet 7.3.4–7.3.5): who may exercise the rights over the
data of a dossier about a child, decided once for every door.

Under 12 the parents (or guardian) act; from 12 to 15 the child and the parents together (both
may see, erasing needs both); from 16 the young person alone (a parent only with the young
person's consent). The band is the one the writer chose on the form (`Feedback.age_band`, the
oldest child); who wrote it is `Feedback.submitter_role`. A request to see or erase data comes
from the writer's own e-mail address, so the writer is the one who asks.

Used by the status page (`intake.views`), the data-subject export and erase
(`privacy.subject_rights`) and shown on the dossier page. Pure: no ORM, no clock.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback.models import AgeBand, SubmitterRole

PARENTS = "parents"
CHILD_AND_PARENTS = "child_and_parents"
YOUNG_PERSON = "young_person"

WHO_ACTS = {
    AgeBand.UNDER_12: PARENTS,
    AgeBand.FROM_12_TO_15: CHILD_AND_PARENTS,
    AgeBand.FROM_16: YOUNG_PERSON,
}

CHILD_UNDER_12 = gettext_noop(
    "Het kind is jonger dan 12 jaar. Dan vragen de ouders of de voogd dit aan, niet het kind zelf."
)
BOTH_MUST_AGREE = gettext_noop(
    "Het kind is 12 tot en met 15 jaar. Gegevens wissen kan alleen als het kind en de ouders het "
    "allebei willen. Vraag of zij het er allebei mee eens zijn en leg dat vast."
)
YOUNG_PERSON_DECIDES = gettext_noop(
    "De jongere is 16 jaar of ouder. Dan beslist de jongere zelf over deze gegevens. Een ouder "
    "kan dit alleen vragen als de jongere ermee instemt."
)
BAD_ROLE = gettext_noop("Kies wie dit bericht schrijft.")
BAD_AGE_BAND = gettext_noop("Kies hoe oud het kind is.")


def who_acts(age_band: str) -> str | None:
    """Who exercises the rights for a child in `age_band`: `PARENTS` (under 12),
    `CHILD_AND_PARENTS` (12–15) or `YOUNG_PERSON` (16 and older); None when the band was not
    asked (the handler checks who may act). Jeugdwet 7.3.4–7.3.5."""
    return WHO_ACTS.get(age_band)


def request_refusal(
    *,
    age_band: str,
    submitter_role: str,
    erase: bool,
    both_agree: bool = False,
    young_person_agrees: bool = False,
) -> str:
    """Why the writer of a dossier may not have its data shown (`erase=False`) or erased
    (`erase=True`) on their own request; "" when they may. Jeugdwet 7.3.4–7.3.5.

    `both_agree`: the request says the child and the parents both want it (12–15, erase).
    `young_person_agrees`: the young person consents to a parent's request (16 and older).
    A writer who is not the young person (a parent, a guardian, someone on their behalf, or
    not asked) asks as the parents do.
    """
    acts = who_acts(age_band)
    is_young_person = submitter_role == SubmitterRole.YOUNG_PERSON
    if acts == PARENTS and is_young_person:
        return gettext(CHILD_UNDER_12)
    if acts == CHILD_AND_PARENTS and erase and not both_agree:
        return gettext(BOTH_MUST_AGREE)
    if acts == YOUNG_PERSON and not (is_young_person or young_person_agrees):
        return gettext(YOUNG_PERSON_DECIDES)
    return ""


@dataclass(frozen=True)
class Rights:
    """What the writer of a dossier may ask on their own (the status page says so)."""

    acts: str | None
    is_young_person: bool
    may_see: bool
    may_erase: bool


def rights_of(*, age_band: str, submitter_role: str) -> Rights:
    """The writer's rights over the dossier's data, from `request_refusal`."""
    refused = {
        erase: request_refusal(age_band=age_band, submitter_role=submitter_role, erase=erase)
        for erase in (False, True)
    }
    return Rights(
        acts=who_acts(age_band),
        is_young_person=submitter_role == SubmitterRole.YOUNG_PERSON,
        may_see=not refused[False],
        may_erase=not refused[True],
    )


def check_answers(*, submitter_role: str, age_band: str) -> None:
    """Refuse a value outside the choices (blank is allowed: not asked)."""
    errors = {}
    if submitter_role and submitter_role not in SubmitterRole.values:
        errors["submitter_role"] = gettext(BAD_ROLE)
    if age_band and age_band not in AgeBand.values:
        errors["age_band"] = gettext(BAD_AGE_BAND)
    if errors:
        raise ValidationError(errors)
