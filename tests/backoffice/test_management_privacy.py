"""Management sees patterns, not people (issue 17): a manager's dossier page, downloads and API
answers hold no parent or child name, contact detail or free text, unless the quality lead
granted that dossier in full, which the access log records."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from klachtwijs.core.models import AccessLog
from klachtwijs.feedback import services
from klachtwijs.feedback.models import Document
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

PERSONAL = [
    "Fleur de Vries",
    "fleur@example.nl",
    "0612345678",
    "Sientje",
    "De overdracht bij het ophalen was rommelig.",
    "Een vast overdrachtsmoment",
]


@pytest.fixture
def dossier(location, officer):
    feedback = FeedbackFactory(
        location=location,
        children=[services.Child("Sientje", "Vlinders")],
        desired_outcome="Een vast overdrachtsmoment",
    )
    services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary="Een ouder vond de overdracht rommelig.",
        handling="Gesprek gevoerd.",
    )
    document = Document(feedback=feedback, kind=Document.Kind.ATTACHMENT, filename="foto.png")
    document.content_type, document.size = "image/png", 3
    document.file.save("foto.png", ContentFile(b"png"), save=True)
    feedback.document = document
    return feedback


def _page(client, user, feedback) -> str:
    login_staff(client, user)
    response = client.get(reverse("staff:dossier", args=[feedback.pk]))
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize(
    ("role", "full"),
    [
        (Role.QUALITY_OFFICER, True),
        (Role.QUALITY_LEAD, True),
        (Role.HANDLER, True),
        (Role.MANAGEMENT, False),
    ],
)
def test_each_role_reads_the_personal_data_or_not(client, dossier, location, role, full):
    user = UserFactory(role=role, locations=[location])
    page = _page(client, user, dossier)
    for text in PERSONAL:
        assert (text in page) is full, (role, text)
    # Management still reads the facts and the anonymised summary.
    assert dossier.reference in page
    assert location.name in page
    if not full:
        assert "Een ouder vond de overdracht rommelig." in page
        assert "Zonder persoonsgegevens." in page


def test_management_cannot_download_the_parents_files(client, dossier, manager, officer):
    url = reverse("staff:document", args=[dossier.pk, dossier.document.pk])
    login_staff(client, manager)
    assert client.get(url).status_code == 403
    login_staff(client, officer)
    assert client.get(url).status_code == 200


def test_the_quality_lead_grants_a_dossier_in_full_and_the_log_says_so(client, dossier, manager):
    lead = UserFactory(role=Role.QUALITY_LEAD)
    login_staff(client, lead)
    url = reverse("staff:full_view_grant", args=[dossier.pk])
    response = client.post(url, {"user": manager.pk, "reason": "Gesprek met de ouder."})
    assert response.status_code == 302
    granted = AccessLog.objects.get(user=lead, feedback_id=dossier.pk, action="change")
    assert granted.detail == f"volledige inzage gegeven aan {manager.username}"

    page = _page(client, manager, dossier)
    for text in PERSONAL:
        assert text in page
    assert "U hebt volledige inzage in dit dossier tot en met" in page
    viewed = AccessLog.objects.filter(user=manager, feedback_id=dossier.pk, action="view")
    assert viewed.get().detail == "volledige inzage"
    url = reverse("staff:document", args=[dossier.pk, dossier.document.pk])
    assert client.get(url).status_code == 200


def test_a_grant_runs_out(client, dossier, manager):
    lead = UserFactory(role=Role.QUALITY_LEAD)
    services.full_view_grant(
        feedback_id=dossier.pk,
        user_id=manager.pk,
        by=lead,
        reason="Gesprek.",
        at=dt.datetime(2020, 1, 1, 12, tzinfo=dt.UTC),
    )
    page = _page(client, manager, dossier)
    assert "Fleur de Vries" not in page


def test_a_grant_needs_a_manager_and_a_reason(client, dossier, officer):
    lead = UserFactory(role=Role.QUALITY_LEAD)
    login_staff(client, lead)
    url = reverse("staff:full_view_grant", args=[dossier.pk])
    response = client.post(url, {"user": officer.pk, "reason": ""})
    assert response.status_code == 200
    assert "Maak een keuze" in response.text or "Selecteer een geldige keuze" in response.text
    assert "Dit veld is vereist." in response.text
    assert not dossier.full_view_grants.exists()


@pytest.mark.parametrize("role", [Role.QUALITY_OFFICER, Role.MANAGEMENT, Role.HANDLER])
def test_only_the_quality_lead_grants(client, dossier, manager, location, role):
    login_staff(client, UserFactory(role=role, locations=[location]))
    url = reverse("staff:full_view_grant", args=[dossier.pk])
    response = client.post(url, {"user": manager.pk, "reason": "Nodig."})
    assert response.status_code == 403
    assert not dossier.full_view_grants.exists()


def test_management_finds_a_dossier_by_reference_not_by_what_the_parent_wrote(
    client, dossier, manager
):
    def found(text: str) -> bool:
        response = client.get(reverse("staff:home"), {"q": text})
        return dossier.reference in response.text

    login_staff(client, manager)
    assert found(dossier.reference)
    assert not found("ophalen")  # only in the parent's own text
    lead = UserFactory(role=Role.QUALITY_LEAD)
    services.full_view_grant(feedback_id=dossier.pk, user_id=manager.pk, by=lead, reason="Gesprek.")
    assert found("ophalen")
