"""The parent's side in the parent's language (issue 16.3): chosen by the browser or the
switch, remembered; staff pages stay Dutch; the parent's own text kept as written with its
language; the parent's mails in their language; letters Dutch with a cover in their language.
"""

import io

import pytest
from django.conf import settings
from django.utils import timezone, translation
from pypdf import PdfReader
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Event, Feedback, ParentLanguage
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.sending import outbox_send_due
from tests.factories import FeedbackFactory
from tests.helpers import login_staff
from tests.intake.factories import form_data
from tests.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
FORM = "/klantreactie/"
COOKIE = "klachtwijs_taal"


def test_an_arabic_browser_gets_the_form_in_arabic_right_to_left(client, location):
    html = client.get(FORM, HTTP_ACCEPT_LANGUAGE="ar-SA,ar;q=0.9,en;q=0.5").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 class="utrecht-heading-1">أخبرنا بما حدث</h1>' in html
    assert "Vertel ons wat er is gebeurd" not in html
    assert "راجع رسالتي" in html  # the button to the review step ("Controleer mijn bericht")
    # The switch: every language in its own words, marked with its language.
    for code, name in settings.LANGUAGES:
        assert f'href="?lang={code}" lang="{code}" hreflang="{code}"' in html
        assert f">{name}</a>" in html
    assert 'hreflang="ar" aria-current="true">العربية</a>' in html


