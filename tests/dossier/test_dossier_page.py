"""The dossier page: the term with days left and colour, escalations and their outcome."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Escalation, Event
from tests.factories import FeedbackFactory


def test_term_shows_days_left_and_colour(db, as_user, location, officer):
    soon = FeedbackFactory(location=location, received_at=timezone.now() - dt.timedelta(days=40))
    late = FeedbackFactory(location=location, received_at=timezone.now() - dt.timedelta(days=60))
    client = as_user(officer)

    soon_html = client.get(reverse("staff:dossier", args=[soon.pk])).content.decode()
    late_html = client.get(reverse("staff:dossier", args=[late.pk])).content.decode()

    days = (soon.answer_due - timezone.localdate()).days
    assert 'class="term-soon"' in soon_html
    assert f"nog {days} dag" in soon_html
    assert 'class="term-overdue"' in late_html
    assert "te laat" in late_html


def test_page_shows_timeline_with_what_the_parent_sees(db, as_user, location, handler):
    feedback = FeedbackFactory(location=location, contacted=True)
    services.feedback_add_note(feedback_id=feedback.pk, by=handler, text="Alleen voor ons.")
    services.feedback_share_message(feedback_id=feedback.pk, by=handler, text="Wij bellen u.")

    html = as_user(handler).get(reverse("staff:dossier", args=[feedback.pk])).content.decode()

    assert "Alleen voor ons." in html
    assert "Wij bellen u." in html
    assert "Gebeld met ouder." in html
    assert "zichtbaar voor ouder" in html
    assert "intern" in html


def test_escalation_outcome_is_recorded_as_binding_ruling(db, as_user, location, officer):
    feedback = FeedbackFactory(location=location, closed=True)
    escalation = services.escalation_record(
        feedback_id=feedback.pk,
        by=officer,
        body=Escalation.Body.GESCHILLENCOMMISSIE,
        started_on=timezone.localdate() - dt.timedelta(days=30),
    )
    client = as_user(officer)
    url = reverse("staff:escalation_end", args=[feedback.pk, escalation.pk])
    assert url in client.get(reverse("staff:dossier", args=[feedback.pk])).content.decode()

    response = client.post(
        url,
        {"ended_on": timezone.localdate().isoformat(), "result": "unfounded", "is_binding": "on"},
    )

    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.is_binding
    assert escalation.result == "unfounded"
    assert feedback.events.filter(kind=Event.Kind.ESCALATION).count() == 2
    # Once ended it cannot be ended again through this page.
    assert client.get(url).status_code == 404


def test_handler_starting_the_meldcode_route_goes_back_to_the_overview(
    db, as_user, location, handler
):
    feedback = FeedbackFactory(location=location, registered=True)

    response = as_user(handler).post(
        reverse("staff:meldcode_start", args=[feedback.pk]), {"text": "Zorgen."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")
