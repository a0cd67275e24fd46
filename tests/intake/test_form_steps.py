"""The form's steps without JavaScript (issue 16): one child block and "Nog een kind
toevoegen", the review step with "Aanpassen" and "Versturen", the files held between steps
and listed with their size on the review, the confirmation and the acknowledgement."""

import re

import pytest

from klachtwijs.feedback.models import Feedback
from klachtwijs.notifications.models import OutboxMessage
from tests.intake.factories import PDF, PNG, form_data, upload

pytestmark = pytest.mark.django_db
URL = "/klantreactie/"


def _hidden(page: str) -> dict:
    """The hidden fields of the review page, as the browser would post them again."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_the_blank_form_shows_one_child_and_labels_contact_fields_by_the_choice(client, location):
    page = client.get(URL).content.decode()
    assert re.search(r'id="kind-1">', page)
    assert re.search(r'id="kind-2" hidden>', page)
    assert "Nog een kind toevoegen" in page
    # The way of contact comes before its fields; neither says "(niet verplicht)".
    assert page.index('name="contact_preference"') < page.index('name="submitter_email"')
    assert 'Uw e-mailadres <span class="optional">(nodig bij contact per e-mail)' in page
    assert 'Uw telefoonnummer <span class="optional">(nodig als wij u bellen)' in page


def test_adding_a_child_keeps_everything_typed_and_attached(client, location):
    data = form_data(location, child_1_name="Noor", attachments=[upload("brief.pdf", PDF)])
    page = client.post(URL, {**data, "action": "add_child"}).content.decode()
    assert not Feedback.objects.exists()
    assert re.search(r'id="kind-2">', page)
    assert re.search(r'id="kind-3" hidden>', page)
    assert 'name="child_2_name"' in page
    assert "autofocus" in page
    assert 'value="Noor"' in page
    assert "Bij het ophalen wist niemand" in page
    assert "brief.pdf (" in page  # held, with its size
    assert "utrecht-form-field-error-message" not in page  # no errors for what is not filled in yet


def test_review_then_edit_then_send(client, location, mailoutbox):
    files = [upload("brief.pdf", PDF), upload("foto.png", PNG, "image/png")]
    data = form_data(location, attachments=files, child_2_name="Sem", children_shown="2")
    review = client.post(URL, {**data, "action": "review"})
    page = review.content.decode()
    assert review.status_code == 200
    assert not Feedback.objects.exists()
    assert '<h1 class="utrecht-heading-1">Controleer uw bericht</h1>' in page
    for answer in (
        "Bij het ophalen wist niemand",
        "Fleur de Vries",
        "fleur@example.nl",
        "Noor, Vlindergroep",
        "Sem",
        "01-03-2025",
        "Ik ben ouder of voogd",
    ):
        assert answer in page, answer
    assert re.search(r"brief\.pdf \([^)]+\)</li><li>foto\.png \([^)]+\)", page)
    carried = _hidden(page)

    edit = client.post(URL, {**carried, "action": "edit"}).content.decode()
    assert 'value="Fleur de Vries"' in edit
    assert "foto.png (" in edit
    assert "utrecht-form-field-error-message" not in edit

    sent = client.post(URL, {**carried, "action": "send"})
    assert sent.status_code == 302
    feedback = Feedback.objects.get()
    assert [c["first_name"] for c in feedback.children] == ["Noor", "Sem"]
    confirmation = client.get(sent["Location"]).content.decode()
    assert re.search(r"<li>brief\.pdf \([^)]+\)</li><li>foto\.png \([^)]+\)</li>", confirmation)
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    assert re.search(r"- Bijlagen: brief\.pdf \(.+\), foto\.png \(.+\)", ack.body_text)


def test_an_error_on_review_shows_the_form_again(client, location):
    data = form_data(location, description="")
    response = client.post(URL, {**data, "action": "review"})
    assert response.status_code == 400
    assert "Schrijf op wat er is gebeurd." in response.content.decode()
