"""Suggestions for one situation: same location, close in time, similar words."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback.models import Feedback
from klachtwijs.feedback.suggestions import situation_suggestions
from tests.factories import FeedbackFactory, LocationFactory


def test_same_location_and_similar_text_come_first(db, location):
    now = timezone.now()
    feedback = FeedbackFactory(
        location=location, description="De overdracht bij het ophalen was rommelig en kort."
    )
    twin = FeedbackFactory(
        location=location,
        description="Bij het ophalen was de overdracht weer rommelig.",
        received_at=now - dt.timedelta(days=2),
    )
    same_place = FeedbackFactory(
        location=location,
        description="De factuur klopt niet.",
        received_at=now - dt.timedelta(days=20),
    )
    elsewhere = FeedbackFactory(location=LocationFactory(), description="Iets heel anders.")
    FeedbackFactory(location=location, received_at=now - dt.timedelta(days=90))

    found = situation_suggestions(feedback=feedback, candidates=Feedback.objects.all())

    assert found[0] == twin
    assert same_place in found
    assert elsewhere not in found
    assert feedback not in found
    assert len(found) == 2


def test_dossier_page_shows_suggestions_to_the_quality_officer(db, as_user, location, officer):
    feedback = FeedbackFactory(location=location, description="Rommelige overdracht bij ophalen.")
    twin = FeedbackFactory(location=location, description="Overdracht bij ophalen rommelig.")

    html = as_user(officer).get(reverse("staff:dossier", args=[feedback.pk])).content.decode()

    assert "Misschien dezelfde situatie" in html
    assert twin.reference in html
