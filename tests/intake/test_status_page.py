"""The parent's private status page behind a link from the mail."""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Document, Event, Feedback
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.models import OutboxMessage
from tests.factories import FeedbackFactory, UserFactory
from tests.intake.factories import EXE, PDF, upload

pytestmark = pytest.mark.django_db


def _path(feedback: Feedback) -> str:
    return link_new(feedback).split("127.0.0.1:8000", 1)[-1]


def _document(feedback, *, visible: bool, kind=Document.Kind.JUDGMENT) -> Document:
    document = Document(
        feedback=feedback,
        kind=kind,
        filename=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(PDF),
        visible_to_parent=visible,
    )
    document.file.save("x.pdf", ContentFile(PDF), save=True)
    return document


def test_status_page_shows_status_in_plain_words(client):
    feedback = FeedbackFactory(in_progress=True)
    response = client.get(_path(feedback))
    page = response.content.decode()
    assert response.status_code == 200
    assert feedback.reference in page
    assert "Een behandelaar is met uw bericht bezig." in page
    assert "Antwoord uiterlijk" in page
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_status_page_shows_only_what_is_shared_with_the_parent(client, officer):
    feedback = FeedbackFactory(in_progress=True)
    services.feedback_add_note(feedback_id=feedback.pk, by=officer, text="Intern: let op.")
    services.feedback_share_message(feedback_id=feedback.pk, by=officer, text="We bellen u.")
    page = client.get(_path(feedback)).content.decode()
    assert "We bellen u." in page
    assert "Intern: let op." not in page


def test_status_page_query_count_does_not_grow_with_messages(
    client, officer, django_assert_num_queries
):
    feedback = FeedbackFactory(in_progress=True)
    path = _path(feedback)
    client.get(path)  # the organisation is read once, then kept in memory (core/cache.py)
    # session-less GET: the rate count (one upsert, intake/ratelimit.py), link+dossier,
    # documents (letters and own files), judgments, events; the organisation (for the page,
    # the routes and the adviser: `routes.parent_help`, Wko 1.57c) from memory
    with django_assert_num_queries(5):
        client.get(path)
    for n in range(20):
        services.feedback_share_message(feedback_id=feedback.pk, by=officer, text=f"Bericht {n}")
    with django_assert_num_queries(5):
        page = client.get(path).content.decode()
    assert "Bericht 19" in page


@pytest.mark.parametrize("token", ["onbekend", "x" * 43, "a" * 200])
def test_unknown_token_is_404(client, token):
    FeedbackFactory()
    assert client.get(f"/status/{token}/").status_code == 404


def test_tampered_token_is_404(client):
    path = _path(FeedbackFactory())
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + "/"
    assert client.get(path).status_code == 200
    assert client.get(tampered).status_code == 404


def test_link_expires_the_configured_days_after_closing(client, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "PRIVATE_LINK_DAYS_AFTER_CLOSING": 30}
    feedback = FeedbackFactory(closed=True)
    path = _path(feedback)
    assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=29)):
        assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert client.get(path).status_code == 404


def test_shared_letter_downloads_as_attachment(client):
    feedback = FeedbackFactory(answered=True)
    shared = _document(feedback, visible=True)
    hidden = _document(feedback, visible=False)  # a letter not (yet) shared
    other = _document(FeedbackFactory(), visible=True)
    path = _path(feedback)

    page = client.get(path).content.decode()
    response = client.get(f"{path}documenten/{shared.pk}/")

    assert f"documenten/{shared.pk}/" in page
    assert f"documenten/{hidden.pk}/" not in page
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert client.get(f"{path}documenten/{hidden.pk}/").status_code == 404
    assert client.get(f"{path}documenten/{other.pk}/").status_code == 404
    assert client.get(f"/status/onbekend/documenten/{shared.pk}/").status_code == 404


