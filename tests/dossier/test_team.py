"""Suggestions and compliments: fewer steps; a compliment can be shared with the team."""

from django.urls import reverse

from klachtwijs.feedback.models import Feedback, Kind, Status
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory


def test_compliment_is_shared_with_the_team_and_the_parent_sees_it(db, as_user, location, handler):
    colleague = UserFactory(role=Role.EMPLOYEE, locations=[location])
    feedback = FeedbackFactory(location=location, kind=Kind.COMPLIMENT, registered=True)

    response = as_user(handler).post(
        reverse("staff:share_team", args=[feedback.pk]), {"text": "Goed gedaan!"}
    )

    assert response.status_code == 302
    mails = OutboxMessage.objects.filter(kind="team_share", feedback=feedback)
    assert {handler.email, colleague.email} <= {m.to for m in mails}
    assert "Goed gedaan!" in mails.first().body_text
    assert feedback.events.filter(visible_to_parent=True, text__contains="gedeeld").exists()


def test_compliment_has_no_term_and_closes_without_judgment(db, as_user, location, handler):
    feedback = FeedbackFactory(location=location, kind=Kind.COMPLIMENT, registered=True)
    client = as_user(handler)
    page = client.get(reverse("staff:dossier", args=[feedback.pk])).content.decode()
    assert "Geen wettelijke termijn" in page
    assert reverse("staff:judge", args=[feedback.pk]) not in page

    response = client.post(
        reverse("staff:resolve", args=[feedback.pk]),
        {"reason": "handled", "text": "Doorgegeven aan het team."},
    )

    assert response.status_code == 302
    assert Feedback.objects.get(pk=feedback.pk).status == Status.CLOSED


def test_assign_suggests_the_location_manager_first(db, as_user, location, officer, manager):
    feedback = FeedbackFactory(location=location, registered=True)

    html = as_user(officer).get(reverse("staff:assign", args=[feedback.pk])).content.decode()

    options = html.split('<select name="handler"')[1].split("</select>")[0]
    first = options.split("<option")[2]  # [0] is before, [1] the empty choice
    assert f'value="{manager.pk}"' in first
    assert "selected" in first
    assert "leidinggevende" in first
