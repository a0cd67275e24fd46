"""The report pages: who may see what, the preview, files, the check page, the client panel."""

import pytest
from django.urls import reverse

from klachtwijs.feedback import services as feedback_services
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Role
from klachtwijs.reports import services
from klachtwijs.reports.models import AnnualReport, ReportFile, ReportStatus, Variant
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff
from tests.reports.builders import local

pytestmark = pytest.mark.django_db
PLANTED = ["Xaviera", "Quirijnsen", "xaviera.q@example.nl", "06-98765432", "Bartholomeus"]


@pytest.fixture
def report(officer):
    location = LocationFactory(name="Morel")
    feedback = FeedbackFactory(
        location=location,
        received_at=local(2025, 3, 10, 9),
        submitter_name="Xaviera Quirijnsen",
        submitter_email="xaviera.q@example.nl",
        submitter_phone="06-98765432",
        description="Bartholomeus werd niet opgehaald.",
        children=[feedback_services.Child("Bartholomeus", "Vlinders")],
    )
    feedback_services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary="Xaviera Quirijnsen (xaviera.q@example.nl, 06-98765432) klaagde over Bartholomeus.",
        handling="Met mevrouw Quirijnsen gebeld.",
    )
    return services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)


def _user(role):
    return UserFactory(role=role)


def _pages(report):
    return [
        reverse("reports:index"),
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:check", args=[report.pk]),
        reverse("reports:panel"),
        reverse("reports:panel_report", args=[report.pk]),
    ]


def test_anonymous_goes_to_login(client, report):
    for url in _pages(report):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response.url or "inloggen" in response.url


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.QUALITY_OFFICER, {0, 1, 2, 3, 4}),
        (Role.MANAGEMENT, {0, 1, 3, 4}),
        (Role.CLIENT_PANEL, {3, 4}),
        (Role.HANDLER, set()),
        (Role.EMPLOYEE, set()),
    ],
)
def test_roles_see_only_their_pages(client, report, role, allowed):
    login_staff(client, _user(role))
    for n, url in enumerate(_pages(report)):
        expected = 200 if n in allowed else 403
        assert client.get(url).status_code == expected, (role, url)


def test_preview_shows_the_report(client, report, officer):
    login_staff(client, officer)
    response = client.get(reverse("reports:detail", args=[report.pk]))
    assert "Klachtenjaarverslag 2025" in response.text
    assert "Bijlage: klachten per vestiging" in response.text


def test_client_panel_never_sees_planted_personal_data(client, report):
    login_staff(client, _user(Role.CLIENT_PANEL))
    for url in (
        reverse("reports:panel") + "?year=2025",
        reverse("reports:panel_report", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        for planted in PLANTED:
            assert planted.lower() not in response.text.lower(), (url, planted)
    panel = client.get(reverse("reports:panel") + "?year=2025").text
    assert "Q1" in panel


def test_client_panel_reads_dates_as_months(client, officer, report):
    feedback_services.feedback_set_report_texts(
        feedback_id=Feedback.objects.get(description__startswith="Bartholomeus").pk,
        by=officer,
        summary="Op 12-03-2025 en op 2025-04-07 niet opgehaald; jarig op 3 mei 2019.",
        handling="Gebeld.",
    )
    login_staff(client, _user(Role.CLIENT_PANEL))
    page = client.get(reverse("reports:panel_report", args=[report.pk])).text
    assert "Op maart 2025 en op april 2025 niet opgehaald; jarig op mei 2019." in page
    for exact in ("12-03-2025", "2025-04-07", "3 mei 2019"):
        assert exact not in page


def test_picker_creates_a_draft_once(client, officer):
    login_staff(client, officer)
    data = {"year": 2025, "variant": Variant.WKO, "region": ""}
    first = client.post(reverse("reports:create"), data)
    second = client.post(reverse("reports:create"), data)
    assert first.url == second.url
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT


def test_management_may_not_create_or_step(client, report):
    login_staff(client, _user(Role.MANAGEMENT))
    assert client.post(reverse("reports:create"), {"year": 2025}).status_code == 403
    url = reverse("reports:step", args=[report.pk, "make_final"])
    assert client.post(url).status_code == 403


def test_check_page_lists_hits_and_accepting_them_allows_final(client, report, officer):
    login_staff(client, officer)
    page = client.get(reverse("reports:check", args=[report.pk])).text
    assert "06-98765432" in page
    step = reverse("reports:step", args=[report.pk, "make_final"])
    client.post(step, follow=True)
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT
    fix = reverse("reports:fix", args=[report.pk, report_feedback_id()])
    client.post(fix, {"summary": "Een ouder had een klacht.", "handling": "Er is gebeld."})
    response = client.post(step, follow=True)
    assert "Gelukt" in response.text
    assert AnnualReport.objects.get().status == ReportStatus.FINAL


def report_feedback_id():
    from klachtwijs.feedback.models import Feedback

    return Feedback.objects.get().pk


def test_dated_step_through_the_page(client, report, officer):
    login_staff(client, officer)
    client.post(
        reverse("reports:fix", args=[report.pk, report_feedback_id()]),
        {"summary": "Klacht.", "handling": "Gebeld."},
    )
    client.post(reverse("reports:step", args=[report.pk, "make_final"]))
    url = reverse("reports:step", args=[report.pk, "discuss_management"])
    response = client.post(url, {"on": "2026-03-02"}, follow=True)
    assert "Besproken met het management op 02-03-2026" in response.text


def test_a_file_is_made_in_the_background_and_downloaded(client, report, officer):
    login_staff(client, officer)
    response = client.post(reverse("reports:file_create", args=[report.pk]), {"format": "docx"})
    file = ReportFile.objects.get()
    assert response.url == reverse("reports:file", args=[report.pk, file.pk])
    assert file.state == ReportFile.State.DONE
    assert file.progress == 100
    page = client.get(response.url)
    assert "downloaden" in page.text
    download = client.get(reverse("reports:download", args=[report.pk, file.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_accepting_every_hit_on_the_page_lets_the_report_become_final(client, report, officer):
    from klachtwijs.reports.selectors import report_check

    login_staff(client, officer)
    page = client.get(reverse("reports:check", args=[report.pk])).text
    assert "Teksten herstellen" in page
    assert "klaagde over" in page  # the fix form starts with the current text
    for hit in report_check(report).open_hits:
        client.post(reverse("reports:accept", args=[report.pk]), {"key": hit.key})
    assert report_check(AnnualReport.objects.get()).is_clean
    client.post(reverse("reports:step", args=[report.pk, "make_final"]))
    assert AnnualReport.objects.get().status == ReportStatus.FINAL
    page = client.get(reverse("reports:check", args=[report.pk])).text
    assert "geaccepteerd" in page
