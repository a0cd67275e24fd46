"""The overview's counters count only what the viewer may count (`access.feedback_counted`):
the meldcode counter never counts the dossier about the viewer (LEGAL.md M2, M4)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback import periods, selectors
from tests.concerned import meldcode_about
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["management", "quality_officer"])
def test_the_meldcode_counter_leaves_out_the_dossier_about_the_viewer(client, role):
    case = meldcode_about(role)
    colleague = UserFactory(role=case.concerned.role)
    assert selectors.restricted_count(user=colleague) == 1
    assert selectors.restricted_count(user=case.concerned) == 0
    login_staff(client, case.concerned)
    assert client.get(reverse("staff:home")).context["restricted_count"] == 0


@pytest.mark.parametrize("role", ["designated_officer", "quality_lead"])
def test_the_dashboard_figures_leave_out_the_dossier_about_the_viewer(role):
    case = meldcode_about(role)
    FeedbackFactory(location=case.location, registered=True)
    colleague = UserFactory(role=case.concerned.role, meldcode_designated=True)
    period = periods.period_get("12-maanden", today=timezone.localdate())

    def received(user) -> int:
        figures = selectors.dashboard_figures(user=user, period=period)
        return sum(sum(months) for months in figures["by_kind"].values())

    assert received(colleague) == 2
    assert received(case.concerned) == 1
