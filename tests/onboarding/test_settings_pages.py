"""The settings pages of the back office: each saves, and a bad value is shown next to its
field in Dutch with everything typed kept (issue 14 item 6)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from klachtwijs.feedback.models import Regulation
from klachtwijs.notifications.models import MailTemplate
from klachtwijs.organisation.models import Location, Region, Role, Service
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import LocationFactory, RegionFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
BASE = "/staff/inrichting/"


@pytest.fixture
def admin_client(client):
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    return client


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(out, format="PNG")
    return out.getvalue()


def _error_next_to(html: str, field: str) -> bool:
    return f'id="id_{field}_error"' in html and 'aria-invalid="true"' in html


ORGANISATION = {
    "name": "Kinderopvang De Kikker",
    "street": "Slootweg 1",
    "postcode": "1234 AB",
    "city": "Utrecht",
    "phone": "",
    "email": "info@kikker.example",
    "website": "www.kikker.example",
    "complaints_officer_email": "",
    "confidential_adviser": "",
    "jeugdwet_term_weeks": "6",
    "geschillencommissie_member": "on",
}


def test_organisation_details_and_logo(admin_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = admin_client.post(f"{BASE}organisatie/", {**ORGANISATION, "letterhead_logo": logo})
    assert response.status_code == 302
    organisation = organisation_get()
    assert (organisation.name, organisation.city) == ("Kinderopvang De Kikker", "Utrecht")
    assert organisation.website == "https://www.kikker.example"
    assert organisation.letterhead_logo.name.startswith("logo/")


def test_organisation_without_a_way_to_reach_it_keeps_what_was_typed(admin_client):
    before = organisation_get().email
    response = admin_client.post(f"{BASE}organisatie/", {**ORGANISATION, "email": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert _error_next_to(html, "email")
    assert "Vul een telefoonnummer of e-mailadres in" in html
    assert 'value="Slootweg 1"' in html
    assert organisation_get().email == before


def test_organisation_texts(admin_client):
    response = admin_client.post(
        f"{BASE}teksten/",
        {
            "intro_text": "Ons jaar.",
            "procedure_text": "",
            "publicity_text": "",
            "committee_text": "",
        },
    )
    assert response.status_code == 302
    assert organisation_get().intro_text == "Ons jaar."


def test_a_region_is_picked_from_the_25_not_typed(admin_client):
    html = admin_client.get(f"{BASE}ggd-regios/").content.decode()
    assert html.count("<option value=") == 1 + 25  # "Kies een regio" and the 25
    assert ">GGD Hollands Noorden</option>" in html
    response = admin_client.post(
        f"{BASE}ggd-regios/", {"preset": "Hollands Noorden", "ggd_email": "kinderopvang@ggdhn.nl"}
    )
    assert response.status_code == 302
    region = Region.objects.get(name="Hollands Noorden")
    assert (region.ggd_name, region.ggd_email) == ("GGD Hollands Noorden", "kinderopvang@ggdhn.nl")
    html = admin_client.get(f"{BASE}ggd-regios/").content.decode()
    assert html.count("<option value=") == 1 + 24  # a region is added once
    response = admin_client.post(
        f"{BASE}ggd-regios/{region.pk}/", {"ggd_email": "toezicht@ggdhn.nl"}
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.ggd_email == "toezicht@ggdhn.nl"


def test_a_typed_region_or_a_bad_address_is_refused_keeping_the_choice(admin_client):
    response = admin_client.post(
        f"{BASE}ggd-regios/", {"preset": "Atlantis", "ggd_email": "ggd@atlantis.example"}
    )
    assert _error_next_to(response.content.decode(), "preset")
    response = admin_client.post(
        f"{BASE}ggd-regios/", {"preset": "Twente", "ggd_email": "geen-adres"}
    )
    html = response.content.decode()
    assert _error_next_to(html, "ggd_email")
    assert 'value="Twente" selected' in html
    assert 'value="geen-adres"' in html
    assert not Region.objects.filter(name__in=["Atlantis", "Twente"]).exists()


def _location_form(region, services, **changes) -> dict:
    data = {
        "name": "De Kikker Zuid",
        "street": "Slootweg 2",
        "postcode": "1234 AB",
        "city": "Utrecht",
        "lrk_number": "123456789",
        "region": region.pk,
        "services": [s.pk for s in services],
        "manager": "",
        "is_active": "on",
    }
    return {**data, **changes}


def test_a_location_with_its_lrk_number_region_and_services(admin_client):
    region, service = RegionFactory(), ServiceFactory()
    response = admin_client.post(f"{BASE}vestigingen/nieuw/", _location_form(region, [service]))
    assert response.status_code == 302
    location = Location.objects.get(name="De Kikker Zuid")
    assert (location.lrk_number, location.region, list(location.services.all())) == (
        "123456789",
        region,
        [service],
    )
    html = admin_client.get(f"{BASE}vestigingen/").content.decode()
    assert "De Kikker Zuid" in html
    assert "123456789" in html
    response = admin_client.post(
        f"{BASE}vestigingen/{location.pk}/",
        _location_form(region, [service], city="Amersfoort"),
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.city == "Amersfoort"


def test_a_wrong_lrk_number_is_explained_and_the_location_kept(admin_client):
    region, service = RegionFactory(), ServiceFactory()
    response = admin_client.post(
        f"{BASE}vestigingen/nieuw/", _location_form(region, [service], lrk_number="12345")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _error_next_to(html, "lrk_number")
    assert "9 cijfers" in html
    assert 'value="De Kikker Zuid"' in html
    assert not Location.objects.filter(name="De Kikker Zuid").exists()


def test_a_preset_service_is_added_at_chosen_locations(admin_client):
    here = LocationFactory()
    html = admin_client.get(f"{BASE}diensten/").content.decode()
    for name in ("Buitenschoolse opvang", "Gastouderopvang", "Ontwikkelarrangement", "Jeugdhulp"):
        assert name in html
    response = admin_client.post(
        f"{BASE}diensten/",
        {"preset": "Jeugdhulp", "name": "", "framework": "", "locations": [here.pk]},
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Jeugdhulp")
    assert service.framework == "jeugdwet"
    assert service in here.services.all()


def test_an_own_service_needs_its_law_and_keeps_its_name(admin_client):
    response = admin_client.post(
        f"{BASE}diensten/", {"preset": "eigen", "name": "Peuterspeelzaal", "framework": ""}
    )
    html = response.content.decode()
    assert _error_next_to(html, "framework")
    assert 'value="Peuterspeelzaal"' in html
    assert not Service.objects.filter(name="Peuterspeelzaal").exists()
    response = admin_client.post(
        f"{BASE}diensten/", {"preset": "eigen", "name": "Peuterspeelzaal", "framework": "wko"}
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Peuterspeelzaal")
    response = admin_client.post(
        f"{BASE}diensten/{service.pk}/", {"name": "Peuteropvang", "framework": "wko"}
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Peuteropvang"


def test_a_new_regulation_starts_from_a_default_text_and_shows_once_published(admin_client):
    Regulation.objects.all().delete()
    html = admin_client.get(f"{BASE}klachtenregeling/nieuw/").content.decode()
    assert "Waarover kunt u klagen?" in html
    assert organisation_get().name in html
    response = admin_client.post(
        f"{BASE}klachtenregeling/nieuw/",
        {"version": "2027", "in_force_from": "2026-01-01", "text": "## Onze regeling"},
    )
    regulation = Regulation.objects.get(version="2027")
    assert response["Location"] == f"{BASE}klachtenregeling/{regulation.pk}/"
    assert regulation.text == "## Onze regeling"
    assert "Onze regeling" not in admin_client.get("/klachtenregeling/").content.decode()
    response = admin_client.post(f"{BASE}klachtenregeling/{regulation.pk}/publiceren/")
    assert response.status_code == 302
    assert "Onze regeling" in admin_client.get("/klachtenregeling/").content.decode()


def test_an_advice_row_needs_kind_body_and_a_past_date_and_keeps_the_text(admin_client):
    regulation = Regulation.objects.create(
        version="2", in_force_from=dt.date(2026, 1, 1), text="Versie twee"
    )
    url = f"{BASE}klachtenregeling/{regulation.pk}/"
    data = {"advies-kind": "", "advies-body": "", "advies-on": "2999-01-01",
            "advies-text": "Positief, met één opmerking"}  # fmt: skip
    response = admin_client.post(f"{url}advies/", data)
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("advies-kind", "advies-body", "advies-on"):
        assert _error_next_to(html, field), field
    assert "Kies advies of instemming." in html
    assert "Kies wie het advies of de instemming gaf." in html
    assert "Deze datum ligt in de toekomst." in html
    assert "Positief, met één opmerking" in html
    assert 'value="2999-01-01"' in html
    assert not regulation.advices.exists()

    data.update({"advies-kind": "advice", "advies-body": "oudercommissie",
                 "advies-on": "2025-11-14"})  # fmt: skip
    assert admin_client.post(f"{url}advies/", data).status_code == 302
    advice = regulation.advices.get()
    assert (advice.on, advice.text) == (dt.date(2025, 11, 14), "Positief, met één opmerking")
    assert "oudercommissie" in admin_client.get(url).content.decode()
    admin_client.post(f"{url}advies-verwijderen/", {"advice": advice.pk})
    assert not regulation.advices.exists()


def test_publish_shows_the_dutch_refusal_and_then_locks_the_advice(admin_client):
    LocationFactory(services=[ServiceFactory(name="Jeugdhulp", framework="jeugdwet")])
    regulation = Regulation.objects.create(
        version="2", in_force_from=dt.date(2026, 1, 1), text="Versie twee"
    )
    url = f"{BASE}klachtenregeling/{regulation.pk}/"
    assert "ontbreekt de instemming van de cliëntenraad" in admin_client.get(url).content.decode()
    response = admin_client.post(f"{url}publiceren/", follow=True)
    assert "ontbreekt de instemming van de cliëntenraad" in response.content.decode()
    regulation.refresh_from_db()
    assert regulation.published_at is None

    consent = {"advies-kind": "consent", "advies-body": "clientenraad", "advies-on": "2025-12-01"}
    admin_client.post(f"{url}advies/", consent)
    response = admin_client.post(f"{url}publiceren/", follow=True)
    assert "Versie 2 is gepubliceerd." in response.content.decode()
    regulation.refresh_from_db()
    assert regulation.published_at is not None
    assert "advies-kind" not in response.content.decode()  # no more rows to add or remove
    admin_client.post(f"{url}advies-verwijderen/", {"advice": regulation.advices.get().pk})
    assert regulation.advices.count() == 1


def test_a_mail_text_with_a_mistake_is_refused_and_kept(admin_client):
    template = MailTemplate.objects.get(kind="acknowledgement")
    url = f"{BASE}e-mailteksten/{template.pk}/"
    broken = "Beste {% if feedback.submitter_name %}ouder"
    response = admin_client.post(
        url, {"subject": "Ontvangen", "body_text": broken, "body_html": ""}
    )
    html = response.content.decode()
    assert _error_next_to(html, "body_text")
    assert "Deze tekst bevat een fout" in html
    assert "Beste {% if feedback.submitter_name %}ouder" in html
    response = admin_client.post(
        url,
        {"subject": "Ontvangen: {{ feedback.reference }}", "body_text": "Dank u.", "body_html": ""},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body_text == "Dank u."


def test_the_quality_lead_keeps_texts_but_a_quality_officer_does_not(client):
    login_staff(client, UserFactory(role=Role.QUALITY_LEAD))
    assert client.get(f"{BASE}e-mailteksten/").status_code == 200
    login_staff(client, UserFactory(role=Role.QUALITY_OFFICER))
    assert client.get(f"{BASE}e-mailteksten/").status_code == 403


def test_the_ggd_inspection_report_is_kept_on_the_location_page(admin_client):
    """Wko 1.54 lid 2–3 (R7): the link and its publication date, edited in the product."""
    region, service = RegionFactory(), ServiceFactory()
    url = "https://www.kikker.example/inspectie/zuid.pdf"
    form = _location_form(  # typed without its scheme: taken as https
        region,
        [service],
        ggd_report_url=url.removeprefix("https://"),
        ggd_report_published_on="2026-02-01",
    )
    assert admin_client.post(f"{BASE}vestigingen/nieuw/", form).status_code == 302
    location = Location.objects.get(name="De Kikker Zuid")
    assert (location.ggd_report_url, str(location.ggd_report_published_on)) == (url, "2026-02-01")
    future = _location_form(
        region, [service], ggd_report_url=url, ggd_report_published_on="2999-01-01"
    )
    html = admin_client.post(f"{BASE}vestigingen/{location.pk}/", future).content.decode()
    assert _error_next_to(html, "ggd_report_published_on")
    assert "toekomst" in html
    assert f'value="{url}"' in html
