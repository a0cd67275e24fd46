import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    """A webhook receiver on loopback, listening."""
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def receiver_down():
    """A receiver's address with nobody listening yet; `.start()` brings it up."""
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
