"""`klachtwijs generate_data`: synthetic dossiers in bulk that look like the real thing."""

from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from klachtwijs.feedback import rules, services, workflow
from klachtwijs.feedback.models import (
    Event,
    Feedback,
    Judgment,
    Kind,
    Measure,
    ReferenceCounter,
    Status,
)
from klachtwijs.organisation.models import Location, Role, User

pytestmark = pytest.mark.django_db

DOSSIERS = 250


@pytest.fixture
def generated():
    call_command("generate_data", dossiers=DOSSIERS, locations=6, seed=7, no_progress=True)
    return Feedback.objects.all()


def test_makes_the_requested_dossiers_and_the_structure_they_need(generated):
    assert generated.count() == DOSSIERS
    assert Location.objects.count() == 6
    assert User.objects.filter(role=Role.QUALITY_OFFICER).exists()
    kinds = Counter(generated.values_list("kind", flat=True))
    assert set(kinds) == set(Kind)
    assert kinds[Kind.COMPLAINT] > kinds[Kind.SIGNAL]


def test_every_dossier_has_a_timeline_that_ends_in_its_status(generated):
    events = Event.objects.values("feedback_id").annotate(n=Count("id"))
    per_dossier = [row["n"] for row in events]
    assert len(per_dossier) == DOSSIERS
    assert 4 <= sum(per_dossier) / DOSSIERS <= 6.5
    moves = Event.objects.exclude(to_status="").order_by("feedback_id", "at", "pk")
    last: dict[int, str] = {}
    for event in moves:
        if event.from_status:  # every move is one the transition table allows
            assert event.from_status == last[event.feedback_id]
        last[event.feedback_id] = event.to_status
    for feedback in generated:
        assert last[feedback.pk] == feedback.status


def test_dates_and_reasons_match_the_status(generated):
    for f in generated.filter(kind=Kind.COMPLAINT):
        received_on = f.received_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
        assert f.answer_due == rules.answer_due(framework=f.framework, received_on=received_on)
    closed = generated.filter(status=Status.CLOSED)
    assert not closed.filter(closed_at__isnull=True).exists()
    assert not closed.filter(closure_reason="").exists()
    assert not generated.exclude(status=Status.CLOSED).exclude(closure_reason="").exists()
    answered = generated.filter(
        status__in=[Status.ANSWERED, Status.CLOSED], closure_reason__in=["", "judged"]
    )
    assert Judgment.objects.filter(feedback__in=answered).count() == answered.count()
    assert Measure.objects.exists()
    restricted = generated.filter(is_restricted=True)
    assert all(f.category.is_meldcode for f in restricted)


def test_references_are_unique_and_new_dossiers_continue_the_numbering(generated):
    references = list(generated.values_list("reference", flat=True))
    assert len(set(references)) == DOSSIERS
    year = max(ReferenceCounter.objects.values_list("year", flat=True))
    last = ReferenceCounter.objects.get(year=year).last
    assert last == generated.filter(reference__startswith=f"{year}-").count()
    feedback = generated.first()
    new = services.feedback_receive(
        kind=Kind.SUGGESTION,
        location=feedback.location,
        service=feedback.service,
        description="Nieuw na de synthetische gegevens.",
        submitter_name="Ouder",
        received_at=max(generated.values_list("received_at", flat=True)),
    )
    assert new.reference == f"{year}-{last + 1:04d}"


def test_a_second_run_adds_dossiers_without_clashing(generated):
    call_command("generate_data", dossiers=50, seed=8, no_progress=True)
    assert Feedback.objects.count() == DOSSIERS + 50
    assert Feedback.objects.values("reference").distinct().count() == DOSSIERS + 50


def test_statuses_follow_the_workflow_table(generated):
    reachable = {Status.RECEIVED} | {t.target for t in workflow.TRANSITIONS.values()}
    assert set(generated.values_list("status", flat=True)) <= reachable


def test_refuses_a_count_below_one():
    with pytest.raises(CommandError):
        call_command("generate_data", dossiers=0, no_progress=True)


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="COPY and the GIN index are PostgreSQL's",
)
def test_the_search_index_is_rebuilt_after_the_load_and_finds_generated_words(generated):
    from django.db import connection
    from django.utils import timezone

    from klachtwijs.feedback.selectors import feedback_list

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN "
            "('feedback_search_dutch', 'feedback_received_covering') ORDER BY indexname"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == ["feedback_received_covering", "feedback_search_dutch"]
    officer = User.objects.filter(role=Role.QUALITY_OFFICER).first()
    story = generated.filter(is_restricted=False).first().description
    word = max(story.split(), key=len).strip(".,")  # a long word: never a stop word
    found = feedback_list(user=officer, filters={"q": word}, today=timezone.localdate())
    assert found.exists()
