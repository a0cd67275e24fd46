"""The rights of minors as a table (LEGAL.md P4, Jeugdwet 7.3.4–7.3.5): under 12 the parents
act; 12–15 the child and the parents together; 16 and older the young person."""

import pytest
from django.core.exceptions import ValidationError

from klachtwijs.feedback import minors
from klachtwijs.feedback.minors import (
    BOTH_MUST_AGREE,
    CHILD_UNDER_12,
    YOUNG_PERSON_DECIDES,
    request_refusal,
    who_acts,
)

UNDER_12, TEEN, ADULT = "under_12", "12_to_15", "16_plus"
PARENT, YOUNG, OTHER = "parent", "young_person", "other"


@pytest.mark.parametrize(
    ("band", "acts"),
    [
        (UNDER_12, minors.PARENTS),
        (TEEN, minors.CHILD_AND_PARENTS),
        (ADULT, minors.YOUNG_PERSON),
        ("", None),
    ],
)
def test_who_acts_per_age_band(band, acts):
    assert who_acts(band) == acts


# band, writer, erase, both_agree, young_person_agrees -> refusal ("" = allowed)
TABLE = [
    # under 12: the parents act, the child does not
    (UNDER_12, PARENT, False, False, False, ""),
    (UNDER_12, PARENT, True, False, False, ""),
    (UNDER_12, OTHER, True, False, False, ""),
    (UNDER_12, YOUNG, False, False, False, CHILD_UNDER_12),
    (UNDER_12, YOUNG, True, True, True, CHILD_UNDER_12),
    # 12–15: both may see; erasing needs both
    (TEEN, PARENT, False, False, False, ""),
    (TEEN, YOUNG, False, False, False, ""),
    (TEEN, PARENT, True, False, False, BOTH_MUST_AGREE),
    (TEEN, YOUNG, True, False, False, BOTH_MUST_AGREE),
    (TEEN, PARENT, True, True, False, ""),
    (TEEN, YOUNG, True, True, False, ""),
    # 16 and older: the young person; a parent only with the young person's consent
    (ADULT, YOUNG, False, False, False, ""),
    (ADULT, YOUNG, True, False, False, ""),
    (ADULT, PARENT, False, False, False, YOUNG_PERSON_DECIDES),
    (ADULT, PARENT, True, True, False, YOUNG_PERSON_DECIDES),
    (ADULT, OTHER, False, False, False, YOUNG_PERSON_DECIDES),
    (ADULT, "", False, False, False, YOUNG_PERSON_DECIDES),
    (ADULT, PARENT, False, False, True, ""),
    (ADULT, PARENT, True, False, True, ""),
    # not asked (older dossiers, an API call without the answers): the handler checks
    ("", PARENT, True, False, False, ""),
    ("", "", False, False, False, ""),
]


@pytest.mark.parametrize(("band", "writer", "erase", "both", "agrees", "refusal"), TABLE)
def test_request_refusal_table(band, writer, erase, both, agrees, refusal):
    assert (
        request_refusal(
            age_band=band,
            submitter_role=writer,
            erase=erase,
            both_agree=both,
            young_person_agrees=agrees,
        )
        == refusal
    )


def test_rights_of_summarises_what_the_writer_may_ask_alone():
    teen = minors.rights_of(age_band=TEEN, submitter_role=PARENT)
    assert (teen.acts, teen.may_see, teen.may_erase) == (minors.CHILD_AND_PARENTS, True, False)
    adult = minors.rights_of(age_band=ADULT, submitter_role=YOUNG)
    assert (adult.is_young_person, adult.may_see, adult.may_erase) == (True, True, True)


def test_a_value_outside_the_choices_is_refused():
    with pytest.raises(ValidationError) as caught:
        minors.check_answers(submitter_role="grandma", age_band="baby")
    assert set(caught.value.message_dict) == {"submitter_role", "age_band"}
    minors.check_answers(submitter_role="", age_band="")
