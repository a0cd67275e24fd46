import pytest

from tests.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
