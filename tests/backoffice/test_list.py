"""The quality officer's overview: scope, quick views, filters, search, sorting, pages, counts."""

import datetime as dt

import pytest
from django.utils import timezone

from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def refs(response) -> list[str]:
    return [f.reference for f in response.context["page"].object_list]


@pytest.fixture
def two(location, other_location):
    a = FeedbackFactory(location=location, description="Het hek stond open bij het ophalen.")
    b = FeedbackFactory(
        location=other_location, kind=Kind.SUGGESTION, description="Meer fruit graag."
    )
    return a, b


def test_officer_sees_all_dossiers(officer_client, two):
    response = officer_client.get("/staff/")
    assert response.status_code == 200
    assert sorted(refs(response)) == sorted(f.reference for f in two)


def test_handler_sees_only_own_locations(client, handler, two):
    login_staff(client, handler)
    assert refs(client.get("/staff/")) == [two[0].reference]


def test_filter_on_kind_and_location(officer_client, two, other_location):
    assert refs(officer_client.get("/staff/?kind=suggestion")) == [two[1].reference]
    response = officer_client.get(f"/staff/?location={other_location.pk}")
    assert refs(response) == [two[1].reference]


def test_filter_on_region(officer_client, two, location):
    assert refs(officer_client.get(f"/staff/?region={location.region_id}")) == [two[0].reference]


def test_invalid_filter_value_is_ignored(officer_client, two):
    response = officer_client.get("/staff/?kind=nonsense&location=abc")
    assert response.status_code == 200
    assert len(refs(response)) == 2


def test_search_finds_words_in_description(officer_client, two):
    assert refs(officer_client.get("/staff/?q=hek")) == [two[0].reference]
    assert refs(officer_client.get(f"/staff/?q={two[1].reference}")) == [two[1].reference]
    assert refs(officer_client.get("/staff/?q=olifant")) == []


def test_to_register_view_and_counts(officer_client, location):
    received = FeedbackFactory(location=location)
    FeedbackFactory(location=location, registered=True)
    response = officer_client.get("/staff/?weergave=te-registreren")
    assert refs(response) == [received.reference]
    assert response.context["counts"]["to_register"] == 1
    assert response.context["counts"]["open"] == 2


def test_overdue_and_due_soon(officer_client, location):
    now = timezone.now()
    late = FeedbackFactory(location=location, received_at=now - dt.timedelta(days=60))
    soon = FeedbackFactory(location=location, received_at=now - dt.timedelta(days=38))
    FeedbackFactory(location=location, received_at=now)
    assert refs(officer_client.get("/staff/?weergave=te-laat")) == [late.reference]
    assert refs(officer_client.get("/staff/?weergave=binnen-7-dagen")) == [soon.reference]
    counts = officer_client.get("/staff/").context["counts"]
    assert (counts["overdue"], counts["due_soon"]) == (1, 1)


def test_overdue_term_is_coloured(officer_client, location):
    FeedbackFactory(location=location, received_at=timezone.now() - dt.timedelta(days=60))
    html = officer_client.get("/staff/").content.decode()
    # Days left as a coloured badge (rules.term_colour), on the dossier's one line.
    assert 'class="utrecht-badge-status kw-badge term-overdue"' in html
    assert "te laat" in html


def test_sorting_on_received(officer_client, location):
    now = timezone.now()
    old = FeedbackFactory(location=location, received_at=now - dt.timedelta(days=3))
    new = FeedbackFactory(location=location, received_at=now)
    assert refs(officer_client.get("/staff/?sorteer=ontvangen")) == [old.reference, new.reference]
    assert refs(officer_client.get("/staff/?sorteer=-ontvangen")) == [new.reference, old.reference]


def test_pagination(officer_client, location):
    for _ in range(27):
        FeedbackFactory(location=location)
    first = officer_client.get("/staff/?kind=complaint")
    assert len(refs(first)) == 25
    second = officer_client.get("/staff/?kind=complaint&pagina=2")
    assert len(refs(second)) == 2
    assert "kind=complaint&amp;pagina=2" in first.content.decode()


def test_counts_per_location(officer_client, two, location):
    rows = officer_client.get("/staff/").context["by_location"]
    assert {r["location__name"]: r["open"] for r in rows} == {
        location.name: 1,
        two[1].location.name: 1,
    }


def test_meldcode_dossiers_only_a_count_for_officer(officer_client, location):
    FeedbackFactory(location=location, meldcode=True)
    response = officer_client.get("/staff/")
    assert refs(response) == []
    assert response.context["restricted_count"] == 1


@pytest.mark.parametrize(
    ("role", "target"),
    [
        (Role.CLIENT_PANEL, "/staff/jaarverslag/klantpanel/"),
        (Role.ADMINISTRATOR, "/staff/inrichting/"),
    ],
)
def test_roles_without_list_are_sent_to_their_start(client, role, target):
    login_staff(client, UserFactory(role=role))
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == target


def test_mine_shows_own_dossiers_and_measures(client, location):
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    location.manager = handler
    location.save()
    answered = FeedbackFactory(location=location, answered=True)
    in_progress = FeedbackFactory(location=location, in_progress=True)
    FeedbackFactory(location=LocationFactory(), in_progress=True)  # someone else's
    login_staff(client, handler)
    response = client.get("/staff/mijn-dossiers/")
    assert response.status_code == 200
    dossiers = [f.reference for f in response.context["dossiers"]]
    assert sorted(dossiers) == sorted([answered.reference, in_progress.reference])
    measures = response.context["measures"]
    assert [m.feedback_id for m in measures] == [answered.pk]
    assert "Vaste overdrachtsmomenten" in response.content.decode()


def test_handler_counts_each_dossier_once(client, location):
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    UserFactory(role=Role.HANDLER, locations=[location])  # a colleague at the same location
    location.manager = handler
    location.save()
    FeedbackFactory(location=location, in_progress=True)
    login_staff(client, handler)
    response = client.get("/staff/")
    assert response.context["counts"]["open"] == 1
    assert [r["open"] for r in response.context["by_location"]] == [1]
    assert response.context["page"].paginator.count == 1
