"""Issue 16: the status page tells the whole story, and the texts fit the dossier's route."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Document
from klachtwijs.feedback.parent_texts import MELDCODE_NEXT_STEPS
from klachtwijs.feedback.tokens import link_new
from klachtwijs.intake.views import confirmation_url
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory
from tests.intake.factories import PDF

pytestmark = pytest.mark.django_db


def _path(feedback) -> str:
    return "/status/" + link_new(feedback).split("/status/", 1)[1]


def _file(feedback, *, kind=Document.Kind.ATTACHMENT, name="foto.pdf", visible=False, by=None):
    document = Document(
        feedback=feedback,
        kind=kind,
        filename=name,
        content_type="application/pdf",
        size=len(PDF),
        visible_to_parent=visible,
        created_by=by,
    )
    document.file.save("x.pdf", ContentFile(PDF), save=True)
    return document


def test_after_judgment_the_page_shows_the_whole_story(client):
    feedback = FeedbackFactory(answered=True, desired_outcome="Een vaste overdracht.")
    measure = feedback.measures.get()
    services.measure_complete(
        measure_id=measure.pk, done_on=timezone.localdate(), by=feedback.handler
    )
    own = _file(feedback)
    staff_file = _file(feedback, name="intern.pdf", by=feedback.handler)
    path = _path(feedback)

    page = client.get(path).content.decode()

    assert "De overdracht bij het ophalen was rommelig." in page  # the parent's own text
    assert "Een vaste overdracht." in page
    assert "Uw klacht is deels gegrond." in page
    assert "De overdracht kan beter." in page  # the reasoning
    assert "Vaste overdrachtsmomenten" in page
    # A finished measure says so once, with its date (not "Klaar Klaar op ...").
    assert page.count("Klaar") == 1
    assert "Klaar op" in page
    assert "/status/maatregel/" in page  # the parent was asked: the follow-up link
    assert "Oordeel (" in page  # the judgment letter, downloadable
    assert f"documenten/{own.pk}/" in page
    assert f"documenten/{staff_file.pk}/" not in page
    assert client.get(f"{path}documenten/{own.pk}/").status_code == 200
    assert client.get(f"{path}documenten/{staff_file.pk}/").status_code == 404
    assert client.get(f"/status/onbekend/documenten/{own.pk}/").status_code == 404


def test_query_count_does_not_grow_with_messages_or_measures(client, django_assert_num_queries):
    feedback = FeedbackFactory(answered=True)
    path = _path(feedback)
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    judgment = feedback.judgments.get()
    for n in range(20):
        measure = feedback.measures.create(
            judgment=judgment,
            description=f"Maatregel {n}",
            owner=feedback.handler,
            due_date=timezone.localdate() + dt.timedelta(days=n + 1),
        )
        services.measure_followup_ask(measure_id=measure.pk)
        services.feedback_add_parent_info(feedback_id=feedback.pk, text=f"Aanvulling {n}")
    with django_assert_num_queries(len(one)):
        page = client.get(path).content.decode()
    assert "Maatregel 19" in page
    assert "Aanvulling 19" in page


def test_meldcode_route_has_the_same_calm_text_as_the_confirmation(client):
    feedback = FeedbackFactory(suspected_abuse=True)
    assert feedback.is_restricted
    sent = client.get(confirmation_url(feedback)).content.decode()
    status = client.get(_path(feedback)).content.decode()
    text = str(MELDCODE_NEXT_STEPS)
    assert text in sent
    assert text in status
    assert "afdeling kwaliteit bekijkt" not in status


def test_childcare_parent_sees_childcare_routes_and_no_akj(client):
    organisation = organisation_get()
    organisation.confidential_adviser = "Bel onze vertrouwenspersoon: u krijgt gratis advies."
    organisation.save()
    page = client.get(_path(FeedbackFactory(answered=True))).content.decode()
    assert "Klachtenloket Kinderopvang" in page
    assert "Geschillencommissie Kinderopvang" in page
    assert "AKJ" not in page
    assert "Bel onze vertrouwenspersoon: u krijgt gratis advies." in page


def test_youth_care_parent_sees_the_akj_and_no_childcare_routes(client):
    service = ServiceFactory(jeugdwet=True)
    location = LocationFactory(services=[service])
    assert service.framework == LegalFramework.JEUGDWET
    page = client.get(_path(FeedbackFactory(location=location, service=service))).content.decode()
    assert "AKJ" in page
    assert "Klachtenloket" not in page
    assert "Geschillencommissie" not in page
