"""Staff register a klantreactie received by phone, mail, letter or in person (issue 3 §7),
with the public form's checks: three children, five attachments checked by content."""

import datetime as dt
import secrets

import pytest
from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import Channel, Document, Event, Feedback
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory
from tests.intake.factories import PDF, PNG, upload

URL = "/staff/nieuw/"


def _data(location, **overrides) -> dict:
    """A complete, valid form for `location` (its first service)."""
    data = {
        "channel": Channel.PHONE,
        "received_on": timezone.localdate().isoformat(),
        "kind": "complaint",
        "place": f"{location.pk}:{location.services.first().pk}",
        "description": "Mijn zoon kwam zonder jas thuis.",
        "submitter_role": "parent",
        "age_band": "under_12",
        "submitter_name": "Noor Bakker",
        "submitter_email": "noor@example.nl",
        "contact_preference": "email",
        "child_1_name": "Daan",
        "child_1_group": "Peuters",
        **overrides,
    }
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def employee(location):
    return UserFactory(role=Role.EMPLOYEE, locations=[location])


def test_url_is_the_staff_submit_name():
    assert reverse("staff:submit") == URL


def test_employee_registers_a_phone_call(db, as_user, location, employee):
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = as_user(employee).post(URL, _data(location, received_on=yesterday.isoformat()))

    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dossier", args=[feedback.pk])
    assert feedback.channel == Channel.PHONE
    assert feedback.created_by == employee
    assert (feedback.location, feedback.service) == (location, location.services.first())
    assert timezone.localdate(feedback.received_at) == yesterday
    assert feedback.children == [{"first_name": "Daan", "group": "Peuters"}]
    received = feedback.events.get(kind=Event.Kind.RECEIVED)
    assert "telefoon" in received.text
    assert OutboxMessage.objects.filter(kind="acknowledgement", to="noor@example.nl").exists()


@pytest.mark.parametrize(
    ("channel", "label"),
    [(Channel.EMAIL, "e-mail"), (Channel.LETTER, "brief"), (Channel.IN_PERSON, "persoonlijk")],
)
def test_chosen_channel_and_received_day_are_stored_and_start_the_term(
    db, as_user, location, employee, channel, label
):
    received_on = timezone.localdate() - dt.timedelta(days=20)

    as_user(employee).post(URL, _data(location, channel=channel, received_on=received_on))

    feedback = Feedback.objects.get()
    assert feedback.channel == channel
    assert timezone.localdate(feedback.received_at) == received_on
    # The term counts from the day it came in, not from the day it was typed in (LEGAL T1).
    assert feedback.answer_due == rules.answer_due(framework="wko", received_on=received_on)
    assert feedback.answer_due != rules.answer_due(
        framework="wko", received_on=timezone.localdate()
    )
    assert feedback.events.get(kind=Event.Kind.RECEIVED).text == f"Ontvangen via {label}."


def test_three_children_are_stored_on_the_dossier(db, as_user, location, employee):
    children = {
        "child_2_name": "Lotte",
        "child_2_group": "Dreumesen",
        "child_3_name": "Sem",
        "child_3_group": "",
    }

    as_user(employee).post(URL, _data(location, **children))

    assert Feedback.objects.get().children == [
        {"first_name": "Daan", "group": "Peuters"},
        {"first_name": "Lotte", "group": "Dreumesen"},
        {"first_name": "Sem", "group": ""},
    ]


def test_attachments_are_stored_as_documents_of_the_dossier(db, as_user, location, employee):
    files = [upload("brief.pdf", PDF), upload("foto.png", PNG, "image/png")]

    response = as_user(employee).post(URL, _data(location, attachments=files))

    feedback = Feedback.objects.get()
    assert response.status_code == 302
    documents = {d.filename: d for d in Document.objects.filter(feedback=feedback)}
    assert set(documents) == {"brief.pdf", "foto.png"}
    pdf = documents["brief.pdf"]
    assert (pdf.kind, pdf.content_type, pdf.visible_to_parent) == (
        Document.Kind.ATTACHMENT,
        "application/pdf",
        False,
    )
    with pdf.file.open("rb") as handle:
        assert handle.read() == PDF
    entry = feedback.events.get(kind=Event.Kind.DOCUMENT)
    assert entry.actor == employee  # who typed it in, not "the parent"


