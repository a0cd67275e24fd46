import pytest
from django.core.cache import cache

from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty (memory) cache: tests roll back their transactions, so
    the on-commit invalidation of cached figures never runs between them."""
    cache.clear()


@pytest.fixture
def location():
    return LocationFactory()


@pytest.fixture
def officer():
    return UserFactory(role=Role.QUALITY_OFFICER, username="kwaliteit")


@pytest.fixture
def handler(location):
    return UserFactory(role=Role.HANDLER, locations=[location])
