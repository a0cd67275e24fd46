"""Bad input: every error in Dutch beside its field and in the summary; nothing is lost."""

import html
import re

import pytest

from klachtwijs.feedback.models import Document, Feedback
from klachtwijs.intake import forms
from tests.intake.factories import EXE, PDF, PNG, form_data, upload

pytestmark = pytest.mark.django_db
URL = "/klantreactie/"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_every_field_wrong_shows_every_error_and_keeps_every_value(client, location):
    data = {
        "kind": "nonsense",
        "place": "999:999",
        "description": "",
        "happened_on": "2999-01-01",
        "desired_outcome": "Dat het ophouden.",
        "child_1_name": "",
        "child_1_group": "Rupsengroep",
        "child_2_name": "Sem",
        "child_2_group": "Bijengroep",
        "submitter_name": "",
        "submitter_email": "fleur@",
        "submitter_phone": "bel me",
        "contact_preference": "pigeon",
        "submission_key": "vaste-sleutel-123",
        "attachments": [upload("brief.pdf", PDF), upload("virus.pdf", EXE)],
    }
    response = client.post(URL, data)
    page = _page(response)

    assert response.status_code == 400
    assert not Feedback.objects.exists()
    expected_errors = [
        forms.E_KIND,
        forms.E_PLACE,
        forms.E_DESCRIPTION,
        forms.E_FUTURE,
        forms.E_CHILD_NAME,
        forms.E_NAME,
        forms.E_EMAIL,
        forms.E_PHONE,
        forms.E_CONTACT,
        forms.E_TYPE.format(name="virus.pdf"),
        forms.E_ROLE,
        forms.E_AGE_BAND,
    ]
    summary = page.split('id="foutmeldingen"')[1].split("</div>")[0]
    for error in expected_errors:
        assert error in summary, error
        assert page.count(error) >= 2, error  # in the summary and beside the field
    assert "Er zijn 12 dingen die nog niet kloppen" in summary
    # The summary comes straight after the heading and can take focus.
    assert (
        page.index('<h1 class="utrecht-heading-1">')
        < page.index('id="foutmeldingen"')
        < page.index("<form")
    )
    assert 'tabindex="-1" id="foutmeldingen"' in page
    for value in [
        "2999-01-01",
        "Dat het ophouden.",
        "Rupsengroep",
        "Sem",
        "Bijengroep",
        "fleur@",
        "bel me",
        "vaste-sleutel-123",
    ]:
        assert f'value="{value}"' in page or f">\n{value}</textarea>" in page, value
    assert 'aria-invalid="true"' in page
    # The good attachment is kept, the bad one is not.
    # … listed with its size (issue 16).
    assert re.search(r"brief\.pdf \([0-9,.]+\W(bytes|KB)\) weghalen", page)
    assert not re.search(r"virus\.pdf \([^)]*\) weghalen", page)


def test_kept_attachment_arrives_with_the_corrected_form(client, location):
    first = client.post(
        URL, form_data(location, description="", attachments=[upload("brief.pdf", PDF)])
    )
    page = _page(first)
    token = page.split('name="upload_token" value="')[1].split('"')[0]

    response = client.post(URL, form_data(location, upload_token=token))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.filename == "brief.pdf"
    assert document.file.read() == PDF


def test_parent_can_drop_a_kept_attachment(client, location):
    first = client.post(
        URL,
        form_data(
            location,
            description="",
            attachments=[upload("a.pdf", PDF), upload("b.png", PNG, "image/png")],
        ),
    )
    page = _page(first)
    token = page.split('name="upload_token" value="')[1].split('"')[0]
    path_a = page.split('name="remove_upload" value="')[1].split('"')[0]

    client.post(URL, form_data(location, upload_token=token, remove_upload=[path_a]))

    assert list(Document.objects.values_list("filename", flat=True)) == ["b.png"]


def test_a_made_up_upload_token_holds_nothing(client, location):
    response = client.post(URL, form_data(location, upload_token="../../etc"))
    assert response.status_code == 302
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("brief.pdf", PDF, True),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"0" * 10, True),
        ("scan.txt", PNG, True),  # the content decides, not the name
        ("brief.pdf", EXE, False),
        ("foto.png", b"GIF89a" + b"0" * 10, False),
        ("leeg.pdf", b"", False),
    ],
    ids=["pdf", "jpeg", "png-named-txt", "exe-named-pdf", "gif", "empty"],
)
def test_uploads_are_checked_by_content(client, location, name, content, accepted):
    response = client.post(URL, form_data(location, attachments=[upload(name, content)]))
    assert (response.status_code == 302) is accepted
    if not accepted:
        assert "is geen PDF, JPEG of PNG" in _page(response) or "leeg" in _page(response)


def test_upload_larger_than_ten_megabytes_is_refused(client, location):
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = client.post(URL, form_data(location, attachments=[upload("groot.pdf", big)]))
    assert response.status_code == 400
    assert forms.E_TOO_BIG.format(name="groot.pdf") in _page(response)


def test_at_most_five_attachments(client, location):
    files = [upload(f"{n}.pdf", PDF) for n in range(6)]
    response = client.post(URL, form_data(location, attachments=files))
    assert response.status_code == 400
    assert forms.E_TOO_MANY.format(max=5) in _page(response)


def test_email_preference_needs_an_email_address(client, location):
    response = client.post(URL, form_data(location, submitter_email=""))
    assert forms.E_EMAIL_NEEDED in _page(response)


def test_phone_preference_needs_a_phone_number(client, location):
    response = client.post(URL, form_data(location, submitter_phone="", contact_preference="phone"))
    assert forms.E_PHONE_NEEDED in _page(response)


def test_service_must_belong_to_the_location(client, location):
    from tests.factories import LocationFactory, ServiceFactory

    other = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    place = f"{location.pk}:{other.services.first().pk}"
    response = client.post(URL, form_data(location, place=place))
    assert forms.E_PLACE in _page(response)


@pytest.mark.parametrize("typed", ["2025-03-01", "01-03-2025", "1/3/2025"])
def test_date_may_be_typed_the_dutch_way(client, location, typed):
    assert client.post(URL, form_data(location, happened_on=typed)).status_code == 302
    assert Feedback.objects.get().happened_on.isoformat() == "2025-03-01"
