"""Issue 16: the form where parents already are: the embeddable form, its frame-ancestors from
the organisation settings, and links that preselect a location."""

import re

import pytest

from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Role
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import LocationFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
HOST = "https://www.vlinderboom.example"


def _policy(response) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";"))
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts if p[0]}


def _allow(*origins: str) -> None:
    organisation = organisation_get()
    organisation.embed_origins = "\n".join(origins)
    organisation.save()


def test_embed_may_be_framed_only_by_the_allowed_origins(client):
    _allow(HOST, "https://app.vlinderboom.example")
    LocationFactory()
    response = client.get("/klantreactie/embed/")
    assert response.status_code == 200
    assert _policy(response)["frame-ancestors"] == f"{HOST} https://app.vlinderboom.example"
    assert "X-Frame-Options" not in response
    assert "embed.js" in response.content.decode()
    assert "utrecht-page-header" not in response.content.decode()  # the minimal layout
    # Every other page keeps refusing any frame.
    form = client.get("/klantreactie/")
    assert _policy(form)["frame-ancestors"] == "'none'"
    assert form["X-Frame-Options"] == "DENY"


def test_without_allowed_origins_the_embed_refuses_every_frame(client):
    response = client.get("/klantreactie/embed/")
    assert _policy(response)["frame-ancestors"] == "'none'"


def test_embed_post_from_another_origin_is_refused(client):
    location = LocationFactory()
    data = {"kind": "complaint", "place": f"{location.pk}:{location.services.first().pk}"}
    response = client.post("/klantreactie/embed/", data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_embed_post_with_errors_stays_in_the_frame(client):
    _allow(HOST)
    LocationFactory()
    response = client.post("/klantreactie/embed/", {}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 400
    assert _policy(response)["frame-ancestors"] == HOST
    assert 'id="foutmeldingen"' in response.content.decode()


def test_a_location_link_preselects_its_place(client):
    location = LocationFactory(name="De Regenboog")
    LocationFactory(name="Het Anker")
    service = location.services.get()
    selected = re.compile(rf'<option value="{location.pk}:{service.pk}"[^>]*selected')
    assert selected.search(client.get("/klantreactie/?locatie=de-regenboog").content.decode())
    assert selected.search(
        client.get(f"/klantreactie/embed/?locatie={location.pk}").content.decode()
    )
    assert not selected.search(client.get("/klantreactie/").content.decode())
    assert not selected.search(client.get("/klantreactie/?locatie=onbekend").content.decode())


def test_a_location_with_several_services_comes_first(client):
    other = LocationFactory(name="Aa-huis")
    location = LocationFactory(
        name="Zonnestraal",
        services=[ServiceFactory(), ServiceFactory(name="Buitenschoolse opvang")],
    )
    html = client.get("/klantreactie/?locatie=zonnestraal").content.decode()
    assert html.index('label="Zonnestraal"') < html.index(f'label="{other.name}"')
    assert location.services.count() == 2


def test_allowed_origins_are_edited_on_the_settings_page(client):
    administrator = UserFactory(role=Role.ADMINISTRATOR, username="beheer")
    login_staff(client, administrator)
    page = client.get("/staff/inrichting/organisatie/")
    assert "Websites die het formulier mogen tonen" in page.content.decode()
    organisation = organisation_get()
    data = {
        "name": organisation.name,
        "email": "info@example.nl",
        "jeugdwet_term_weeks": 6,
        "embed_origins": "https://www.example.nl/pagina",
    }
    bad = client.post("/staff/inrichting/organisatie/", data)
    assert bad.status_code == 200
    assert "Dit is geen websiteadres" in bad.content.decode()
    assert "https://www.example.nl/pagina" in bad.content.decode()
    data["embed_origins"] = "https://WWW.Example.nl/\nhttp://localhost:8080"
    assert client.post("/staff/inrichting/organisatie/", data).status_code == 302
    assert organisation_get().embed_origins == "https://www.example.nl\nhttp://localhost:8080"
