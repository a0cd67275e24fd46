import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory, organisation_set_up


def pytest_configure(config):
    """The parents' catalogs are compiled for the tests as `make run` does for the site (the
    .mo files are not in git); xdist workers use what the controller compiled."""
    if not hasattr(config, "workerinput"):
        from tests.parent_texts import compile_catalogs

        compile_catalogs()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty (memory) cache: tests roll back their transactions, so
    the on-commit invalidation of cached figures never runs between them."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Dutch. Django's LocaleMiddleware activates a request's language on
    the thread and never deactivates it, so a test client's English request would otherwise
    leave the next test (in the same worker) rendering English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _organisation_set_up(request, _empty_cache):
    """Every test with a database starts in a set-up organisation (issue 14: the public form
    is closed until then), so tests of the form need no set-up of their own. A test of the
    set-up itself asks for `fresh_install` instead."""
    if "fresh_install" in request.fixturenames:
        return
    if request.node.get_closest_marker("django_db") is None and not (
        DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("db")  # transactional where the test asks for it
    organisation_set_up()


@pytest.fixture
def fresh_install(db):
    """The database as `migrate` leaves it: the placeholder organisation, no regulation."""


@pytest.fixture
def location():
    return LocationFactory()


@pytest.fixture
def officer():
    return UserFactory(role=Role.QUALITY_OFFICER, username="kwaliteit")


@pytest.fixture
def handler(location):
    return UserFactory(role=Role.HANDLER, locations=[location])
