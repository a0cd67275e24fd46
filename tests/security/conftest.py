import pytest

from klachtwijs.organisation.models import Role
from tests.factories import UserFactory


@pytest.fixture
def quality_lead():
    return UserFactory(role=Role.QUALITY_LEAD, username="hoofdkwaliteit")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
