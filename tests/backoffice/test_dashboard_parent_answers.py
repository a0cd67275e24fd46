"""Issue 16 on the dashboard: of the measures put to parents in the chosen period, how many
they confirmed, denied or left unanswered, and the share confirmed; counted by the one function
the annual report and the API count with (`feedback.figures`), over the viewer's scope."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from rest_framework.test import APIClient

from klachtwijs.api.services import api_token_create
from klachtwijs.feedback import services
from klachtwijs.feedback.figures import ParentAnswers
from klachtwijs.organisation.models import Role
from klachtwijs.reports.figures import Scope, year_figures
from tests.concerned import meldcode_about
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
UTC = dt.UTC
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
RECEIVED = dt.datetime(2026, 2, 2, 9, tzinfo=UTC)

# (when the parent was asked, their answer) for one measure each. Quarter 2 of 2026 runs from
# 1 April to 30 June in Amsterdam time (UTC+2 then): 30 June 21:30 UTC is 23:30 on the 30th,
# 22:30 UTC is already 1 July.
ASKED = [
    (dt.datetime(2026, 4, 1, 8, tzinfo=UTC), "yes"),
    (dt.datetime(2026, 5, 12, 8, tzinfo=UTC), "yes"),
    (dt.datetime(2026, 5, 20, 8, tzinfo=UTC), "no"),
    (dt.datetime(2026, 6, 30, 21, 30, tzinfo=UTC), ""),  # no answer (yet)
    (dt.datetime(2026, 3, 31, 21, 30, tzinfo=UTC), "yes"),  # 31 March 23:30: before
    (dt.datetime(2026, 6, 30, 22, 30, tzinfo=UTC), "no"),  # 1 July 00:30: after
]


def _ask(feedback, at: dt.datetime, answer: str) -> None:
    """Put the dossier's measure to the parent at `at`; answer a day later (if they do)."""
    measure = feedback.measures.get()
    assert services.measure_followup_ask(measure_id=measure.pk, at=at)
    if answer:
        services.measure_parent_answer(
            measure_id=measure.pk, answer=answer, at=at + dt.timedelta(days=1)
        )


def _expected(asked: list[tuple[dt.datetime, str]]) -> ParentAnswers:
    """The counts, made here by hand."""
    answers = [answer for _, answer in asked]
    return ParentAnswers(
        asked=len(answers),
        confirmed=answers.count("yes"),
        denied=answers.count("no"),
        unanswered=answers.count(""),
    )


def _within(asked, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, str]]:
    """The rows asked on a local day from `first` up to and including `last`."""
    return [row for row in asked if first <= row[0].astimezone(AMSTERDAM).date() <= last]


@pytest.fixture
def asked(location):
    """One judged complaint per row of ASKED, at two locations, all received in 2026, and an
    answered complaint whose parent was never asked (it counts nowhere)."""
    elsewhere = LocationFactory()
    with time_machine.travel(RECEIVED, tick=False):
        for i, (at, answer) in enumerate(ASKED):
            where = location if i % 2 else elsewhere
            _ask(FeedbackFactory(location=where, answered=True, received_at=RECEIVED), at, answer)
        FeedbackFactory(location=location, answered=True, received_at=RECEIVED)
    return ASKED


@time_machine.travel(dt.datetime(2026, 8, 20, 12, tzinfo=UTC), tick=False)
def test_the_dashboard_counts_the_answers_of_the_chosen_period(client, manager, asked):
    login_staff(client, manager)
    response = client.get("/staff/dashboard/", {"periode": "2026-K2"})

    got = response.context["figures"]["parent_answers"]
    expected = _expected(_within(asked, dt.date(2026, 4, 1), dt.date(2026, 6, 30)))
    assert expected == ParentAnswers(asked=4, confirmed=2, denied=1, unanswered=1)
    assert got == expected
    assert got.share == 50.0
    # The page says which period, and shows the numbers in a table with a caption and headers
    # (and a chart like the other figures).
    html = response.text
    assert "Kwartaal 2 van 2026: van 1 april 2026 tot en met 30 juni 2026" in html
    section = html[html.index('id="ouders-kop"') :]
    assert "<caption" in section
    assert "Antwoorden van ouders op de vraag of een maatregel is gebeurd" in section
    for header, n in [
        ("Ja, gebeurd", 2),
        ("Nee, niet gebeurd", 1),
        ("Nog geen antwoord", 1),
        ("Aan ouders gevraagd", 4),
    ]:
        row = f'scope="row">{header}</th><td class="utrecht-table__cell">{n}</td>'
        assert row in section, header
    assert "Bevestigd door de ouder: 50,0%." in section
    assert "<svg" in section

    # A quarter without questions says so, and draws no empty chart.
    for key, first, last in [
        ("2026-K1", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026-K3", dt.date(2026, 7, 1), dt.date(2026, 8, 20)),
    ]:
        other = client.get("/staff/dashboard/", {"periode": key})
        expected = _expected(_within(asked, first, last))
        assert expected.asked == 1
        assert other.context["figures"]["parent_answers"] == expected
    none = client.get("/staff/dashboard/", {"periode": "2025"})
    assert none.context["figures"]["parent_answers"] == ParentAnswers()
    assert "In deze periode is geen ouder gevraagd of een maatregel is gebeurd." in none.text
    assert "<svg" not in none.text[none.text.index('id="ouders-kop"') :]


@time_machine.travel(dt.datetime(2026, 8, 20, 12, tzinfo=UTC), tick=False)
def test_the_dashboard_the_report_and_the_api_give_the_same_figure(client, manager, asked):
    """The year 2026 on the dashboard (asked in 2026) and in the annual report and the API (the
    measures of complaints received in 2026) cover the same measures here: the same numbers."""
    expected = _expected(asked)
    assert (expected.asked, expected.share) == (6, 50.0)

    login_staff(client, manager)
    dashboard = client.get("/staff/dashboard/", {"periode": "2026"})
    assert dashboard.context["figures"]["parent_answers"] == expected
    assert year_figures(Scope(year=2026)).parent_answers == expected

    _, key = api_token_create(name="bi", role=Role.MANAGEMENT, locations=[])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    data = api.get("/api/v1/figures/2026/").json()
    assert {k: v for k, v in data.items() if k.startswith("parent_")} == {
        "parent_asked": 6,
        "parent_confirmed": 3,
        "parent_denied": 2,
        "parent_unanswered": 1,
        "parent_confirmed_share": 50.0,
    }


@pytest.mark.parametrize("role", ["quality_lead", "management"])
def test_a_meldcode_dossier_is_not_in_the_parents_answers(client, role):
    """A measure put to the parent before the meldcode route started: never counted for the
    employee the route is about (M2, not even their own scope) nor for a colleague who may see
    the dossier (M4: in the figures a meldcode dossier is only a count)."""

    def ask(feedback, officer):
        assert services.measure_followup_ask(measure_id=feedback.measures.get().pk)

    case = meldcode_about(role, before_meldcode=ask)
    ordinary = FeedbackFactory(location=case.location, answered=True)
    _ask(ordinary, dt.datetime.now(tz=UTC), "no")
    colleague = UserFactory(role=case.concerned.role)

    for viewer in (case.concerned, colleague):
        login_staff(client, viewer)
        got = client.get("/staff/dashboard/").context["figures"]["parent_answers"]
        assert got == ParentAnswers(asked=1, denied=1), viewer
