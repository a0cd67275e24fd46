"""The inspector's evidence pack (issue 17 item 2), read back from its files: the PDF's contents
page and parts, the ZIP's members and CSV rows, the final report byte for byte with its hash,
within term yes/no for a dossier known late, the sample limited to the year and region, and
the personal-data check over every text; a year without complaints gives the statement; only
the quality department may make it, and the download is in the access log."""

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from klachtwijs.core.models import AccessLog
from klachtwijs.feedback.models import Escalation, Event, Feedback
from klachtwijs.feedback.services import escalation_record
from klachtwijs.organisation.models import Role
from klachtwijs.reports import services
from klachtwijs.reports.evidence import evidence_pack, pack_check
from klachtwijs.reports.evidence_files import evidence_pdf, parts
from klachtwijs.reports.models import Variant
from tests.factories import UserFactory
from tests.helpers import login_staff
from tests.reports.evidence_read import csv_rows, members_clean, pdf_pieces, pdf_text

pytestmark = pytest.mark.django_db
PARENT = "Xantippe Zwanenburg"  # the parent of the late dossier, typed into free texts


@pytest.fixture
def north_final(year_data, officer):
    """The north region's 2025 report made final and sent (GGD 2 March, parents 3 March 2026)
    before the parent's name was typed into the dossier's texts and a dispute's summary."""
    specs, _others, _last, (north, _south) = year_data
    report = services.report_get_or_create(
        year=2025, region=north.region, variant=Variant.WKO, by=officer
    )
    services.report_make_final(report_id=report.pk, by=officer)
    services.report_discuss_management(report_id=report.pk, on=dt.date(2026, 2, 2), by=officer)
    services.report_discuss_client_panel(
        report_id=report.pk, on=dt.date(2026, 2, 9), advice="Positief.", by=officer
    )
    services.report_send(
        report_id=report.pk,
        on=dt.date(2026, 3, 2),
        parents_informed_on=dt.date(2026, 3, 3),
        by=officer,
    )
    late = specs[1].feedback  # answered after 50 days under the Wko: late
    Feedback.objects.filter(pk=late.pk).update(
        submitter_name=PARENT, description=f"{PARENT} belde over haar zoon."
    )
    Event.objects.create(feedback=late, at=late.received_at, kind="note", text=f"{PARENT} boos.")
    escalation_record(
        feedback_id=late.pk,
        by=officer,
        body=Escalation.Body.GESCHILLENCOMMISSIE,
        started_on=dt.date(2025, 6, 2),
        summary=f"{PARENT} vond het oordeel onterecht.",
    )
    return report, specs, north, late


