import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from klachtwijs.api.services import api_token_create
from klachtwijs.organisation.models import Role


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def make_token():
    """make_token(role, locations) -> (token, key)."""

    def make(role: str = Role.QUALITY_OFFICER, locations=(), name: str | None = None):
        name = name or f"systeem-{role}-{len(locations)}"
        return api_token_create(name=name, role=role, locations=list(locations))

    return make


@pytest.fixture
def token_client(make_token):
    """token_client(role, locations) -> an APIClient that sends that token's key."""

    def make(role: str = Role.QUALITY_OFFICER, locations=(), name: str | None = None):
        _, key = make_token(role, locations, name)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make
