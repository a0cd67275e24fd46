"""The same permission module as the back office: a token scoped to one location sees
nothing of another (list, detail, nested reads and actions all 404); a role that may not
act gets 403, before the dossier is looked at (as on the web), so 403 says nothing about it."""

import pytest

from klachtwijs.feedback.models import Status
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/klantreacties/"
ACTIONS = ["register", "assign", "contact", "extend", "judge", "close", "resolve"]
ACTIONS += ["withdraw", "reopen"]


@pytest.fixture
def two_locations():
    here, there = LocationFactory(), LocationFactory()
    mine = FeedbackFactory(location=here, registered=True)
    theirs = FeedbackFactory(location=there, registered=True)
    return here, mine, theirs


def test_scoped_token_lists_only_its_own_location(token_client, two_locations):
    here, mine, theirs = two_locations
    client = token_client(Role.HANDLER, [here])
    ids = [row["id"] for row in client.get(BASE).json()["results"]]
    assert ids == [mine.pk]
    other = client.get(BASE, {"location": theirs.location_id}).json()
    assert other["count"] == 0


@pytest.mark.parametrize("suffix", ["", "timeline/", "measures/", "escalations/"])
def test_scoped_token_gets_404_for_another_location(token_client, two_locations, suffix):
    here, mine, theirs = two_locations
    client = token_client(Role.HANDLER, [here])
    assert client.get(f"{BASE}{mine.pk}/{suffix}").status_code == 200
    response = client.get(f"{BASE}{theirs.pk}/{suffix}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("action", ACTIONS)
def test_scoped_token_actions_on_another_location_are_404(token_client, two_locations, action):
    here, _, theirs = two_locations
    client = token_client(Role.QUALITY_LEAD, name="lead")  # organisation-wide: sees all
    scoped = token_client(Role.HANDLER, [here])
    response = scoped.post(f"{BASE}{theirs.pk}/{action}/", {}, format="json")
    assert response.status_code == (404 if Role.HANDLER in access.ACTIONS[action] else 403)
    theirs.refresh_from_db()
    assert theirs.status == Status.REGISTERED
    assert client.get(f"{BASE}{theirs.pk}/").status_code == 200


def test_scoped_token_cannot_escalate_on_another_location(token_client, two_locations):
    here, _, theirs = two_locations
    response = token_client(Role.QUALITY_OFFICER, name="kwaliteit").get(
        f"{BASE}{theirs.pk}/escalations/"
    )
    assert response.status_code == 200  # organisation-wide role sees it
    scoped = token_client(Role.HANDLER, [here])
    body = {"body": "klachtenloket", "started_on": "2026-01-05"}
    # A handler may not record escalations at all: 403, whichever dossier (as on the web).
    assert scoped.post(f"{BASE}{theirs.pk}/escalations/", body, format="json").status_code == 403
    assert theirs.escalations.count() == 0


def test_role_without_the_action_gets_403_on_a_visible_dossier(token_client, two_locations):
    here, mine, _ = two_locations
    handler = token_client(Role.HANDLER, [here])
    response = handler.post(f"{BASE}{mine.pk}/reopen/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_client_panel_gets_figures_but_no_dossiers(token_client, two_locations):
    panel = token_client(Role.CLIENT_PANEL)
    assert panel.get(BASE).status_code == 403
    assert panel.get("/api/v1/situations/").status_code == 403
    assert panel.get("/api/v1/figures/2026/").status_code == 200


def test_restricted_dossiers_stay_hidden_from_a_quality_officer(token_client, location):
    hidden = FeedbackFactory(location=location, meldcode=True)
    client = token_client(Role.QUALITY_OFFICER)
    assert client.get(f"{BASE}{hidden.pk}/").status_code == 404
    designated = token_client(Role.MELDCODE_OFFICER, name="meldcode")
    assert designated.get(f"{BASE}{hidden.pk}/").status_code == 200


def test_employee_token_sees_only_what_it_submitted(token_client, location):
    FeedbackFactory(location=location)
    client = token_client(Role.EMPLOYEE, [location])
    assert client.get(BASE).json()["count"] == 0
