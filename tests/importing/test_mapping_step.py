"""The web import's mapping step: each value not recognised once, chosen, remembered."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from klachtwijs.feedback.models import Feedback, Status
from klachtwijs.organisation.models import Location
from klachtwijs.register.models import ImportMapping, PendingImport
from tests.factories import RegionFactory, ServiceFactory
from tests.helpers import login_staff
from tests.importing.conftest import csv_file, row

pytestmark = pytest.mark.django_db
URL, MAPPING, PREVIEW = "/staff/import/", "/staff/import/koppelen/", "/staff/import/controle/"

OWN_WORDS = [
    row(onderwerp="oudercontact", status="afgehandeld", oordeel="terecht"),
    row(vestiging="De Boomhut", onderwerp="Oudercontact ", status="klaar", oordeel="onterecht"),
    row(vestiging="de boomhut", onderwerp="communicatie", status="bijna", oordeel=""),
]


def _upload(client, data: bytes):
    return client.post(URL, {"file": SimpleUploadedFile("register.csv", data)})


def _field(page: str, value: str) -> str:
    """The name of the select whose label names `value`."""
    label = page.index(f"&#x27;{value}&#x27; (rij")
    start = page.index('name="', label) + len('name="')
    return page[start : page.index('"', start)]


def test_unknown_values_are_asked_once_then_remembered_for_the_next_import(
    client, morel, region, officer
):
    login_staff(client, officer)
    response = _upload(client, csv_file(OWN_WORDS))
    assert response["Location"] == MAPPING
    page = client.get(MAPPING).content.decode()
    # recognised words are not asked: afgehandeld, klaar, terecht, onterecht, communicatie
    assert page.count("(rij ") == 3
    assert "&#x27;oudercontact&#x27; (rij 2, 3) betekent" in page
    assert "&#x27;De Boomhut&#x27; (rij 3, 4) betekent" in page
    assert "&#x27;bijna&#x27; (rij 4) betekent" in page
    subject, location, status = (_field(page, v) for v in ("oudercontact", "De Boomhut", "bijna"))

    # A new location without its region: the error is next to the field, the choices stay.
    chosen = {subject: "Communicatie en informatie", location: "__nieuw__", status: "afgesloten"}
    response = client.post(MAPPING, chosen)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies de GGD-regio van de nieuwe vestiging." in page
    assert '<option value="Communicatie en informatie" selected>' in page
    assert '<option value="__nieuw__" selected>' in page
    assert not ImportMapping.objects.exists()
    assert not Feedback.objects.exists()
    assert PendingImport.objects.count() == 1  # the upload is kept

    dagopvang = morel.services.get(name="Dagopvang")
    chosen |= {f"{location}_regio": region.pk, f"{location}_dienst": dagopvang.pk}
    response = client.post(MAPPING, chosen)
    assert response["Location"] == PREVIEW
    assert Location.objects.filter(name="De Boomhut").count() == 0  # made on import only
    page = client.get(PREVIEW).content.decode()
    assert "3 klantreacties (3 × klacht) zouden worden ingelezen." in page
    assert Feedback.objects.count() == 0

    response = client.post(PREVIEW)
    assert response["Location"] == URL
    boomhut = Location.objects.get(name="De Boomhut")
    assert (boomhut.region, list(boomhut.services.all())) == (region, [dagopvang])
    assert Feedback.objects.filter(location=boomhut).count() == 2
    assert set(Feedback.objects.values_list("status", flat=True)) == {Status.CLOSED}
    assert set(ImportMapping.objects.values_list("field", "source_value", "target")) == {
        ("onderwerp", "oudercontact", "Communicatie en informatie"),
        ("status", "bijna", "afgesloten"),
    }

    # Next time: the same words go straight to the preview.
    response = _upload(client, csv_file(OWN_WORDS))
    assert response["Location"] == PREVIEW
    page = client.get(PREVIEW).content.decode()
    assert "3 klantreacties (3 × klacht) zouden worden ingelezen." in page


def test_an_unknown_location_can_be_mapped_to_a_known_one(client, morel, officer):
    login_staff(client, officer)
    _upload(client, csv_file([row(vestiging="Morel-Noord")]))
    page = client.get(MAPPING).content.decode()
    response = client.post(MAPPING, {_field(page, "Morel-Noord"): "Morel"})
    assert response["Location"] == PREVIEW
    client.post(PREVIEW)
    assert Feedback.objects.get().location == morel
    assert ImportMapping.objects.filter(field="vestiging", target="Morel").exists()


def test_a_choice_is_required_and_the_step_names_what_is_missing(client, morel, officer):
    login_staff(client, officer)
    RegionFactory(name="Gelderland-Zuid")
    ServiceFactory(name="Buitenschoolse opvang")
    _upload(client, csv_file([row(oordeel="half"), row(soort="klachtje")]))
    response = client.post(MAPPING, {})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Kies wat dit in Klachtwijs is.") == 2 * 2  # summary and field
    assert Feedback.objects.count() == 0
