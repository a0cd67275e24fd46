"""The API withholds from management what the dossier page withholds (issue 17,
`access.full_view_ids`): the parent's and children's names, contact details and own words."""

import pytest

from klachtwijs.feedback import services
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(location, officer):
    feedback = FeedbackFactory(location=location, children=[services.Child("Sientje", "")])
    services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary="Een ouder vond de overdracht rommelig.",
        handling="Gesprek gevoerd.",
    )
    return feedback


def test_the_api_withholds_the_same_from_a_management_token(dossier, token_client):
    url = f"/api/v1/klantreacties/{dossier.pk}/"
    management = token_client(Role.MANAGEMENT).get(url).json()
    quality = token_client(Role.QUALITY_OFFICER).get(url).json()
    for field in ("submitter_name", "submitter_email", "submitter_phone", "description"):
        assert quality[field]
        assert management[field] == ""
    assert management["children"] == []
    assert management["report_summary"] == "Een ouder vond de overdracht rommelig."
    listed = token_client(Role.MANAGEMENT, name="lijst").get("/api/v1/klantreacties/").json()
    assert all(row["submitter_name"] == "" for row in listed["results"])