def test_fake_pdf_is_refused_next_to_the_field_and_everything_is_kept(
    db, as_user, location, employee
):
    client = as_user(employee)
    fake = upload("verslag.pdf", b"Dit is gewoon tekst, geen PDF.")
    good = upload("foto.png", PNG, "image/png")
    typed = _data(
        location,
        channel=Channel.LETTER,
        description="Een brief over de overdracht bij het ophalen.",
        child_2_name="Lotte",
        submitter_phone="06 12345678",
    )

    response = client.post(URL, {**typed, "attachments": [fake, good]})

    assert response.status_code == 200
    assert not Feedback.objects.exists()
    html = response.content.decode()
    error = html.split('id="id_attachments_error"')[1].split("</p>")[0]
    assert "verslag.pdf is geen PDF, JPEG of PNG." in error
    assert 'aria-describedby="id_attachments_helptext id_attachments_error"' in html
    for kept in (
        "Een brief over de overdracht bij het ophalen.",
        'value="Lotte"',
        'value="06 12345678"',
        'value="Noor Bakker"',
        'value="letter" class="utrecht-radio-button utrecht-radio-button--html-input" '
        'id="id_channel_2" required checked',
        f'value="{typed["place"]}" selected',
    ):
        assert kept in html, kept
    # The good file is held: sending again without choosing it stores it.
    assert "foto.png weghalen" in html
    token = html.split('name="upload_token" value="')[1].split('"')[0]

    client.post(URL, {**typed, "upload_token": token})

    document = Document.objects.get(feedback=Feedback.objects.get())
    assert document.filename == "foto.png"


def test_location_outside_scope_is_not_offered_and_refused(db, as_user, location, employee):
    other = LocationFactory(name="Het Anker")
    client = as_user(employee)

    assert "Het Anker" not in client.get(URL).content.decode()
    response = client.post(URL, _data(other))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_place_error"' in html
    assert "Kies de vestiging en de dienst." in html
    assert not Feedback.objects.exists()


def test_quality_officer_may_choose_any_location(db, as_user, location):
    other = LocationFactory()
    officer = UserFactory(role=Role.QUALITY_OFFICER)

    as_user(officer).post(URL, _data(other))

    assert Feedback.objects.get().location == other


def test_every_wrong_field_is_shown_and_input_kept(db, as_user, location):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    later = timezone.localdate() + dt.timedelta(days=3)

    response = as_user(officer).post(
        URL,
        _data(
            location,
            channel="web_form",  # not one a person can type in
            received_on=later.isoformat(),
            kind="",
            place=f"{location.pk}:999999",
            description="",
            happened_on=later.isoformat(),
            desired_outcome="x" * 5001,
            child_2_group="Peuters",
            submitter_name="",
            submitter_email="geen-adres",
            submitter_phone="",
            contact_preference="phone",
            attachments=[upload("nep.pdf", b"tekst")],
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    wrong = [
        "channel",
        "received_on",
        "kind",
        "place",
        "description",
        "happened_on",
        "desired_outcome",
        "child_2_name",
        "submitter_name",
        "submitter_email",
        "submitter_phone",
        "attachments",
    ]
    for field in wrong:
        assert f'id="id_{field}_error"' in html, field
    assert f"Er zijn {len(wrong)} dingen die nog niet kloppen" in html
    # Worded for the employee, not the parent.
    assert "De ouder wil gebeld worden. Vul dan het telefoonnummer in." in html
    assert "Vul de naam van de ouder in." in html
    assert 'value="geen-adres"' in html
    assert 'value="Peuters"' in html
    assert not Feedback.objects.exists()


def test_suspected_abuse_goes_to_the_restricted_route(db, as_user, location, employee):
    client = as_user(employee)

    response = client.post(URL, _data(location, suspected_abuse="on"))

    feedback = Feedback.objects.get()
    assert feedback.is_restricted
    # The employee may not see a restricted dossier: back to the form with the reference.
    assert response["Location"] == URL
    assert feedback.reference in client.get(URL).content.decode()


def test_double_submit_makes_one_dossier(db, as_user, location, employee):
    client = as_user(employee)
    data = _data(location, submission_key=secrets.token_urlsafe(24))

    first, second = client.post(URL, data), client.post(URL, data)

    assert Feedback.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    "role", [Role.CLIENT_PANEL, Role.MANAGEMENT, Role.MELDCODE_OFFICER, Role.ADMINISTRATOR]
)
def test_roles_without_submit_are_refused(db, as_user, location, role):
    client = as_user(UserFactory(role=role, locations=[location]))

    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(location)).status_code == 403
    assert not Feedback.objects.exists()


def test_form_page_has_the_upload_encoding_and_the_form_fields(db, as_user, location, employee):
    html = as_user(employee).get(URL).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert 'name="submission_key"' in html
    for n in (1, 2, 3):
        assert f'name="child_{n}_name"' in html
    assert 'name="privacy"' not in html
    assert 'name="website"' not in html


@pytest.mark.parametrize("count", [1, 20])
def test_form_queries_do_not_grow_with_locations(db, as_user, count, django_assert_num_queries):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    LocationFactory.create_batch(count)
    client = as_user(officer)
    # session, user, TOTP device, organisation, locations, their services, visible locations
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.content.decode().count("<optgroup") == count


def test_body_larger_than_five_full_attachments_is_not_read(db, as_user, location, employee):
    too_big = str(5 * 10 * 1024 * 1024 + 1024 * 1024 + 1)

    response = as_user(employee).post(URL, _data(location), CONTENT_LENGTH=too_big)

    assert response.status_code == 413
    assert "De bestanden zijn samen te groot" in response.content.decode()
    assert not Feedback.objects.exists()
