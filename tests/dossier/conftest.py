import pytest
from django.test import Client

from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_user():
    """A client signed in (with verified 2FA) as the given user."""

    def sign_in(user) -> Client:
        return login_staff(Client(), user)

    return sign_in


@pytest.fixture
def lead():
    return UserFactory(role=Role.QUALITY_LEAD)


@pytest.fixture
def meldcode_officer():
    return UserFactory(role=Role.MELDCODE_OFFICER)


@pytest.fixture
def manager(location):
    user = UserFactory(role=Role.HANDLER, locations=[location], first_name="Mira")
    location.manager = user
    location.save(update_fields=["manager"])
    return user


@pytest.fixture
def stranger():
    """A handler at another location."""
    return UserFactory(role=Role.HANDLER, locations=[LocationFactory()])


@pytest.fixture
def dossier(location, officer):
    return FeedbackFactory(location=location)