def test_the_switch_changes_the_language_and_is_remembered(client, location):
    chosen = client.get(f"{FORM}?lang=tr", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="tr" dir="ltr">' in chosen.content.decode()
    assert chosen.cookies[COOKIE].value == "tr"
    assert chosen.cookies[COOKIE]["samesite"] == "Lax"

    # Another page, the browser still asking for English: the choice wins.
    later = client.get("/status/link-opnieuw/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="tr" dir="ltr">' in later
    assert "Bağlantıyı bana gönderin" in later

    back = client.get(f"{FORM}?lang=nl", HTTP_ACCEPT_LANGUAGE="en")
    assert back.cookies[COOKIE].value == "nl"
    assert (
        '<h1 class="utrecht-heading-1">Vertel ons wat er is gebeurd</h1>' in back.content.decode()
    )
    # An unknown language is ignored, not stored.
    odd = client.get(f"{FORM}?lang=xx")
    assert COOKIE not in odd.cookies
    assert '<html lang="nl" dir="ltr">' in odd.content.decode()


def test_a_parents_form_errors_come_in_their_language(client, location):
    page = client.post(
        f"{FORM}?lang=pl", form_data(location, description=""), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "Napisz, co się stało." in page  # our own message (intake/forms.py)
    assert "Schrijf op wat er is gebeurd." not in page


def test_staff_pages_stay_dutch_whatever_the_parent_chose(client, location, officer):
    client.cookies[COOKIE] = "ar"
    login = client.post(
        "/staff/account/inloggen/", {"username": ""}, HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert '<html lang="nl" dir="ltr">' in login
    assert "Dit veld is vereist." in login  # Django's own message, in Dutch

    feedback = FeedbackFactory(location=location)
    login_staff(client, officer)
    dossier = client.get(f"/staff/dossiers/{feedback.pk}/", HTTP_ACCEPT_LANGUAGE="ar")
    html = dossier.content.decode()
    assert '<html lang="nl" dir="ltr">' in html
    assert "Taal van de ouder" in html


def test_the_parents_text_is_kept_as_written_and_shown_to_staff_with_its_language(
    client, location, officer
):
    text = "لم يخبرني أحد أين كان ابني.\nأرجو أن يتغير ذلك."
    response = client.post(FORM, form_data(location, description=text), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302

    feedback = Feedback.objects.get()
    assert feedback.description == text
    assert feedback.parent_language == ParentLanguage.ARABIC
    # Stored texts stay Dutch, whatever the page spoke.
    received = feedback.events.get(kind=Event.Kind.RECEIVED)
    assert received.text == "Ontvangen via webformulier."

    login_staff(client, officer)
    html = client.get(f"/staff/dossiers/{feedback.pk}/").content.decode()
    assert "<dt>Taal van de ouder</dt><dd>Arabisch</dd>" in html
    assert '<p lang="ar" dir="auto">لم يخبرني أحد أين كان ابني.<br>أرجو أن يتغير ذلك.</p>' in html


def test_the_api_intake_stores_the_parents_language(location):
    body = {
        "kind": "complaint",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Mój syn wyszedł na dwór bez kurtki.",
        "submitter_name": "Ola Nowak",
        "submitter_email": "ola@example.pl",
        "parent_language": "pl",
    }
    response = APIClient().post("/api/v1/public/klantreacties/", body, format="json")
    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get()
    assert feedback.parent_language == "pl"
    assert feedback.description == "Mój syn wyszedł na dwór bez kurtki."
    ack = OutboxMessage.objects.get(feedback=feedback, kind="acknowledgement")
    assert ack.subject.startswith("Otrzymaliśmy Twoją wiadomość")

    refused = APIClient().post(
        "/api/v1/public/klantreacties/",
        {**body, "parent_language": "xx"},
        format="json",
    )
    assert refused.status_code == 400
    assert "parent_language" in refused.json()["fields"]


def test_a_turkish_parent_gets_the_acknowledgement_in_turkish(
    client,
    location,
    officer,
    smtp_server,  # noqa: F811
):
    client.post(f"{FORM}?lang=tr", form_data(location), HTTP_ACCEPT_LANGUAGE="nl")
    feedback = Feedback.objects.get()
    assert feedback.parent_language == "tr"

    received = smtp_server.wait_for(outbox_send_due().sent)

    (mail,) = [m for m in received if m["To"] == "fleur@example.nl"]
    assert mail["Subject"] == f"Mesajınızı aldık ({feedback.reference})"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Sayın Fleur de Vries,")
    assert "- Tür: şikâyet" in body
    assert "Bir sorumlu ne olduğunu araştırır ve sizinle iletişime geçer." in body
    assert "?lang=tr" in body  # the status page opens in Turkish
    assert "Bij het ophalen wist niemand waar mijn dochter was." not in body
    # The quality officer's notice about the same dossier stays Dutch.
    (notice,) = [m for m in received if m["To"] == officer.email]
    assert notice["Subject"].startswith(f"Nieuwe klantreactie {feedback.reference} (klacht,")


def test_the_letter_stays_dutch_with_a_polish_cover(client, smtp_server):  # noqa: F811
    # Judged while a Polish page is active (the letter must not follow it).
    with translation.override("pl"):
        feedback = FeedbackFactory(
            parent_language="pl", submitter_email="ola@example.pl", answered=True
        )

    received = smtp_server.wait_for(outbox_send_due().sent)

    (mail,) = [m for m in received if m["Subject"].startswith("Nasza ocena")]
    assert mail["To"] == "ola@example.pl"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Pismo w załączniku jest po niderlandzku. To jest wersja oficjalna." in body
    assert "Chętnie wyjaśnimy pismo prostymi słowami." in body
    assert "Taalhuis" in body
    assert "częściowo zasadna" in body  # the outcome, in Polish, in the cover
    (letter,) = list(mail.iter_attachments())
    assert letter.get_content_type() == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(letter.get_content())).pages
    )
    text = " ".join(text.split())
    assert "Ons oordeel: deels gegrond" in text
    assert feedback.reference in text
    assert "zasadna" not in text
    # The status page says the same beside the letters.
    status = client.get(link_new(feedback).removeprefix(settings.SITE_URL) + "?lang=pl")
    assert "Nasze pisma są po niderlandzku. To jest wersja oficjalna." in status.content.decode()


def test_a_dutch_parents_mail_is_dutch_even_from_a_foreign_page():
    with translation.override("ar"):
        feedback = FeedbackFactory()
    ack = OutboxMessage.objects.get(feedback=feedback, kind="acknowledgement")
    assert ack.subject.startswith("Wij hebben uw klacht ontvangen")
    assert "Soort: klacht" in ack.body_text


def test_the_parent_languages_are_the_sites_languages():
    assert [code for code, _ in settings.LANGUAGES] == ParentLanguage.values
    assert settings.LANGUAGE_CODE == ParentLanguage.DUTCH


def test_staff_typing_in_for_a_parent_set_the_parents_language(client, location, handler):
    login_staff(client, handler)
    assert 'name="parent_language"' in client.get("/staff/nieuw/").content.decode()
    data = {
        **form_data(location, parent_language="uk"),
        "channel": "phone",
        "received_on": timezone.localdate().isoformat(),
    }
    assert client.post("/staff/nieuw/", data).status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.parent_language == "uk"
    ack = OutboxMessage.objects.get(feedback=feedback, kind="acknowledgement")
    assert ack.subject.startswith("Ми отримали ваше повідомлення")
