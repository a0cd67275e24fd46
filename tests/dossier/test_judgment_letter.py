"""Writing the judgment: the letter as PDF in the dossier and by mail (LEGAL.md H1, H3, H4, H7)."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from klachtwijs.feedback.models import Document, Event, Feedback, Judgment, Status
from klachtwijs.feedback.services import NEEDS_CONTACT
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import committee_address_set


def _judgment_data(owner, *measures: tuple[str, dt.date]) -> dict:
    data = {
        "outcome": "partly_founded",
        "reasoning": "De overdracht was niet goed geregeld.",
        "maatregel-TOTAL_FORMS": "5",
        "maatregel-INITIAL_FORMS": "0",
    }
    for i, (text, due) in enumerate(measures):
        data |= {
            f"maatregel-{i}-description": text,
            f"maatregel-{i}-owner": owner.pk,
            f"maatregel-{i}-due_date": due.isoformat(),
        }
    return data


def _pdf_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_judgment_letter_is_stored_mailed_and_lists_every_measure(db, as_user, location, handler):
    feedback = FeedbackFactory(location=location, contacted=True)
    first = timezone.localdate() + dt.timedelta(days=14)
    second = timezone.localdate() + dt.timedelta(days=45)
    data = _judgment_data(handler, ("Vaste overdrachtsmomenten", first), ("Nieuwe tas", second))

    response = as_user(handler).post(reverse("staff:judge", args=[feedback.pk]), data)

    assert response.status_code == 302
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert feedback.status == Status.ANSWERED
    judgment = Judgment.objects.get(feedback=feedback)
    assert judgment.sent_at is not None
    letter = Document.objects.get(feedback=feedback, kind=Document.Kind.JUDGMENT)
    assert letter.visible_to_parent
    text = _pdf_text(letter)
    for expected in (
        feedback.reference,
        "deels gegrond",
        "Vaste overdrachtsmomenten",
        first.strftime("%d-%m-%Y"),
        "Nieuwe tas",
        second.strftime("%d-%m-%Y"),
        "Klachtenloket Kinderopvang",
        "Geschillencommissie Kinderopvang",
    ):
        assert expected in text, expected
    mail = OutboxMessage.objects.get(feedback=feedback, kind="judgment")
    assert mail.to == feedback.submitter_email
    assert [a.file.name for a in mail.attachments.all()] == [letter.file.name]
    assert feedback.reference in mail.subject
    # The parent sees every step (H2): the judgment and the letter are visible events.
    visible = set(feedback.events.filter(visible_to_parent=True).values_list("kind", flat=True))
    assert {Event.Kind.JUDGED, Event.Kind.DOCUMENT} <= visible


def test_letter_for_jeugdwet_names_the_youth_routes(db, as_user):
    location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, contacted=True)
    due = timezone.localdate() + dt.timedelta(days=10)

    as_user(handler).post(
        reverse("staff:judge", args=[feedback.pk]), _judgment_data(handler, ("Gesprek", due))
    )

    text = _pdf_text(Document.objects.get(feedback=feedback, kind=Document.Kind.JUDGMENT))
    assert "AKJ" in text
    assert "Klachtenloket Kinderopvang" not in text


def test_judgment_without_contact_shows_the_error_and_keeps_input(db, as_user, location, handler):
    feedback = FeedbackFactory(location=location, in_progress=True)
    due = timezone.localdate() + dt.timedelta(days=10)
    data = _judgment_data(handler, ("Mijn maatregel", due))

    response = as_user(handler).post(reverse("staff:judge", args=[feedback.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert NEEDS_CONTACT.split(".")[0] in html
    assert "De overdracht was niet goed geregeld." in html
    assert "Mijn maatregel" in html
    assert not Judgment.objects.filter(feedback=feedback).exists()
    assert not Document.objects.filter(feedback=feedback).exists()


def test_measure_without_due_date_is_refused_next_to_the_field(db, as_user, location, handler):
    feedback = FeedbackFactory(location=location, contacted=True)
    data = _judgment_data(handler)
    data |= {"maatregel-0-description": "Zonder datum", "maatregel-0-owner": handler.pk}

    response = as_user(handler).post(reverse("staff:judge", args=[feedback.pk]), data)

    assert response.status_code == 200
    assert 'id="id_maatregel-0-due_date_error"' in response.content.decode()
    assert not Judgment.objects.filter(feedback=feedback).exists()


def test_judgment_without_measures_needs_a_reason(db, as_user, location, handler):
    feedback = FeedbackFactory(location=location, contacted=True)

    response = as_user(handler).post(
        reverse("staff:judge", args=[feedback.pk]), _judgment_data(handler)
    )

    assert response.status_code == 200
    assert "waarom er geen zijn" in response.content.decode()
    assert not Judgment.objects.filter(feedback=feedback).exists()


def test_extension_sends_a_notice_letter(db, as_user):
    location = LocationFactory(services=[ServiceFactory(wkkgz=True)])
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, in_progress=True)
    until = feedback.answer_due + dt.timedelta(days=14)

    response = as_user(handler).post(
        reverse("staff:extend", args=[feedback.pk]),
        {"until": until.isoformat(), "reason": "We spreken eerst alle medewerkers."},
    )

    assert response.status_code == 302
    assert Feedback.objects.get(pk=feedback.pk).extended_until == until
    letter = Document.objects.get(feedback=feedback, kind=Document.Kind.EXTENSION)
    assert letter.visible_to_parent
    text = _pdf_text(letter)
    assert until.strftime("%-d") in text
    assert "We spreken eerst alle medewerkers." in text
    mail = OutboxMessage.objects.get(feedback=feedback, kind="extension")
    assert [a.file.name for a in mail.attachments.all()] == [letter.file.name]


def test_extension_beyond_the_wkkgz_cap_is_refused_with_the_rule(db, as_user):
    location = LocationFactory(services=[ServiceFactory(wkkgz=True)])
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, in_progress=True)
    until = feedback.answer_due + dt.timedelta(weeks=8)

    response = as_user(handler).post(
        reverse("staff:extend", args=[feedback.pk]), {"until": until.isoformat(), "reason": "X"}
    )

    assert response.status_code == 200
    assert "hoogstens 4 weken" in response.content.decode()
    assert not Document.objects.filter(feedback=feedback).exists()


def test_committee_judgment_without_measures_sets_the_month(db, as_user):
    location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, contacted=True)
    decided = timezone.localdate()

    response = as_user(handler).post(
        reverse("staff:committee", args=[feedback.pk]),
        {
            "outcome": "well_founded",
            "reasoning": "De commissie vindt de klacht gegrond.",
            "decided_on": decided.isoformat(),
            "maatregel-TOTAL_FORMS": "5",
            "maatregel-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    judgment = Judgment.objects.get(feedback=feedback)
    assert judgment.by_committee
    assert judgment.measures_due is not None
    assert judgment.measures_due > decided
    page = as_user(handler).get(reverse("staff:dossier", args=[feedback.pk])).content.decode()
    assert reverse("staff:committee_measures", args=[feedback.pk]) in page


def test_document_download_is_an_attachment_and_scoped(db, as_user, location, handler):
    feedback = FeedbackFactory(location=location, contacted=True)
    due = timezone.localdate() + dt.timedelta(days=10)
    as_user(handler).post(
        reverse("staff:judge", args=[feedback.pk]), _judgment_data(handler, ("Iets", due))
    )
    letter = Document.objects.get(feedback=feedback)
    other = FeedbackFactory(location=location)
    client = as_user(handler)

    response = client.get(reverse("staff:document", args=[feedback.pk, letter.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("staff:document", args=[other.pk, letter.pk])).status_code == 404
    outsider = as_user(UserFactory(role=Role.HANDLER, locations=[LocationFactory()]))
    assert outsider.get(reverse("staff:document", args=[feedback.pk, letter.pk])).status_code == 404


def test_committee_measures_later_are_told_to_the_parent(db, as_user):
    committee_address_set()
    location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, contacted=True)
    client = as_user(handler)
    client.post(
        reverse("staff:committee", args=[feedback.pk]),
        {
            "outcome": "well_founded",
            "reasoning": "Gegrond.",
            "decided_on": timezone.localdate().isoformat(),
            "maatregel-TOTAL_FORMS": "5",
            "maatregel-INITIAL_FORMS": "0",
        },
    )
    due = timezone.localdate() + dt.timedelta(days=60)

    response = client.post(
        reverse("staff:committee_measures", args=[feedback.pk]),
        {
            "maatregel-TOTAL_FORMS": "5",
            "maatregel-INITIAL_FORMS": "0",
            "maatregel-0-description": "Training voor het team",
            "maatregel-0-owner": handler.pk,
            "maatregel-0-due_date": due.isoformat(),
        },
    )

    assert response.status_code == 302
    judgment = Judgment.objects.get(feedback=feedback)
    assert [m.description for m in judgment.measures.all()] == ["Training voor het team"]
    mail = OutboxMessage.objects.filter(feedback=feedback, kind="committee_measures").last()
    assert "Training voor het team" in mail.body_text
    assert due.strftime("%d-%m-%Y") in mail.body_text