def test_parent_adds_information_and_the_handler_hears(client):
    feedback = FeedbackFactory(in_progress=True)
    path = _path(feedback)
    response = client.post(
        f"{path}aanvullen/",
        {"text": "Het gebeurde ook op dinsdag.", "attachments": [upload("foto.pdf", PDF)]},
    )
    assert response.status_code == 302
    event = Event.objects.get(feedback=feedback, kind=Event.Kind.PARENT_INFO)
    assert event.visible_to_parent is True
    assert "Het gebeurde ook op dinsdag." in event.text
    assert feedback.documents.get(kind=Document.Kind.ATTACHMENT).filename == "foto.pdf"
    notice = OutboxMessage.objects.get(kind="parent_info_notice")
    assert notice.to == Feedback.objects.get(pk=feedback.pk).handler.email
    page = client.get(path).content.decode()
    assert "Uw aanvulling is toegevoegd" in page
    assert "Het gebeurde ook op dinsdag." in page


def test_added_information_without_handler_goes_to_quality_officers(client):
    UserFactory(role="quality_officer", email="kwaliteit@example.nl")
    feedback = FeedbackFactory()
    client.post(f"{_path(feedback)}aanvullen/", {"text": "Nog iets."})
    notices = OutboxMessage.objects.filter(kind="parent_info_notice")
    assert list(notices.values_list("to", flat=True)) == ["kwaliteit@example.nl"]


def test_added_information_is_checked(client):
    feedback = FeedbackFactory(in_progress=True)
    response = client.post(
        f"{_path(feedback)}aanvullen/", {"text": "", "attachments": [upload("x.pdf", EXE)]}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf op wat u wilt toevoegen." in page
    assert "x.pdf is geen PDF, JPEG of PNG." in page
    assert not Event.objects.filter(kind=Event.Kind.PARENT_INFO).exists()


def test_closed_dossier_takes_no_additions(client):
    feedback = FeedbackFactory(closed=True)
    path = _path(feedback)
    assert "Iets toevoegen" not in client.get(path).content.decode()
    response = client.post(f"{path}aanvullen/", {"text": "Nog iets."})
    assert response.status_code == 400
    assert not Event.objects.filter(kind=Event.Kind.PARENT_INFO).exists()


def test_rating_only_after_closing(client):
    feedback = FeedbackFactory(answered=True)
    path = _path(feedback)
    assert "Wat vond u ervan?" not in client.get(path).content.decode()
    response = client.post(f"{path}beoordelen/", {"satisfaction": "4"})
    assert response.status_code == 400
    assert Feedback.objects.get(pk=feedback.pk).satisfaction is None


def test_rating_after_closing(client):
    feedback = FeedbackFactory(closed=True)
    path = _path(feedback)
    assert "Wat vond u ervan?" in client.get(path).content.decode()
    response = client.post(f"{path}beoordelen/", {"satisfaction": "4", "comment": "Goed."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.satisfaction, feedback.satisfaction_comment) == (4, "Goed.")
    page = client.get(path).content.decode()
    assert "Wat vond u ervan?" not in page
    assert "U gaf ons een 4" in page


@pytest.mark.parametrize("value", ["0", "6", "", "vijf"])
def test_rating_must_be_one_to_five(client, value):
    feedback = FeedbackFactory(closed=True)
    response = client.post(f"{_path(feedback)}beoordelen/", {"satisfaction": value})
    assert response.status_code == 400
    assert "Kies een cijfer van 1 tot en met 5." in response.content.decode()


def test_the_status_page_is_rate_limited_per_address(client, settings):
    """docs/security.md §5: reading the page (a known or a guessed link), downloading and
    posting all count; past the limit a Dutch 429 page, another address still gets in."""
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RATE_LIMITS": {"status": (3, 600)}}
    path = _path(FeedbackFactory(in_progress=True))
    assert client.get(path).status_code == 200
    assert client.get("/status/" + "x" * 43 + "/").status_code == 404
    assert client.post(path + "beoordelen/", {}).status_code == 400
    refused = client.get(path)
    assert refused.status_code == 429
    assert "Even wachten" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    assert "private" in refused["Cache-Control"]
    assert client.get(path, REMOTE_ADDR="10.0.0.9").status_code == 200