def test_the_pack_reads_back_complete_and_without_personal_data(north_final, tmp_path):
    report, specs, north, late = north_final
    version = report.versions.get()
    south_dossier = specs[2].feedback  # another region: not in this pack's sample
    meldcode = Feedback.objects.get(is_restricted=True)
    sample = [late.pk, specs[0].feedback.pk, south_dossier.pk, meldcode.pk]
    pack = evidence_pack(year=2025, region=north.region, sample_ids=sample)

    pdf = evidence_pdf(pack)
    text = pdf_text(pdf)
    contents = text.split("Inhoud", 1)[1].split("pagina 2 van", 1)[0]
    for part in parts(pack):
        assert f"{part.number}. {part.title}" in contents
    assert "Bewijsmap voor de inspectie" in text
    assert north.region.name in text
    assert version.pdf_sha256 in text.replace("\n", "")
    assert "2-3-2026" in text
    assert "3-3-2026" in text
    assert "Meldingen volgens de meldcode: 1" in text
    assert "[…] vond het oordeel onterecht." in " ".join(text.split())  # redacted summary
    assert PARENT.split()[1] not in text
    assert "zoon" not in text
    assert "boos" not in text
    assert pack_check(pack, {"pdf": pdf_pieces(pdf)}) == []

    out = tmp_path / "bewijs.zip"
    references = f"{late.reference},{specs[0].feedback.reference}"
    call_command("evidence_pack", "2025", north.region.name, out=str(out), sample=references)
    archive = zipfile.ZipFile(out)
    folder = f"{pack.slug}/"
    names = {n.removeprefix(folder) for n in archive.namelist()}
    assert names == {
        f"{pack.slug}.pdf",
        *(f"{p.stem}.pdf" for p in parts(pack)),
        "1-klachtenregeling.csv",
        "3-jaarverslag.csv",
        "4-klachten.csv",
        "5-geschillen.csv",
        "6-tijdlijnen.csv",
        f"jaarverslag/{version.filename('pdf')}",
        "SHA256SUMS.txt",
    }
    stored = archive.read(f"{folder}jaarverslag/{version.filename('pdf')}")
    assert hashlib.sha256(stored).hexdigest() == version.pdf_sha256
    sums = archive.read(f"{folder}SHA256SUMS.txt").decode().splitlines()
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256(archive.read(folder + name)).hexdigest() == digest

    complaints = csv_rows(archive.read(f"{folder}4-klachten.csv"))
    north_2025 = [s.feedback for s in specs if s.location == north]
    assert [r["Kenmerk"] for r in complaints] == [f.reference for f in north_2025]
    in_time = {r["Kenmerk"]: r["Binnen de termijn"] for r in complaints}
    assert in_time[late.reference] == "nee"
    assert in_time[specs[0].feedback.reference] == "ja"
    assert in_time[specs[3].feedback.reference] == "ja"  # answered within its extension
    [dispute] = csv_rows(archive.read(f"{folder}5-geschillen.csv"))
    assert dispute["Kenmerk"] == late.reference
    assert PARENT not in dispute["Samenvatting"]
    [sent] = csv_rows(archive.read(f"{folder}3-jaarverslag.csv"))
    assert sent["SHA-256"] == version.pdf_sha256
    assert sent["Naar de GGD op"] == "02-03-2026"
    steps = csv_rows(archive.read(f"{folder}6-tijdlijnen.csv"))
    assert {r["Kenmerk"] for r in steps} == {late.reference, specs[0].feedback.reference}
    assert {r["Stap"] for r in steps} >= {"ontvangen", "oordeel", "interne notitie"}

    assert members_clean(pack, archive) == {}
    everything = " ".join(
        pdf_text(archive.read(n)) if n.endswith(".pdf") else archive.read(n).decode("utf-8-sig")
        for n in archive.namelist()
    )
    for word in (*PARENT.split(), "zoon", "boos", late.submitter_email or "@"):
        assert word not in everything
    log = AccessLog.objects.get(username="command:evidence_pack")
    assert log.action == AccessLog.Action.EXPORT
    assert late.reference in log.detail


def test_a_year_without_complaints_gives_the_statement(year_data):
    north = year_data[3][0]
    pack = evidence_pack(year=2023, region=north.region)
    text = pdf_text(evidence_pdf(pack))
    assert "In 2023 hebben wij in de regio" in text
    assert "geen klachten ontvangen" in text
    assert "niet verplicht" in text
    assert pack.complaints == []
    assert pack.report is None


def test_the_page_offers_only_what_the_officer_may_pick_and_logs_the_download(
    client, year_data, officer
):
    specs, _others, _last, (north, _south) = year_data
    region = north.region
    page = reverse("reports:evidence", args=[2025, region.pk])
    login_staff(client, officer)
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    for spec in specs:
        assert (spec.feedback.reference in html) == (spec.location == north)
        assert spec.feedback.submitter_name not in html
    meldcode = Feedback.objects.get(is_restricted=True)
    assert meldcode.reference not in html  # only counted (M4)

    export = reverse("reports:evidence_export", args=[2025, region.pk])
    refused = client.get(export, {"dossiers": [meldcode.pk], "format": "zip"})
    assert refused.status_code == 400
    assert "Dit dossier kunt u niet kiezen" in refused.content.decode()

    chosen = specs[0].feedback
    response = client.get(export, {"dossiers": [chosen.pk], "format": "zip"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert any(n.endswith("6-tijdlijnen.csv") for n in archive.namelist())
    response = client.get(export, {"format": "pdf"})
    assert response.content.startswith(b"%PDF")
    logs = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=officer)
    assert sorted(logs.values_list("status_code", flat=True)) == [200, 200, 400]
    assert any(chosen.reference in log.detail for log in logs.filter(status_code=200))

    for role in (Role.MANAGEMENT, Role.HANDLER, Role.CLIENT_PANEL, Role.EMPLOYEE):
        login_staff(client, UserFactory(role=role, locations=[north]))
        assert client.get(page).status_code == 403
        assert client.get(export, {"format": "pdf"}).status_code == 403


def test_the_command_refuses_an_unknown_region_or_a_dossier_outside_the_pack(year_data, tmp_path):
    specs, *_rest, (north, south) = year_data
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="Onbekende GGD-regio"):
        call_command("evidence_pack", "2025", "Nergens", out=out)
    other = specs[2].feedback.reference  # a south dossier
    with pytest.raises(CommandError, match=other):
        call_command("evidence_pack", "2025", north.region.name, out=out, sample=other)
