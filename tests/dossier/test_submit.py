"""Staff register a klantreactie received by phone, mail, letter or in person (issue 3 §7)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback.models import Channel, Event, Feedback
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, ServiceFactory, UserFactory

URL = "/staff/nieuw/"


def _data(location, **overrides) -> dict:
    return {
        "channel": Channel.PHONE,
        "received_on": timezone.localdate().isoformat(),
        "kind": "complaint",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Mijn zoon kwam zonder jas thuis.",
        "submitter_name": "Noor Bakker",
        "submitter_email": "noor@example.nl",
        "contact_preference": "email",
        "child_name": "Daan",
        "child_group": "Peuters",
        **overrides,
    }


def test_url_is_the_staff_submit_name():
    assert reverse("staff:submit") == URL


def test_employee_registers_a_phone_call(db, as_user, location):
    employee = UserFactory(role=Role.EMPLOYEE, locations=[location])
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = as_user(employee).post(URL, _data(location, received_on=yesterday.isoformat()))

    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dossier", args=[feedback.pk])
    assert feedback.channel == Channel.PHONE
    assert feedback.created_by == employee
    assert timezone.localdate(feedback.received_at) == yesterday
    assert feedback.children == [{"first_name": "Daan", "group": "Peuters"}]
    received = feedback.events.get(kind=Event.Kind.RECEIVED)
    assert "telefoon" in received.text
    assert OutboxMessage.objects.filter(kind="acknowledgement", to="noor@example.nl").exists()


def test_every_wrong_field_is_shown_and_input_kept(db, as_user, location):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    elsewhere = ServiceFactory(wkkgz=True)
    later = timezone.localdate() + dt.timedelta(days=3)

    response = as_user(officer).post(
        URL,
        _data(
            location,
            channel="web_form",
            received_on=later.isoformat(),
            service=elsewhere.pk,
            submitter_email="",
            description="",
            submitter_name="Noor met een lange naam",
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("channel", "received_on", "service", "submitter_email", "description"):
        assert f'id="id_{field}' in html
        assert f'id="id_{field}_error"' in html or f'id="id_{field}_0_error"' in html, field
    assert "Noor met een lange naam" in html
    assert not Feedback.objects.exists()


def test_location_outside_scope_cannot_be_chosen(db, as_user, location):
    employee = UserFactory(role=Role.EMPLOYEE, locations=[location])
    other = LocationFactory()

    response = as_user(employee).post(URL, _data(other))

    assert response.status_code == 200
    assert 'id="id_location_error"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_suspected_abuse_goes_to_the_restricted_route(db, as_user, location):
    client = as_user(UserFactory(role=Role.EMPLOYEE, locations=[location]))

    response = client.post(URL, _data(location, suspected_abuse="on"))

    feedback = Feedback.objects.get()
    assert feedback.is_restricted
    # The employee may not see a restricted dossier: back to the form with the reference.
    assert response["Location"] == URL
    assert feedback.reference in client.get(URL).content.decode()


def test_roles_without_submit_are_refused(db, as_user):
    panel = UserFactory(role=Role.CLIENT_PANEL)
    assert as_user(panel).get(URL).status_code == 403
