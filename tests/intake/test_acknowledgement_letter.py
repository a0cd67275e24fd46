"""The acknowledgement as a PDF letter in the dossier, made once by a task."""

import io

import pytest
from pypdf import PdfReader

from klachtwijs.feedback.models import Document
from klachtwijs.intake.tasks import acknowledgement_letter
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory
from tests.intake.factories import form_data

pytestmark = pytest.mark.django_db


def _text(document: Document) -> str:
    document.file.open("rb")
    reader = PdfReader(io.BytesIO(document.file.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_letter_is_stored_once_with_reference_and_routes():
    feedback = FeedbackFactory()
    first = acknowledgement_letter.call(feedback_id=feedback.pk)
    second = acknowledgement_letter.call(feedback_id=feedback.pk)

    document = Document.objects.get(kind=Document.Kind.ACKNOWLEDGEMENT)
    assert first == second == document.pk
    assert document.visible_to_parent is True
    assert document.content_type == "application/pdf"
    text = _text(document)
    assert feedback.reference in text
    assert "Klachtenloket Kinderopvang" in text
    assert "Geschillencommissie" in text


def test_jeugdwet_letter_names_the_jeugdwet_routes():
    location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    feedback = FeedbackFactory(location=location)
    acknowledgement_letter.call(feedback_id=feedback.pk)
    text = _text(Document.objects.get(kind=Document.Kind.ACKNOWLEDGEMENT))
    assert "AKJ" in text
    assert "Klachtenloket" not in text


def test_sending_the_form_makes_the_letter_after_commit(
    client, location, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/klantreactie/", form_data(location))
    assert Document.objects.filter(kind=Document.Kind.ACKNOWLEDGEMENT).count() == 1
