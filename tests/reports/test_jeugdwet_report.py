"""The Jeugdwet report is complete (LEGAL.md R5, Jeugdwet 4.3.1–4.3.2), through its pages,
its files and its reminder command.

The committee's composition and whether it could work are entered per year (no default claim;
without them the report says so and cannot become final); only the complaints that reached the
committee are counted as its work, with their nature, the tenor of its judgments, its
recommendations and the measures; adoption, publication and every recipient have their dates;
the quality department is reminded while a deadline nears or has passed.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document as Docx

from klachtwijs.feedback import services as feedback_services
from klachtwijs.feedback.models import Escalation, Outcome
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from klachtwijs.reports import services
from klachtwijs.reports.models import AnnualReport, Variant
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff
from tests.reports.builders import local

pytestmark = pytest.mark.django_db
YEAR = 2025
MEMBERS = "mr. A. Voorzitter\nB. Pedagoog\nC. Jurist"
COMMITTEE = {
    "members": MEMBERS,
    "chair": "mr. A. Voorzitter",
    "chair_independent": "on",
    "could_work": "on",
    "explanation": "",
    "recommendations": "Leg afspraken over ophalen schriftelijk vast.",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead():
    return UserFactory(role=Role.QUALITY_LEAD, email="lead@example.nl")


@pytest.fixture
def web(lead):
    return login_staff(Client(), lead)


@pytest.fixture
def report(lead):
    return services.report_get_or_create(year=YEAR, region=None, variant=Variant.JEUGDWET, by=lead)


def _page(client, report) -> str:
    return client.get(reverse("reports:detail", args=[report.pk])).content.decode()


def _make_final(client, report):
    return client.post(reverse("reports:step", args=[report.pk, "make_final"]), follow=True)


def _committee_page(year: int = YEAR) -> str:
    return reverse("reports:committee_year", args=[year])


def test_without_the_committees_year_the_report_says_so_and_cannot_be_final(web, report):
    page = _page(web, report)

    assert "Ontbreekt:" in page
    assert "zonder belemmeringen" not in page  # no default claim any more
    response = _make_final(web, report)
    assert "nog niet ingevuld" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).final_at is None


def test_the_committee_is_entered_per_year_and_printed(web, report):
    bad = web.post(_committee_page(), {**COMMITTEE, "could_work": "", "explanation": ""})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Leg uit waarom de commissie haar werk niet (goed) kon doen." in body
    assert "B. Pedagoog" in body  # what was typed is kept

    saved = web.post(f"{_committee_page()}?verslag={report.pk}", COMMITTEE)
    assert saved.status_code == 302

    page = _page(web, report)
    assert "Ontbreekt:" not in page
    assert "3 leden: mr. A. Voorzitter, B. Pedagoog, C. Jurist" in page
    assert "werkt niet bij of voor" in page
    assert f"De commissie kon haar werk in {YEAR} doen." in page
    assert "Leg afspraken over ophalen schriftelijk vast." in page
    assert _make_final(web, report).status_code == 200
    assert AnnualReport.objects.get(pk=report.pk).final_at is not None
    # Another year is another record: 2024 is still missing.
    other = services.report_get_or_create(
        year=YEAR - 1, region=None, variant=Variant.JEUGDWET, by=report.created_by
    )
    assert "Ontbreekt:" in _page(web, other)


def test_a_committee_that_could_not_work_is_reported_with_its_reason(web, report):
    web.post(
        _committee_page(),
        {**COMMITTEE, "could_work": "", "explanation": "Twee leden vertrokken in het voorjaar."},
    )
    page = _page(web, report)
    assert f"De commissie kon haar werk in {YEAR} niet goed doen." in page
    assert "Twee leden vertrokken in het voorjaar." in page


def _jeugdwet_complaint(location, service, category_name: str):
    from tests.factories import category

    with time_machine.travel(local(YEAR, 3, 2, 10), tick=False):
        feedback = FeedbackFactory(
            location=location,
            service=service,
            category=category(category_name),
            received_at=local(YEAR, 3, 2, 10),
            contacted=True,
        )
    return feedback


def test_only_the_complaints_the_committee_handled_are_its_work(web, report, lead):
    youth = ServiceFactory(jeugdwet=True)
    location = LocationFactory(services=[youth])
    judged = _jeugdwet_complaint(location, youth, "Bejegening of gedrag van een medewerker")
    escalated = _jeugdwet_complaint(location, youth, "Communicatie en informatie")
    ordinary = _jeugdwet_complaint(location, youth, "Werkwijze of regel")
    with time_machine.travel(local(YEAR, 5, 1, 10), tick=False):
        feedback_services.feedback_judge(
            feedback_id=judged.pk,
            by=lead,
            outcome=Outcome.PARTLY_FOUNDED,
            reasoning="Deels.",
            by_committee=True,
        )
        feedback_services.escalation_record(
            feedback_id=escalated.pk,
            by=lead,
            body=Escalation.Body.COMMITTEE,
            started_on=dt.date(YEAR, 5, 1),
        )
        feedback_services.feedback_judge(
            feedback_id=ordinary.pk,
            by=lead,
            outcome=Outcome.UNFOUNDED,
            reasoning="Niet.",
            no_measures_reason="Niet nodig.",
        )
    web.post(_committee_page(), COMMITTEE)

    page = _page(web, report)

    assert f"In {YEAR} behandelde de klachtencommissie 2 klachten over ons." in page
    assert "Bejegening of gedrag van een medewerker: 1" in page
    assert "Communicatie en informatie: 1" in page
    assert "Werkwijze of regel: 1" not in page.split("Klachten bij de klachtencommissie")[1]
    assert "deels gegrond: 1" in page.lower()
    assert "namen wij 0 maatregelen" in page


def test_the_docx_carries_the_committee_sections(web, report, tmp_path):
    web.post(_committee_page(), COMMITTEE)
    output = tmp_path / "jeugdwet.docx"

    call_command(
        "annual_report", str(YEAR), "--format", "docx", "--jeugdwet", "--output", str(output)
    )

    text = "\n".join(p.text for p in Docx(io.BytesIO(output.read_bytes())).paragraphs)
    assert "Klachten bij de klachtencommissie" in text
    assert "B. Pedagoog" in text
    assert "Openbaar maken en versturen" in text


def _step(client, report, step: str, data: dict):
    return client.post(
        reverse("reports:jeugdwet_step", args=[report.pk, step]),
        {f"{step}-{k}": v for k, v in data.items()},
    )


def test_adoption_publication_and_every_recipient_with_its_date(web, report):
    refused = _step(web, report, "adopt", {"on": "2026-03-02"})
    assert refused.status_code == 400
    assert "Maak het verslag eerst definitief." in refused.content.decode()
    web.post(_committee_page(), COMMITTEE)
    _make_final(web, report)

    assert _step(web, report, "adopt", {"on": "2026-03-02"}).status_code == 302
    page = _page(web, report)
    assert "Vastgesteld op 02-03-2026" in page
    assert "Uiterlijk openbaar op 12-03-2026" in page
    assert "nog niet verstuurd" in page
    nameless = _step(web, report, "recipient", {"kind": "client_org", "on": "2026-03-05"})
    assert nameless.status_code == 400
    assert "Noem de cliëntenorganisatie." in nameless.content.decode()
    for kind, name in [
        ("minister_vws", ""),
        ("minister_jenv", ""),
        ("igj", ""),
        ("client_org", "Cliëntenraad Jeugd Zuidoost"),
    ]:
        response = _step(web, report, "recipient", {"kind": kind, "name": name, "on": "2026-03-05"})
        assert response.status_code == 302
    late = _step(web, report, "publish", {"on": "2026-03-20", "public_url": ""})
    assert late.status_code == 302

    page = _page(web, report)
    assert "de Minister van VWS – verstuurd op 05-03-2026" in page
    assert "de Minister van Justitie en Veiligheid – verstuurd op 05-03-2026" in page
    assert "Cliëntenraad Jeugd Zuidoost – verstuurd op 05-03-2026" in page
    assert "nog niet verstuurd" not in page
    assert "Openbaar gemaakt op 20-03-2026" in page
    assert "te laat" in page  # ten days after 2 March is 12 March


def _reminders() -> list[str]:
    return sorted(
        OutboxMessage.objects.filter(kind="jeugdwet_report_reminder").values_list("to", flat=True)
    )


def test_the_quality_lead_is_reminded_until_the_report_is_public_and_sent(web, report, lead):
    youth = ServiceFactory(jeugdwet=True)
    _jeugdwet_complaint(LocationFactory(services=[youth]), youth, "Werkwijze of regel")
    with time_machine.travel(local(YEAR + 1, 4, 30, 7), tick=False):
        call_command("report_reminders", stdout=io.StringIO())
    assert _reminders() == []
    with time_machine.travel(local(YEAR + 1, 5, 1, 7), tick=False):
        call_command("report_reminders", stdout=io.StringIO())
        call_command("report_reminders", stdout=io.StringIO())  # once a day
    assert lead.email in _reminders()
    once = len(_reminders())
    mail = OutboxMessage.objects.filter(kind="jeugdwet_report_reminder").first()
    assert "de klachtencommissie van 2025 invullen" in mail.body_text
    with time_machine.travel(local(YEAR + 1, 6, 2, 7), tick=False):
        call_command("report_reminders", stdout=io.StringIO())
    assert len(_reminders()) == 2 * once
    late = OutboxMessage.objects.filter(kind="jeugdwet_report_reminder").last()
    assert "te laat" in late.subject


def test_after_adoption_the_reminder_comes_a_week_before_the_ten_days_end(web, report, lead):
    web.post(_committee_page(), COMMITTEE)
    _make_final(web, report)
    _step(web, report, "adopt", {"on": "2026-03-02"})
    with time_machine.travel(local(YEAR + 1, 3, 4, 7), tick=False):
        call_command("report_reminders", stdout=io.StringIO())
    assert _reminders() == []
    with time_machine.travel(local(YEAR + 1, 3, 5, 7), tick=False):
        call_command("report_reminders", stdout=io.StringIO())
    assert lead.email in _reminders()
    for kind, name in [("minister_vws", ""), ("minister_jenv", ""), ("igj", "")]:
        _step(web, report, "recipient", {"kind": kind, "name": name, "on": "2026-03-05"})
    _step(web, report, "recipient", {"kind": "client_org", "name": "Raad", "on": "2026-03-05"})
    _step(web, report, "publish", {"on": "2026-03-06", "public_url": ""})
    OutboxMessage.objects.all().delete()
    with time_machine.travel(local(YEAR + 1, 3, 20, 7), tick=False):
        call_command("report_reminders", stdout=io.StringIO())
    assert _reminders() == []
