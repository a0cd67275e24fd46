"""The annual report reaches the GGD as a real mail with the PDF attached (Wko 1.57b lid 8)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from klachtwijs.feedback.models import Feedback
from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.sending import outbox_send_due
from klachtwijs.reports import services
from klachtwijs.reports.models import ReportVersion, Variant
from tests.factories import FeedbackFactory, LocationFactory
from tests.reports.builders import local
from tests.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 4, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _sent_report(officer):
    location = LocationFactory()
    FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    for pk in Feedback.objects.values_list("pk", flat=True):
        feedback_set_report_texts(
            feedback_id=pk, by=officer, summary="Vraag.", handling="Antwoord."
        )
    services.report_make_final(report_id=report.pk, by=officer)
    services.report_discuss_management(report_id=report.pk, on=dt.date(2026, 3, 2), by=officer)
    services.report_discuss_client_panel(
        report_id=report.pk, on=dt.date(2026, 3, 20), advice="Goed.", by=officer
    )
    services.report_send(report_id=report.pk, on=ON, parents_informed_on=ON, by=officer)
    return location


def test_ggd_mail_carries_the_report_pdf(officer, smtp_server):  # noqa: F811
    location = _sent_report(officer)

    sent = outbox_send_due().sent

    received = smtp_server.wait_for(sent)
    (mail,) = [m for m in received if m["To"] == location.region.ggd_email]
    assert "Klachtenjaarverslag 2025" in mail["Subject"]
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "klachtenjaarverslag-2025-v1.pdf"
    pdf = PdfReader(io.BytesIO(attachment.get_content()))
    first_page = pdf.pages[0].extract_text()
    assert "Klachtenjaarverslag 2025" in " ".join(first_page.split())
    assert OutboxMessage.objects.get(kind="annual_report_ggd").state == OutboxMessage.State.SENT


def test_ggd_mail_waits_while_its_pdf_is_missing(officer, smtp_server):  # noqa: F811
    _sent_report(officer)
    version = ReportVersion.objects.get()
    version.pdf.storage.delete(version.pdf.name)

    outbox_send_due()

    message = OutboxMessage.objects.get(kind="annual_report_ggd")
    assert message.state == OutboxMessage.State.PENDING
    assert message.last_error
    assert message.subject not in [m["Subject"] for m in smtp_server.messages]
