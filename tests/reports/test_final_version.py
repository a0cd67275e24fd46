"""'Final' freezes the report (LEGAL.md R2, R3): the PDF and DOCX are rendered once and stored
with their SHA-256; what goes to the GGD, the parents and the client panel is that file, also
when the data changes afterwards; reopening makes a new version that must pass the check anew.
"""

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document as DocxDocument
from pypdf import PdfReader

from klachtwijs.feedback.models import Feedback
from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.notifications.sending import outbox_send_due
from klachtwijs.organisation.models import Role
from klachtwijs.reports import services
from klachtwijs.reports.models import ReportSending, ReportStatus, ReportVersion, Variant
from klachtwijs.reports.render_html import render_html
from klachtwijs.reports.selectors import report_content_get
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff
from tests.reports.builders import local
from tests.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
LATE_NAME = "Kastanjehof"  # a location that appears after 'final'
LATE_TEXT = "Xantippe Zwanenburg belde boos op."  # a name typed in after 'final'


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def location():
    location = LocationFactory(name="Morel")
    feedback = FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))
    feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=UserFactory(role=Role.QUALITY_OFFICER),
        summary="Een ouder miste informatie.",
        handling="Vaste overdrachtsmomenten.",
    )
    return location


@pytest.fixture
def report(officer, location):
    return services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)


def _discuss(report, officer, on=dt.date(2026, 3, 2)):
    services.report_discuss_management(report_id=report.pk, on=on, by=officer)
    services.report_discuss_client_panel(report_id=report.pk, on=on, advice="Goed.", by=officer)


def _change_live_data(officer, location):
    """After 'final': a new location with a complaint, and a name in a dossier's texts."""
    late = FeedbackFactory(
        location=LocationFactory(name=LATE_NAME, region=location.region),
        received_at=local(2025, 10, 1, 9),
        submitter_name="Xantippe Zwanenburg",  # a name the check knows
    )
    for feedback in Feedback.objects.all():
        summary = LATE_TEXT if feedback.pk == late.pk else feedback.report_summary
        feedback_set_report_texts(
            feedback_id=feedback.pk, by=officer, summary=summary, handling="Gebeld."
        )


def test_final_stores_pdf_and_docx_once_with_their_sha256(report, officer):
    with time_machine.travel(local(2026, 2, 10, 9), tick=False):
        services.report_make_final(report_id=report.pk, by=officer)
    version = ReportVersion.objects.get(report=report)
    assert version.number == 1
    assert version.final_by == officer
    assert version.final_at == local(2026, 2, 10, 9)
    pdf, docx = version.pdf.read(), version.docx.read()
    assert pdf[:5] == b"%PDF-"
    assert hashlib.sha256(pdf).hexdigest() == version.pdf_sha256
    assert hashlib.sha256(docx).hexdigest() == version.docx_sha256
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(docx)).paragraphs]
    assert any("Klachtenjaarverslag 2025" in p for p in paragraphs)


def test_the_ggd_gets_the_stored_file_not_a_rendering_of_todays_data(
    report,
    officer,
    location,
    smtp_server,  # noqa: F811
):
    services.report_make_final(report_id=report.pk, by=officer)
    version = ReportVersion.objects.get()
    _change_live_data(officer, location)
    # The data now holds the change: a new rendering would carry it to the GGD.
    live = render_html(report_content_get(report))
    assert LATE_NAME in live
    assert "Xantippe" in live

    _discuss(report, officer)
    services.report_send(
        report_id=report.pk, on=dt.date(2026, 4, 2), parents_informed_on=dt.date(2026, 4, 2),
        by=officer,
    )  # fmt: skip
    received = smtp_server.wait_for(outbox_send_due().sent)

    (mail,) = [m for m in received if m["To"] == location.region.ggd_email]
    (attachment,) = list(mail.iter_attachments())
    data = attachment.get_content()
    assert hashlib.sha256(data).hexdigest() == version.pdf_sha256
    text = _text(data)
    assert "Klachtenjaarverslag 2025" in text
    assert LATE_NAME not in text
    assert "Xantippe" not in text
    sending = ReportSending.objects.get(audience=ReportSending.Audience.GGD)
    assert (sending.version, sending.region, sending.sent_on) == (
        version, location.region, dt.date(2026, 4, 2)
    )  # fmt: skip


def test_reopen_makes_a_new_version_that_must_pass_the_check_again(report, officer, location):
    services.report_make_final(report_id=report.pk, by=officer)
    _discuss(report, officer)
    services.report_send(
        report_id=report.pk, on=dt.date(2026, 4, 2), parents_informed_on=dt.date(2026, 4, 2),
        by=officer,
    )  # fmt: skip
    first = ReportVersion.objects.get()
    first_pdf = first.pdf.read()

    _change_live_data(officer, location)
    report = services.report_reopen(
        report_id=report.pk, reason="Vestiging Kastanjehof ontbrak.", by=officer
    )
    assert report.status == ReportStatus.DRAFT
    # The name typed in after 'final' is found: no second version until it is fixed.
    with pytest.raises(ValidationError, match="privacycontrole"):
        services.report_make_final(report_id=report.pk, by=officer)
    late = Feedback.objects.get(location__name=LATE_NAME)
    feedback_set_report_texts(
        feedback_id=late.pk, by=officer, summary="Een ouder belde.", handling="Gebeld."
    )
    services.report_make_final(report_id=report.pk, by=officer)

    first.refresh_from_db()
    second = ReportVersion.objects.get(number=2)
    assert first.reopened_by == officer
    assert first.reopen_reason.startswith("Vestiging")
    assert first.life["sent_on"] == "2026-04-02"
    assert first.pdf.read() == first_pdf  # kept, byte for byte
    assert {s.audience for s in first.sendings.all()} == {"ggd", "parents", "client_panel"}
    assert not second.sendings.exists()
    assert second.is_current
    assert not first.is_current
    assert LATE_NAME in _text(second.pdf.read())
    assert second.pdf_sha256 != first.pdf_sha256
    # The GGD already has version 1: the region is not reminded again.
    assert services.report_reminders_due(today=dt.date(2026, 6, 3)) == []


