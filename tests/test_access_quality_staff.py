"""Who hears of a dossier's news is decided by the permission module, like who may see it."""

import pytest

from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_ordinary_dossier_goes_to_the_quality_department():
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    lead = UserFactory(role=Role.QUALITY_LEAD)
    UserFactory(role=Role.MELDCODE_OFFICER)
    UserFactory(role=Role.QUALITY_OFFICER, is_active=False)
    assert set(access.quality_staff(FeedbackFactory())) == {officer, lead}


def test_meldcode_dossier_goes_only_to_who_may_see_it_and_never_to_the_employee_concerned():
    UserFactory(role=Role.QUALITY_OFFICER)
    designated = UserFactory(role=Role.QUALITY_OFFICER, meldcode_designated=True)
    meldcode = UserFactory(role=Role.MELDCODE_OFFICER)
    concerned = UserFactory(role=Role.QUALITY_LEAD)
    UserFactory(role=Role.HANDLER, meldcode_designated=True)  # the flag is for officers only
    feedback = FeedbackFactory(suspected_abuse=True)
    feedback.concerned_employee = concerned
    recipients = set(access.quality_staff(feedback))
    assert recipients == {designated, meldcode}
    for user in recipients:
        assert access.can_see_restricted(user)
