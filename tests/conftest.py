import pytest

from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory


@pytest.fixture
def location():
    return LocationFactory()


@pytest.fixture
def officer():
    return UserFactory(role=Role.QUALITY_OFFICER, username="kwaliteit")


@pytest.fixture
def handler(location):
    return UserFactory(role=Role.HANDLER, locations=[location])