def test_accepted_hits_are_copied_into_the_version(officer, location):
    feedback = Feedback.objects.get()
    feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary=f"Een ouder ({feedback.submitter_name}) miste informatie.",
        handling="Gebeld.",
    )
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    from klachtwijs.reports.selectors import report_check

    hits = report_check(report).open_hits
    assert hits
    for hit in hits:
        services.report_accept_hit(report_id=report.pk, key=hit.key, by=officer)
    services.report_make_final(report_id=report.pk, by=officer)
    version = ReportVersion.objects.get()
    assert {h["key"] for h in version.accepted_hits} == {h.key for h in hits}
    assert version.accepted_hits[0]["by"] == officer.get_username()


def test_a_year_not_yet_ended_cannot_be_made_final(officer):
    report = services.report_get_or_create(year=2026, region=None, variant=Variant.WKO, by=officer)
    with (
        time_machine.travel(local(2026, 12, 31, 23, 0), tick=False),
        pytest.raises(ValidationError, match="dat jaar is nog niet voorbij"),
    ):
        services.report_make_final(report_id=report.pk, by=officer)
    assert not ReportVersion.objects.exists()
    with time_machine.travel(local(2027, 1, 1, 8), tick=False):
        services.report_make_final(report_id=report.pk, by=officer)
    assert ReportVersion.objects.get().number == 1


def test_the_page_shows_versions_hashes_and_what_went_to_whom(client, report, officer):
    login_staff(client, officer)
    client.post(reverse("reports:step", args=[report.pk, "make_final"]))
    _discuss(report, officer, on=dt.date(2026, 3, 20))
    client.post(
        reverse("reports:step", args=[report.pk, "send"]),
        {"on": "2026-04-02", "parents_informed_on": "2026-04-09"},
    )
    client.post(reverse("reports:step", args=[report.pk, "reopen"]), {"reason": "Een tikfout."})
    client.post(reverse("reports:step", args=[report.pk, "make_final"]))
    versions = ReportVersion.objects.order_by("number")
    assert [v.number for v in versions] == [1, 2]
    first = versions[0]
    region = first.sendings.get(audience="ggd").region

    page = client.get(reverse("reports:detail", args=[report.pk])).text
    for sha in (first.pdf_sha256, first.docx_sha256, versions[1].pdf_sha256):
        assert sha in page
    assert "Versie 1" in page
    assert "(heropend)" in page
    assert "Een tikfout." in page
    assert "Versie 2" in page
    assert "(geldend)" in page
    assert f"GGD {region.name}: 02-04-2026" in page
    assert "alle ouders: 09-04-2026" in page
    assert "klantpanel: 20-03-2026" in page
    # The parents were told a week after the GGD: flagged (Wko 1.57b lid 8).
    assert "De ouders kregen het verslag niet tegelijk met de GGD." in page
    assert f"GGD {region.name}: verstuurd op 02-04-2026, ouders ingelicht op 09-04-2026" in page

    download = client.get(reverse("reports:version_download", args=[report.pk, 1, "pdf"]))
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == first.pdf_sha256
    assert (
        client.get(reverse("reports:version_download", args=[report.pk, 1, "exe"])).status_code
        == 404
    )


def test_no_gap_flag_when_parents_and_ggd_got_it_the_same_day(client, report, officer):
    login_staff(client, officer)
    services.report_make_final(report_id=report.pk, by=officer)
    _discuss(report, officer)
    services.report_send(
        report_id=report.pk, on=dt.date(2026, 4, 2), parents_informed_on=dt.date(2026, 4, 2),
        by=officer,
    )  # fmt: skip
    page = client.get(reverse("reports:detail", args=[report.pk])).text
    assert "niet tegelijk met de GGD" not in page


def test_the_client_panel_gets_the_stored_file(client, report, officer, location):
    services.report_make_final(report_id=report.pk, by=officer)
    version = ReportVersion.objects.get()
    _change_live_data(officer, location)
    login_staff(client, UserFactory(role=Role.CLIENT_PANEL))
    page = client.get(reverse("reports:panel_report", args=[report.pk])).text
    assert version.pdf_sha256 in page
    assert LATE_NAME not in page
    download = client.get(reverse("reports:panel_download", args=[report.pk]))
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == version.pdf_sha256
    # Management and others without the panel's page get nothing here.
    login_staff(client, UserFactory(role=Role.HANDLER))
    assert client.get(reverse("reports:panel_download", args=[report.pk])).status_code == 403


def test_a_final_report_without_a_stored_version_is_not_sent(report, officer):
    """A report made final before versions existed: sending refuses and says what to do."""
    report.final_at = local(2026, 2, 1, 9)
    report.management_discussed_on = report.client_panel_discussed_on = dt.date(2026, 3, 2)
    report.save()
    with pytest.raises(ValidationError, match="Heropen het"):
        services.report_send(
            report_id=report.pk, on=dt.date(2026, 4, 2), parents_informed_on=dt.date(2026, 4, 2),
            by=officer,
        )  # fmt: skip
