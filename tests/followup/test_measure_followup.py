"""Issue 16: the parent is asked whether each measure happened; a "nee" reaches the handler
and the quality department, shows on the dossier and in the figures."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.figures import ParentAnswers
from klachtwijs.feedback.models import Event, Measure, ParentAnswer
from klachtwijs.feedback.reminders import reminders_send
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.reports.figures import Scope, year_figures
from tests.factories import FeedbackFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+(/status/maatregel/\S+/)")


def _asked(feedback) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind="measure_followup", feedback=feedback))


def _link(message: OutboxMessage) -> str:
    return LINK.search(message.body_text).group(1)


def test_a_measure_marked_done_is_put_to_the_parent_once():
    feedback = FeedbackFactory(answered=True)
    measure = feedback.measures.get()
    assert _asked(feedback) == []

    services.measure_complete(
        measure_id=measure.pk, done_on=timezone.localdate(), by=feedback.handler
    )
    reminders_send(today=measure.due_date + dt.timedelta(days=1))  # the daily run: not again

    (mail,) = _asked(feedback)
    assert mail.to == "fleur@example.nl"
    assert "Is dit gebeurd?" in mail.body_text
    assert "Vaste overdrachtsmomenten" in mail.body_text
    assert Measure.objects.get(pk=measure.pk).parent_asked_at is not None


def test_the_daily_run_asks_once_the_date_has_passed():
    feedback = FeedbackFactory(closed=True)
    due = feedback.measures.get().due_date
    reminders_send(today=due)
    assert _asked(feedback) == []  # not yet on the day itself
    reminders_send(today=due + dt.timedelta(days=1))
    reminders_send(today=due + dt.timedelta(days=2))
    assert len(_asked(feedback)) == 1


def test_no_question_without_an_address():
    feedback = FeedbackFactory(answered=True, submitter_email="", contact_preference="phone")
    measure = feedback.measures.get()
    services.measure_complete(
        measure_id=measure.pk, done_on=timezone.localdate(), by=feedback.handler
    )
    assert _asked(feedback) == []


def test_a_parents_no_reaches_handler_and_quality_and_shows_everywhere(client, officer):
    feedback = FeedbackFactory(closed=True)
    measure = feedback.measures.get()
    services.measure_complete(
        measure_id=measure.pk, done_on=timezone.localdate(), by=feedback.handler
    )
    path = _link(_asked(feedback)[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Is dit gebeurd?" in page.content.decode()
    # Nothing chosen: a Dutch error by the field, the comment kept.
    bad = client.post(path, {"comment": "Er is niets veranderd."})
    assert bad.status_code == 400
    assert "Kies ja of nee." in bad.content.decode()
    assert "Er is niets veranderd." in bad.content.decode()

    response = client.post(path, {"answer": "no", "comment": "Er is niets veranderd."})
    assert response.status_code == 302

    measure.refresh_from_db()
    assert measure.parent_answer == ParentAnswer.NO
    assert measure.parent_comment == "Er is niets veranderd."
    told = set(
        OutboxMessage.objects.filter(kind="measure_denied_notice").values_list("to", flat=True)
    )
    assert feedback.handler.email in told
    assert officer.email in told
    event = Event.objects.get(feedback=feedback, kind=Event.Kind.FOLLOWUP)
    assert "nee" in event.text

    login_staff(client, officer)
    dossier = client.get(f"/staff/dossiers/{feedback.pk}/").content.decode()
    assert "Ouder: niet gebeurd" in dossier
    assert "Er is niets veranderd." in dossier
    dashboard = client.get("/staff/dashboard/")
    assert dashboard.context["figures"]["parent_answers"] == ParentAnswers(asked=1, denied=1)
    assert "Nee, niet gebeurd" in dashboard.text

    figures = year_figures(Scope(year=timezone.localdate(feedback.received_at).year))
    assert figures.parent_answers == ParentAnswers(asked=1, denied=1)
    assert figures.parent_answers.share == 0.0


def test_the_parent_may_change_the_answer_and_a_yes_counts_as_confirmed(client):
    feedback = FeedbackFactory(answered=True)
    measure = feedback.measures.get()
    services.measure_complete(
        measure_id=measure.pk, done_on=timezone.localdate(), by=feedback.handler
    )
    path = _link(_asked(feedback)[0])
    client.post(path, {"answer": "no"})
    client.post(path, {"answer": "yes", "comment": "Toch gebeurd."})
    client.post(path, {"answer": "yes", "comment": "Toch gebeurd."})

    measure.refresh_from_db()
    assert measure.parent_answer == ParentAnswer.YES
    assert OutboxMessage.objects.filter(kind="measure_denied_notice").count() >= 1
    figures = year_figures(Scope(year=timezone.localdate(feedback.received_at).year))
    assert figures.parent_answers == ParentAnswers(asked=1, confirmed=1)
    assert figures.parent_answers.share == 100.0
    assert "checked" in client.get(path).content.decode()


def test_an_altered_link_is_404(client):
    feedback = FeedbackFactory(answered=True)
    measure = feedback.measures.get()
    services.measure_followup_ask(measure_id=measure.pk)
    path = _link(_asked(feedback)[0])
    assert client.get(path[:-3] + "xx/").status_code == 404
    assert client.post("/status/maatregel/12/", {"answer": "no"}).status_code == 404
