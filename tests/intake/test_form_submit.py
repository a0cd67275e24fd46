"""Sending the public form: one dossier, acknowledgement queued, a private confirmation."""

import re

import pytest
from django.core import signing

from klachtwijs.feedback.models import Document, Feedback, Status
from klachtwijs.notifications.models import OutboxMessage
from tests.factories import LocationFactory, ServiceFactory
from tests.intake.factories import PNG, form_data, upload

pytestmark = pytest.mark.django_db
URL = "/klantreactie/"


@pytest.mark.parametrize("count", [1, 20])
def test_form_queries_do_not_grow_with_locations(client, count, django_assert_num_queries):
    LocationFactory.create_batch(count)
    # organisation (context processor, and its Geschillencommissie affiliation for the routes,
    # `routes.routes_for`, Wko 1.57c: read once per request and kept in memory until it
    # changes), locations, their services; and once per version of the places the set-up
    # check (organisation, regions, locations, regulation)
    with django_assert_num_queries(3 + 4):
        response = client.get(URL)
    assert response.content.decode().count("<optgroup") == count


def _fields(html: str) -> str:
    """The page without its per-visitor parts (CSRF token, submission key)."""
    start = html.index('name="kind"')
    return html[start : html.index('type="submit"', start)]


def test_the_blank_form_is_rendered_once_then_served_from_the_cache(
    client, django_assert_num_queries
):
    LocationFactory.create_batch(3)
    first = client.get(URL).content.decode()
    with django_assert_num_queries(0):  # two reads of the (memory) cache, no render
        second = client.get(URL).content.decode()
    assert _fields(second) == _fields(first)
    assert second.count("<optgroup") == 3
    pattern = r'name="submission_key" value="([^"]+)"'
    keys = [re.search(pattern, page).group(1) for page in (first, second)]
    assert keys[0] != keys[1]  # the per-visitor parts are never cached


