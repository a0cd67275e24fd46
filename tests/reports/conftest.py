import datetime as dt

import pytest
import time_machine

from klachtwijs.feedback.models import Escalation, Kind, Outcome
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.reports.builders import Spec, build_complaint, local

GC, LOKET = Escalation.Body.GESCHILLENCOMMISSIE, Escalation.Body.KLACHTENLOKET


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Final versions store their files: keep them out of the working directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer():
    return UserFactory(role=Role.QUALITY_OFFICER, username="kwaliteit", first_name="Anouk")


@pytest.fixture
def year_data(officer):
    """2025 with every kind and outcome, an extension, escalations and a dispute; 2024 beside
    it; two regions. Returns (specs of 2025 complaints, other dossiers, locations)."""
    day, youth = ServiceFactory(), ServiceFactory(jeugdwet=True)
    north = LocationFactory(name="Noord", services=[day, youth])
    south = LocationFactory(name="Zuid", services=[day])
    specs = [
        Spec(north, day, local(2025, 2, 3, 10), Outcome.WELL_FOUNDED, 10, measure="on_time"),
        Spec(
            north,
            day,
            local(2025, 3, 3, 9),
            Outcome.PARTLY_FOUNDED,
            50,
            measure="late",
            category="Werkwijze of regel",
        ),
        Spec(
            south,
            day,
            local(2025, 5, 6, 14),
            Outcome.UNFOUNDED,
            20,
            escalations=[(GC, dt.date(2025, 7, 1)), (LOKET, dt.date(2025, 6, 20))],
        ),
        Spec(
            north,
            youth,
            local(2025, 6, 2, 11),
            Outcome.WELL_FOUNDED,
            55,
            extend_weeks=3,
            measure="open",
            by_committee=True,
        ),
        Spec(south, day, local(2025, 11, 3, 8)),  # still open: no outcome, no answer
    ]
    for spec in specs:
        build_complaint(spec, officer=officer)
    others = []
    for kind, location in [
        (Kind.SUGGESTION, south),
        (Kind.COMPLIMENT, north),
        (Kind.SIGNAL, north),
    ]:
        others.append(
            FeedbackFactory(kind=kind, location=location, received_at=local(2025, 4, 1, 9))
        )
    with time_machine.travel(local(2025, 8, 1, 9), tick=False):
        FeedbackFactory(location=north, received_at=local(2025, 8, 1, 9), meldcode=True)
    # Boundaries: the last minutes of 2024 belong to 2024, the first of 2026 to 2026.
    last_year = Spec(north, day, local(2024, 12, 31, 23, 30), Outcome.UNFOUNDED, 5)
    build_complaint(last_year, officer=officer)
    FeedbackFactory(location=north, received_at=local(2026, 1, 1, 0, 15))
    return specs, others, last_year, (north, south)
