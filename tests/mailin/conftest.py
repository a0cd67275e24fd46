import pytest

from tests.imap import imap_mailbox, imap_server  # noqa: F401 - fixtures
from tests.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
