"""The dossier page runs a fixed number of queries however long its timeline is."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Document, Escalation, Event
from tests.factories import FeedbackFactory


def _grow(feedback, n: int, by) -> None:
    """n contacts, notes, measures, documents and escalations, and n linked dossiers."""
    today = timezone.localdate()
    judgment = feedback.judgments.first()
    for i in range(n):
        services.feedback_log_contact(
            feedback_id=feedback.pk,
            by=by,
            channel=Event.ContactChannel.PHONE,
            on=today,
            summary=f"Gesprek {i}",
        )
        services.feedback_add_note(feedback_id=feedback.pk, by=by, text=f"Notitie {i}")
        judgment.measures.create(
            feedback=feedback,
            description=f"Maatregel {i}",
            owner=by,
            due_date=today + dt.timedelta(days=i + 1),
        )
        document = Document(
            feedback=feedback,
            kind=Document.Kind.ATTACHMENT,
            filename=f"foto{i}.pdf",
            content_type="application/pdf",
            size=4,
        )
        document.file.save(f"x{i}.pdf", ContentFile(b"%PDF"), save=True)
        services.escalation_record(
            feedback_id=feedback.pk, by=by, body=Escalation.Body.KLACHTENLOKET, started_on=today
        )
    others = [FeedbackFactory(location=feedback.location).pk for _ in range(n)]
    services.situation_link(feedback_ids=[feedback.pk, *others], title="Eén situatie", by=by)


def _count(client, feedback) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:dossier", args=[feedback.pk]))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role_fixture", ["officer", "handler"])
def test_dossier_page_queries_do_not_grow(
    db, request, as_user, location, officer, handler, django_assert_num_queries, role_fixture
):
    user = request.getfixturevalue(role_fixture)
    client = as_user(user)
    small = FeedbackFactory(location=location, answered=True)
    _grow(small, 1, handler)
    _count(client, small)  # what is kept in memory (the organisation, core/cache.py) is read
    expected = _count(client, small)
    large = FeedbackFactory(location=location, answered=True)
    _grow(large, 20, handler)
    _count(client, large)  # the new users and dossiers replaced what was kept in memory

    with django_assert_num_queries(expected):
        response = client.get(reverse("staff:dossier", args=[large.pk]))

    html = response.content.decode()
    assert "Maatregel 19" in html
    assert "foto19.pdf" in html
    assert "Notitie 19" in html


def test_dossier_page_query_count_is_pinned(db, as_user, location, officer, handler):
    """A new dossier's page reads the dossier (with which parts have rows), its first event,
    the situation suggestions and writes the access-log row: the empty parts (documents,
    judgments, measures, escalations, meldcode steps, situation) cost no query. A full dossier
    reads the people, the situation and its members, and each part that has rows once (a
    judgment's measures come with the dossier's measures)."""
    client = as_user(officer)
    new = FeedbackFactory(location=location)
    full = FeedbackFactory(location=location, answered=True)
    _grow(full, 2, handler)
    _count(client, new)  # what is kept in memory (the organisation, core/cache.py) is read
    assert _count(client, new) == 4
    assert _count(client, full) == 11
