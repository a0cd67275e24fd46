"""Pattern alerts (issue 17 item 1): each rule fires on data that should and stays quiet on data
just below it; the heat map counts what the test counts; an acknowledgement hides an alert until
a new dossier arrives; handlers are refused; the weekly mail goes once a week, without names."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klachtwijs.feedback.models import Feedback, Kind
from klachtwijs.feedback.services import Child
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from klachtwijs.reports import patterns
from tests.factories import FeedbackFactory, LocationFactory, UserFactory, category
from tests.helpers import login_staff
from tests.reports.builders import local

pytestmark = pytest.mark.django_db
CAT, OTHER = "Communicatie en informatie", "Veiligheid"


def _complaint(location, when, **kwargs):
    with time_machine.travel(when, tick=False):
        return FeedbackFactory(location=location, received_at=when, **kwargs)


def _alerts(user, today, rule):
    return [a for a in patterns.alerts_for(user, today=today) if a.rule == rule]


def _category(name):
    try:
        return category(name)
    except Exception:  # the default list may not hold the second name
        from klachtwijs.feedback.models import Category

        return Category.objects.create(name=name)


def test_a_third_complaint_about_one_subject_within_60_days_fires(officer):
    subject = _category(CAT)
    fires, two, spread = (LocationFactory(name=n) for n in ("Aster", "Berk", "Ceder"))
    day0 = local(2026, 4, 1, 9)
    for days in (0, 20, 59):
        _complaint(fires, day0 + dt.timedelta(days=days), category=subject)
    for days in (0, 20):
        _complaint(two, day0 + dt.timedelta(days=days), category=subject)
    _complaint(two, day0 + dt.timedelta(days=30), category=_category(OTHER))
    for days in (0, 30, 61):
        _complaint(spread, day0 + dt.timedelta(days=days), category=subject)

    (alert,) = _alerts(officer, dt.date(2026, 6, 1), patterns.SUBJECT)
    assert alert.location == "Aster"
    assert alert.category == CAT
    assert len(alert.dossiers) == 3
    assert "3 klachten over ‘Communicatie en informatie’ binnen 60 dagen" in alert.sentence


def test_a_quarter_well_above_the_locations_own_past_fires():
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    assert patterns.poisson_threshold(1.5) == 5
    assert patterns.poisson_threshold(0.25) == 3  # the floor: a new location needs 3
    high, normal = LocationFactory(name="Hoog"), LocationFactory(name="Gewoon")
    for location, now in ((high, 3), (normal, 2)):
        for year, month in ((2024, 8), (2025, 1), (2025, 5), (2025, 11)):  # 0,5 a quarter
            _complaint(location, local(year, month, 10, 9))
        for i in range(now):
            _complaint(location, local(2026, 4, 2 + i, 9))

    (alert,) = _alerts(officer, dt.date(2026, 5, 1), patterns.QUARTER)
    assert alert.location == "Hoog"
    assert len(alert.dossiers) == 3
    assert "gemiddeld 0,5 per kwartaal; 3 of meer is ongewoon" in alert.sentence


def test_one_childrens_group_in_three_dossiers_fires_from_structured_fields_only(officer):
    here, there = LocationFactory(name="Duin"), LocationFactory(name="Eik")
    day0 = local(2026, 3, 1, 9)
    for days, group in ((0, "Vlinders"), (40, " vlinders "), (89, "VLINDERS")):
        _complaint(here, day0 + dt.timedelta(days=days), children=[Child("Bo", group)])
    for days in (0, 40):
        _complaint(there, day0 + dt.timedelta(days=days), children=[Child("Bo", "Vlinders")])
    _complaint(there, day0 + dt.timedelta(days=50), description="Ook bij de Vlinders mis.")

    (alert,) = _alerts(officer, dt.date(2026, 6, 1), patterns.GROUP)
    assert alert.location == "Duin"
    assert len(alert.dossiers) == 3
    assert "‘vlinders’" in alert.sentence
    assert "Bo" not in alert.sentence


def test_two_missed_terms_in_a_row_fire(officer):
    late, mixed = LocationFactory(name="Fazant"), LocationFactory(name="Gaai")
    for month in (1, 2):  # never answered; both terms long past
        _complaint(late, local(2026, month, 5, 9))
    _complaint(mixed, local(2026, 1, 5, 9))
    with time_machine.travel(local(2026, 2, 5, 9), tick=False):  # answered the same day
        FeedbackFactory(location=mixed, received_at=local(2026, 2, 5, 9), answered=True)

    (alert,) = _alerts(officer, dt.date(2026, 6, 1), patterns.LATE)
    assert alert.location == "Fazant"
    assert len(alert.dossiers) == 2
    assert "2 keer na elkaar niet gehaald" in alert.sentence


def test_the_heat_map_counts_complaints_per_location_and_category(client, officer):
    a, b = LocationFactory(name="Hazel"), LocationFactory(name="Iep")
    cat, other = _category(CAT), _category(OTHER)
    for location, subject, year in [
        (a, cat, 2025),
        (a, cat, 2025),
        (a, cat, 2024),
        (a, other, 2024),
        (b, other, 2025),
    ]:
        _complaint(location, local(year, 5, 1, 9), category=subject)
    _complaint(b, local(2025, 5, 2, 9), category=other, kind=Kind.COMPLIMENT)  # no complaint
    login_staff(client, officer)

    html = client.get(reverse("patterns:index"), {"jaar": "2025"}).content.decode()

    for location in (a, b):
        for subject in (cat, other):
            counts = [
                Feedback.objects.filter(
                    location=location, category=subject, kind=Kind.COMPLAINT, received_at__year=y
                ).count()
                for y in (2025, 2024)
            ]
            cell = f'<th class="utrecht-table__header-cell" scope="row">{location.name}</th>'
            row = re.search(rf"{cell}(.*?)</tr>", html, re.S)
            assert f'{counts[0]} <span class="heat-previous">(2024: {counts[1]})' in row.group(1)
    assert "<caption>Aantal klachten in 2025, met 2024 tussen haakjes</caption>" in html


def test_an_acknowledged_alert_returns_with_a_new_dossier_and_handlers_are_refused(client, officer):
    subject = _category(CAT)
    location = LocationFactory(name="Jasmijn")
    for day in (1, 10, 20):
        _complaint(location, local(2026, 4, day, 9), category=subject)
    login_staff(client, officer)
    url = reverse("patterns:index")
    with time_machine.travel(local(2026, 5, 1, 9)):
        (alert,) = _alerts(officer, dt.date(2026, 5, 1), patterns.SUBJECT)
        refused = client.post(reverse("patterns:acknowledge"), {"key": alert.key, "note": " "})
        assert refused.status_code == 400
        assert "Schrijf kort op wat u met dit patroon heeft gedaan." in refused.content.decode()
        done = client.post(
            reverse("patterns:acknowledge"), {"key": alert.key, "note": "Team gesproken."}
        )
        assert done.status_code == 302
        page = client.get(url).content.decode()
        open_part, done_part = page.split("Afgehandelde patronen")[:2]
        assert "klachten over" not in open_part
        assert "Team gesproken." in done_part

    _complaint(location, local(2026, 5, 2, 9), category=subject)
    with time_machine.travel(local(2026, 5, 3, 9)):
        open_part = client.get(url).content.decode().split("Afgehandelde patronen")[0]
        assert "4 klachten over" in open_part

    handler = UserFactory(role=Role.HANDLER, locations=[location])
    login_staff(client, handler)
    assert client.get(url).status_code == 403
    assert client.post(reverse("patterns:acknowledge"), {"key": "x"}).status_code == 403


def test_the_page_needs_as_many_queries_for_many_dossiers_as_for_few(client, officer):
    subject = _category(CAT)
    login_staff(client, officer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("patterns:index")).status_code == 200
        return len(ctx)

    location = LocationFactory()
    for day in (1, 2, 3):
        _complaint(location, local(2026, 4, day, 9), category=subject)
    with time_machine.travel(local(2026, 5, 1, 9)):
        queries()
        few = queries()
    for day in (4, 5, 6):
        _complaint(LocationFactory(), local(2026, 4, day, 9), category=subject)
        _complaint(location, local(2026, 4, day, 9), category=subject)
    with time_machine.travel(local(2026, 5, 1, 9)):
        queries()  # what the new rows changed is read into memory again (core/cache.py)
        assert queries() == few


def test_the_weekly_mail_goes_to_the_lead_once_a_week_without_names(officer):
    lead = UserFactory(role=Role.QUALITY_LEAD, email="lead@example.nl")
    subject = _category(CAT)
    location = LocationFactory(name="Kastanje")
    for day in (1, 10, 20):
        _complaint(
            location,
            local(2026, 4, day, 9),
            category=subject,
            submitter_name="Xaviera Quirijnsen",
            children=[Child("Bartholomeus", "Vlinders")],
        )

    def run(day):
        with time_machine.travel(local(2026, 5, day, 7), tick=False):
            call_command("pattern_digest", stdout=io.StringIO())

    run(4)  # Monday
    run(5)
    run(8)
    (mail,) = OutboxMessage.objects.filter(kind="pattern_digest")
    assert mail.to == lead.email
    assert "Kastanje" in mail.body_text
    assert "3 klachten over" in mail.body_text
    for reference in Feedback.objects.values_list("reference", flat=True):
        assert reference in mail.body_text
    for name in ("Xaviera", "Quirijnsen", "Bartholomeus"):
        assert name not in mail.body_text
    run(11)  # the next week
    assert OutboxMessage.objects.filter(kind="pattern_digest").count() == 2
