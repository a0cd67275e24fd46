"""A report that looks designed (issue 17 item 3), read back from the files: the PDF's cover,
contents with the right page numbers, running header and "pagina X van Y"; the DOCX in A4 with
page numbers and an editable contents; the waiting page that refreshes itself."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports import services
from klachtwijs.reports.models import Variant
from klachtwijs.reports.render_docx import render_docx
from klachtwijs.reports.render_html import contents
from klachtwijs.reports.render_pdf import render_pdf
from klachtwijs.reports.selectors import report_content_get
from tests.factories import FeedbackFactory, LocationFactory
from tests.helpers import login_staff
from tests.reports.builders import local

pytestmark = pytest.mark.django_db
ENTRY = re.compile(r"^(.*?)[ .…]*\s(\d+)$")


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "#0b5394").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def report(officer):
    organisation = organisation_get()
    organisation.letterhead_logo.save("logo.png", ContentFile(_png()), save=True)
    feedback = FeedbackFactory(
        location=LocationFactory(name="Kinderdagverblijf De Lange Zonnebloemenweide"),
        received_at=local(2025, 4, 1, 9),
    )
    feedback_set_report_texts(
        feedback_id=feedback.pk, by=officer, summary="Informatie.", handling="Gebeld."
    )
    return services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)


def _lines(page) -> list[str]:
    return [" ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()]


def test_the_pdf_has_a_cover_contents_with_true_page_numbers_and_running_heads(report):
    content = report_content_get(report)
    pages = PdfReader(io.BytesIO(render_pdf(content))).pages
    organisation = organisation_get().name

    cover = " ".join(_lines(pages[0]))
    assert organisation in cover
    assert "2025" in cover
    assert "Wet kinderopvang" in cover
    assert "pagina" not in cover
    assert f"{organisation} – Klachtenjaarverslag" not in cover
    assert len(pages[0].images) == 1  # the logo, through the restricted URL fetcher

    listed = {}
    for line in _lines(pages[1]):
        if match := ENTRY.match(line):
            listed[match[1].rstrip(" .")] = int(match[2])
    for _anchor, title in contents(content):
        number = listed[title]
        first = next(n for n, page in enumerate(pages[2:], start=3) if title in _lines(page))
        assert number == first, title

    total = len(pages)
    for n, page in enumerate(pages[1:], start=2):
        text = " ".join(_lines(page))
        assert f"{organisation} – Klachtenjaarverslag 2025" in text
        assert f"pagina {n} van {total}" in text


def test_the_docx_is_a4_with_page_numbers_and_an_editable_contents(report):
    docx = zipfile.ZipFile(io.BytesIO(render_docx(report_content_get(report))))
    document = docx.read("word/document.xml").decode()
    settings = docx.read("word/settings.xml").decode()
    footers = "".join(
        docx.read(name).decode() for name in docx.namelist() if name.startswith("word/footer")
    )
    assert document.count('<w:pgSz w:w="11906" w:h="16838"') == document.count("<w:pgSz")
    assert "<w:pgSz" in document
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footers)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footers)
    assert 'TOC \\o "1-3" \\h \\z \\u' in document
    assert "Veld bijwerken" in document
    assert '<w:updateFields w:val="true"/>' in settings
    assert '<w:pStyle w:val="Heading1"/>' in document


def test_the_waiting_page_refreshes_itself_until_the_file_is_ready(client, report, officer):
    login_staff(client, officer)
    file = services.report_file_create(report=report, fmt="docx", by=officer)
    url = reverse("reports:file", args=[report.pk, file.pk])

    waiting = client.get(url).text
    assert f'hx-get="{url}"' in waiting
    assert 'hx-trigger="every 2s"' in waiting
    assert "htmx-2.min.js" in waiting
    assert re.search(r'<noscript><meta http-equiv="refresh" content="5"></noscript>', waiting)
    polled = client.get(url, headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 2s"' in polled
    assert "<html" not in polled

    services.report_file_render(file_id=file.pk)
    for ready in (client.get(url).text, client.get(url, headers={"HX-Request": "true"}).text):
        assert "downloaden" in ready
        assert "hx-trigger" not in ready
        assert 'http-equiv="refresh"' not in ready
