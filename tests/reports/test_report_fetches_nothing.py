"""The annual report's PDF renderer uses the letters' restricted URL fetcher
(core/url_fetcher.py; issue 15): an image in the organisation's own text loads nothing over the
network and no local file outside the media and static folders."""

import io
import socket
import threading

import pytest
from django.core.management import call_command
from PIL import Image
from pypdf import PdfReader

from klachtwijs.core.url_fetcher import restricted_url_fetcher
from klachtwijs.organisation.selectors import organisation_get
from tests.smtp import free_port

pytestmark = pytest.mark.django_db


class Listener:
    """A TCP server on loopback that counts the connections it gets."""

    def __init__(self):
        self.port = free_port(21000, 21999)
        self.connections = 0
        self._socket = socket.create_server(("127.0.0.1", self.port))
        self._socket.settimeout(0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self._socket.close()


def _png(path, size):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "red").save(path, "PNG")
    return path


def test_the_report_pdf_loads_nothing_from_the_network(tmp_path):
    listener = Listener()
    organisation = organisation_get()
    organisation.intro_text = f"![extern](http://127.0.0.1:{listener.port}/x.png)"
    organisation.save()
    output = tmp_path / "verslag.pdf"
    try:
        call_command("annual_report", "2025", "--format", "pdf", "--output", str(output),
                     stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    finally:
        listener.close()
    assert listener.connections == 0
    assert PdfReader(output).pages  # the report was made, without the image


def test_the_fetcher_loads_only_data_and_files_in_the_media_and_static_folders(settings, tmp_path):
    inside = _png(tmp_path / "media" / "logo.png", (3, 3))
    outside = _png(tmp_path / "elders" / "geheim.png", (5, 5))
    listener = Listener()
    fetcher = restricted_url_fetcher()
    try:
        with pytest.raises(ValueError, match="may not load"):
            fetcher.fetch(f"http://127.0.0.1:{listener.port}/x.png")
    finally:
        listener.close()
    assert listener.connections == 0
    with pytest.raises(ValueError, match="may not load"):
        fetcher.fetch(outside.as_uri())
    with pytest.raises(ValueError, match="may not load"):
        fetcher.fetch((tmp_path / "media" / ".." / "elders" / "geheim.png").as_uri())
    assert fetcher.fetch(inside.as_uri()) is not None
