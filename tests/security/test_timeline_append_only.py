"""The timeline can only grow: the database refuses any rewrite of an Event, whoever connects,
except the two changes the law and Django need (the anonymisation marker, a deleted actor)."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Event
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db
TABLE = Event._meta.db_table


def _sql(statement: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("kind", "note"),
        ("to_status", "closed"),
        ("text", "Een andere tekst"),
        ("visible_to_parent", False),
    ],
)
def test_the_database_refuses_rewriting_an_event(column, value):
    event = FeedbackFactory().events.get()
    before = Event.objects.filter(pk=event.pk).values().get()
    with pytest.raises(DatabaseError):
        _sql(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, event.pk])  # noqa: S608
    assert Event.objects.filter(pk=event.pk).values().get() == before
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(**{column: value})


def test_anonymisation_may_blank_the_text_and_a_deleted_actor_may_go():
    officer = UserFactory()
    feedback = FeedbackFactory(registered=True)
    event = services.feedback_add_note(feedback_id=feedback.pk, by=officer, text="Naam erin")
    services.feedback_anonymise(feedback_id=feedback.pk)
    event.refresh_from_db()
    assert event.text == services.ANONYMISED_TEXT
    _sql(f"UPDATE {TABLE} SET actor_id = NULL WHERE id = %s", [event.pk])  # noqa: S608
    event.refresh_from_db()
    assert event.actor_id is None


def test_back_dated_steps_are_written_with_their_moment_not_moved_afterwards():
    """Services take the moment of the action: the import and the demo pass it in."""
    moment = dt.datetime(2024, 3, 4, 11, 0, tzinfo=dt.UTC)
    feedback = FeedbackFactory(received_at=moment)
    officer = UserFactory()
    services.walk_to(feedback, "closed", by=officer, handler=officer, closure="solved", at=moment)
    assert set(feedback.events.values_list("at", flat=True)) == {moment}
    feedback.refresh_from_db()
    assert (feedback.registered_at, feedback.closed_at) == (moment, moment)
