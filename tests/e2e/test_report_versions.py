"""The report page with its final versions, hashes, sendings and the parents/GGD flag, and the
client panel's page of a final report: keyboard and screen-reader usable (axe, WCAG 2.1 AA)
and without sideways scrolling at 360 px."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import Client

from klachtwijs.feedback.models import Feedback
from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.organisation.models import Role
from klachtwijs.reports import services
from klachtwijs.reports.models import Variant
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff
from tests.reports.builders import local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    client = login_staff(Client(), user)
    name = django_settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def test_report_versions_page_and_panel_page_are_accessible(live_server, page, axe_clean):
    page.set_default_timeout(30_000)
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    FeedbackFactory(location=LocationFactory(name="Morel"), received_at=local(2025, 4, 1, 9))
    for pk in Feedback.objects.values_list("pk", flat=True):
        feedback_set_report_texts(feedback_id=pk, by=officer, summary="Vraag.", handling="Gebeld.")
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    services.report_make_final(report_id=report.pk, by=officer)
    services.report_discuss_management(report_id=report.pk, on=dt.date(2026, 3, 2), by=officer)
    services.report_discuss_client_panel(
        report_id=report.pk, on=dt.date(2026, 3, 2), advice="Goed.", by=officer
    )
    services.report_send(
        report_id=report.pk,
        on=dt.date(2026, 4, 2),
        parents_informed_on=dt.date(2026, 4, 9),
        by=officer,
    )
    services.report_reopen(report_id=report.pk, reason="Tikfout.", by=officer)
    services.report_make_final(report_id=report.pk, by=officer)

    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/jaarverslag/{report.pk}/")
    assert page.get_by_role("heading", name="Definitieve versies").is_visible()
    assert page.get_by_role("alert").first.is_visible()
    axe_clean(page)

    page.context.clear_cookies()
    _sign_in(page, live_server, UserFactory(role=Role.CLIENT_PANEL))
    page.goto(f"{live_server.url}/staff/jaarverslag/klantpanel/{report.pk}/")
    assert page.get_by_role("link", name="Definitieve versie 2 downloaden (pdf)").is_visible()
    axe_clean(page)
