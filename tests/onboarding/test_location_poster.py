"""Issue 16: per location an A4 poster (PDF) with a QR code of the form link that preselects
the location; printed from the back office's location page. Read back: its text (pypdf) and
its QR code, decoded from the printed page (pdftoppm) or, without poppler, from the image
embedded in the PDF."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from klachtwijs.intake.poster import location_form_url
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
zxingcpp = pytest.importorskip("zxingcpp")


def _page_image(pdf: bytes, reader: PdfReader) -> Image.Image:
    """The printed page as an image (pdftoppm), else the PDF's embedded QR image."""
    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as folder:
            source, root = Path(folder) / "poster.pdf", Path(folder) / "page"
            source.write_bytes(pdf)
            subprocess.run(  # noqa: S603 - a fixed program, our own file
                ["pdftoppm", "-png", "-r", "100", "-singlefile", str(source), str(root)],  # noqa: S607
                capture_output=True,
                check=True,
            )
            image = Image.open(root.with_suffix(".png"))
            image.load()
            return image
    (image,) = reader.pages[0].images
    return image.image


def test_the_location_page_prints_a_poster_whose_qr_code_opens_its_form(client, settings):
    settings.SITE_URL = "https://klachten.vlinderboom.example"
    location = LocationFactory(name="De Regenboog")
    administrator = UserFactory(role=Role.ADMINISTRATOR, username="beheer")
    login_staff(client, administrator)

    page = client.get(f"/staff/inrichting/vestigingen/{location.pk}/").content.decode()
    poster_url = f"/staff/inrichting/vestigingen/{location.pk}/poster.pdf"
    assert poster_url in page
    link = location_form_url(location)
    assert link == "https://klachten.vlinderboom.example/klantreactie/?locatie=de-regenboog"
    assert link in page

    response = client.get(poster_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = " ".join(reader.pages[0].extract_text().split())
    assert "De Regenboog" in text
    assert "Vertel het ons." in text
    assert "Scan de code met de camera van uw telefoon." in text

    (code,) = zxingcpp.read_barcodes(_page_image(pdf, reader))
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == link
    # The link it holds preselects the location on the form.
    form = client.get(link.removeprefix(settings.SITE_URL)).content.decode()
    assert f'value="{location.pk}:{location.services.get().pk}" selected' in form


def test_the_poster_is_for_those_who_set_up_the_locations(client):
    location = LocationFactory()
    login_staff(client, UserFactory(role=Role.HANDLER, locations=[location]))
    response = client.get(f"/staff/inrichting/vestigingen/{location.pk}/poster.pdf")
    assert response.status_code == 403
