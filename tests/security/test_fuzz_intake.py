"""Fuzzing the public form (issue 7.5): whatever is posted, never a server error, and a refused
post stores nothing (no dossier, no mail)."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from klachtwijs.feedback.models import Feedback
from klachtwijs.notifications.models import OutboxMessage
from tests.factories import LocationFactory

FIELDS = [
    "kind",
    "place",
    "description",
    "happened_on",
    "desired_outcome",
    "submitter_name",
    "submitter_email",
    "submitter_phone",
    "contact_preference",
    "suspected_abuse",
    "child_1_name",
    "child_1_group",
    "submitter_role",
    "age_band",
    "website",
    "submission_key",
    "upload_token",
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
# Per field: leave it, drop it, or put random text (sometimes huge or odd) in it.
CHANGE = st.one_of(st.none(), st.just(""), TEXT, st.sampled_from(["0", "-1", "9" * 30, "\x00"]))


@pytest.fixture
def valid_post(db, settings, media_root):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RATE_LIMITS": {"intake": (10_000, 600)}}
    location = LocationFactory()
    service = location.services.get()
    return {
        "kind": "complaint",
        "place": f"{location.pk}:{service.pk}",
        "description": "De overdracht bij het ophalen was rommelig.",
        "submitter_name": "Fleur de Vries",
        "submitter_email": "fleur@example.nl",
        "contact_preference": "email",
        "submitter_role": "parent",
        "age_band": "under_12",
    }


@hypothesis_settings(
    max_examples=40,
    database=None,  # no .hypothesis folder in the working tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(st.sampled_from(FIELDS), CHANGE, min_size=1, max_size=6))
def test_random_posts_never_fail_and_refused_ones_store_nothing(client, valid_post, changes):
    data = dict(valid_post)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    dossiers, mails = Feedback.objects.count(), OutboxMessage.objects.count()
    response = client.post("/klantreactie/", data)
    assert response.status_code < 500
    if response.status_code != 302:  # refused (400), spam trap (200) or too large (413)
        assert Feedback.objects.count() == dossiers
        assert OutboxMessage.objects.count() == mails