def test_the_cached_form_carries_a_working_csrf_token_of_its_own(location):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    Client().get(URL)  # someone else's visit fills the cache
    page = browser.get(URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    data = {**form_data(location), "csrfmiddlewaretoken": token, "submission_key": key}
    assert browser.post(URL, data).status_code == 302
    assert Feedback.objects.count() == 1


def test_a_change_to_the_organisation_shows_once_committed(
    client, django_capture_on_commit_callbacks
):
    from klachtwijs.organisation.selectors import organisation_get

    client.get(URL)
    organisation = organisation_get()
    organisation.name = "Kinderopvang De Zonnebloem"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert "Kinderopvang De Zonnebloem" in client.get(URL).content.decode()


def test_a_new_location_or_service_shows_once_committed(client, django_capture_on_commit_callbacks):
    location = LocationFactory(name="De Regenboog")
    assert "Het Anker" not in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        LocationFactory(name="Het Anker")
    assert '<optgroup label="Het Anker">' in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        location.services.add(ServiceFactory(name="Peuteropvang"))
    assert "De Regenboog – Peuteropvang" in client.get(URL).content.decode()
    location.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        location.save()
    assert "De Regenboog" not in client.get(URL).content.decode()


def test_before_the_commit_the_cached_form_stays_as_it_was(client):
    """A change that is not committed yet must not reach the cache under a new version."""
    LocationFactory()  # a location to choose: the form is open
    client.get(URL)
    LocationFactory(name="Het Anker")  # its transaction (the test's) never commits
    assert "Het Anker" not in client.get(URL).content.decode()


def test_a_form_with_errors_is_never_taken_from_the_cache(client, location):
    client.get(URL)
    response = client.post(URL, form_data(location, description=""))
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_home_leads_to_the_form(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_form_groups_services_by_location(client, django_assert_max_num_queries):
    first = LocationFactory(name="De Regenboog")
    LocationFactory(name="Het Anker", services=[ServiceFactory(), ServiceFactory(jeugdwet=True)])
    # organisation, locations, services (+ session), + 4 for the set-up check (then cached)
    with django_assert_max_num_queries(4 + 4):
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<optgroup label="De Regenboog">' in html
    assert f'value="{first.pk}:{first.services.first().pk}"' in html
    assert "Het Anker – Ontwikkelarrangement" in html
    assert 'name="submission_key"' in html
    assert "Geschillencommissie Kinderopvang" in html
    assert "AKJ" in html


def test_send_stores_dossier_and_queues_acknowledgement(client, location):
    response = client.post(URL, form_data(location))

    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert feedback.status == Status.RECEIVED
    assert feedback.children == [{"first_name": "Noor", "group": "Vlindergroep"}]
    assert feedback.submitter_phone == "06 12345678"
    assert feedback.is_restricted is False
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    assert ack.to == "fleur@example.nl"
    assert feedback.reference in ack.subject
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert feedback.reference in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_attachments_are_stored_in_the_dossier(client, location):
    data = form_data(location, attachments=[upload("foto.png", PNG, "image/png")])
    client.post(URL, data)
    document = Document.objects.get()
    assert document.kind == Document.Kind.ATTACHMENT
    assert document.filename == "foto.png"
    assert document.content_type == "image/png"
    assert document.visible_to_parent is False
    assert not document.file.name.endswith("foto.png")  # stored under a random name


def test_double_submit_makes_one_dossier(client, location):
    data = form_data(location)
    first = client.post(URL, data)
    second = client.post(URL, data)

    assert Feedback.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="acknowledgement").count() == 1
    reference = Feedback.objects.get().reference
    assert reference in client.get(second["Location"]).content.decode()
    assert first["Location"].startswith("/klantreactie/ontvangen/")


def test_suspected_abuse_starts_the_restricted_route(client, location):
    response = client.post(URL, form_data(location, suspected_abuse="on"))
    feedback = Feedback.objects.get()
    assert feedback.is_restricted is True
    assert "meldcode" in client.get(response["Location"]).content.decode()


def test_phone_contact_without_email_is_fine(client, location):
    client.post(URL, form_data(location, submitter_email="", contact_preference="phone"))
    assert Feedback.objects.get().contact_preference == "phone"
    assert not OutboxMessage.objects.filter(kind="acknowledgement").exists()


def test_honeypot_pretends_success_and_stores_nothing(client, location):
    response = client.post(URL, form_data(location, website="http://spam.example"))
    assert response.status_code == 200
    assert "ontvangen" in response.content.decode()
    assert not Feedback.objects.exists()


def test_rate_limit_per_address(client, location, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RATE_LIMITS": {"intake": (2, 600)}}
    assert client.post(URL, form_data(location)).status_code == 302
    assert client.post(URL, form_data(location)).status_code == 302
    response = client.post(URL, form_data(location))
    assert response.status_code == 429
    assert "Probeer het over tien minuten opnieuw" in response.content.decode()
    other = client.post(URL, form_data(location), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    assert Feedback.objects.count() == 3


def test_rate_limit_is_counted_in_the_database_and_its_window_runs_out(client, location, settings):
    """Every gunicorn worker reads the same count: it lives in the database, not in memory;
    a window that has run out starts again at one."""
    from datetime import timedelta

    from django.utils import timezone

    from klachtwijs.core.models import RateCount

    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RATE_LIMITS": {"intake": (2, 600)}}
    for _ in range(2):
        client.post(URL, form_data(location), REMOTE_ADDR="10.0.0.7")
    assert RateCount.objects.get(key="intake:10.0.0.7").count == 2
    assert client.post(URL, form_data(location), REMOTE_ADDR="10.0.0.7").status_code == 429
    RateCount.objects.filter(key="intake:10.0.0.7").update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    assert client.post(URL, form_data(location), REMOTE_ADDR="10.0.0.7").status_code == 302
    assert RateCount.objects.get(key="intake:10.0.0.7").count == 1


def test_confirmation_link_is_signed(client, location):
    location_url = client.post(URL, form_data(location))["Location"]
    assert client.get(location_url[:-3] + "xx/").status_code == 404
    assert client.get("/klantreactie/ontvangen/1/").status_code == 404


def test_confirmation_link_expires(client, location, settings):
    feedback_url = client.post(URL, form_data(location))["Location"]
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "CONFIRMATION_MAX_AGE": -1}
    assert client.get(feedback_url).status_code == 404


def test_confirmation_of_unknown_dossier_is_404(client):
    signed = signing.dumps(999999, salt="klachtwijs.intake.confirmation")
    assert client.get(f"/klantreactie/ontvangen/{signed}/").status_code == 404


def test_a_submission_runs_a_fixed_small_number_of_queries(
    client, location, django_assert_num_queries
):
    """Issue 18: the POST reads the organisation and the places from memory; the rate count
    and the dossier number are one statement each."""
    client.post(URL, form_data(location))  # the places and the organisation read once
    data = form_data(location)
    # rate count; a dossier with this submission key?; savepoint; dossier number; dossier;
    # event; private link; mail template; acknowledgement; release (the test's own
    # transaction makes the service's one a savepoint). The webhook subscriptions and the
    # staff to tell come from memory (tests/backoffice/test_cached_reads.py).
    with django_assert_num_queries(10):
        assert client.post(URL, data).status_code == 302
