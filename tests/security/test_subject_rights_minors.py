"""The data-subject export and erase follow the rights of minors (LEGAL.md P4, Jeugdwet
7.3.4–7.3.5), one test per age band, through the commands."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from klachtwijs.feedback.minors import BOTH_MUST_AGREE, CHILD_UNDER_12, YOUNG_PERSON_DECIDES
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Role
from klachtwijs.reports.models import AnnualReport
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db
EMAIL = "fleur@example.nl"


@pytest.fixture(autouse=True)
def _report_sent():
    """The report of this year is sent, so only the rule of minors can hold a dossier back."""
    AnnualReport.objects.create(year=timezone.localdate().year, sent_on=timezone.localdate())


def _closed(**answers) -> Feedback:
    return FeedbackFactory(closed=True, **answers)


def _export(tmp_path, *flags) -> tuple[dict, str]:
    out, path = io.StringIO(), tmp_path / "export.json"
    by = UserFactory(role=Role.QUALITY_LEAD).username
    call_command("subject_export", EMAIL, "--output", str(path), "--by", by, *flags, stdout=out)
    return json.loads(path.read_text()), out.getvalue()


def _erase(*flags) -> str:
    out = io.StringIO()
    by = UserFactory(role=Role.QUALITY_LEAD).username
    call_command("subject_erase", EMAIL, "--by", by, *flags, stdout=out)
    return out.getvalue()


def _erased(feedback: Feedback) -> bool:
    return Feedback.objects.get(pk=feedback.pk).anonymised_at is not None


def test_under_12_the_parent_may_see_and_erase(tmp_path, django_capture_on_commit_callbacks):
    feedback = _closed(submitter_role="parent", age_band="under_12")
    data, _ = _export(tmp_path)
    assert [d["kenmerk"] for d in data["dossiers"]] == [feedback.reference]
    assert data["dossiers"][0]["leeftijd_kind"] == "jonger dan 12 jaar"
    with django_capture_on_commit_callbacks(execute=True):
        _erase()
    assert _erased(feedback)


def test_under_12_a_child_who_wrote_cannot_ask_alone(tmp_path):
    feedback = _closed(submitter_role="young_person", age_band="under_12")
    data, out = _export(tmp_path)
    assert data["dossiers"] == []
    assert data["niet_gegeven"] == [{"kenmerk": feedback.reference, "reden": CHILD_UNDER_12}]
    assert f"Niet gegeven: {feedback.reference}" in out
    assert data["berichten"] == []  # the mail about it stays out too
    assert CHILD_UNDER_12 in _erase()
    assert not _erased(feedback)


def test_12_to_15_both_may_see_and_erasing_needs_both(tmp_path, django_capture_on_commit_callbacks):
    feedback = _closed(submitter_role="parent", age_band="12_to_15")
    data, _ = _export(tmp_path)
    assert [d["kenmerk"] for d in data["dossiers"]] == [feedback.reference]
    out = _erase()
    assert f"Blijft bewaard: {feedback.reference} ({BOTH_MUST_AGREE})" in out
    assert not _erased(feedback)
    with django_capture_on_commit_callbacks(execute=True):
        out = _erase("--both-agree")
    assert f"Gewist: {feedback.reference}" in out
    assert _erased(feedback)


def test_16_and_older_a_parents_request_is_refused_unless_the_young_person_agrees(
    tmp_path, django_capture_on_commit_callbacks
):
    feedback = _closed(submitter_role="parent", age_band="16_plus")
    data, out = _export(tmp_path)
    assert data["dossiers"] == []
    assert data["niet_gegeven"][0]["reden"] == YOUNG_PERSON_DECIDES
    assert "De jongere is 16 jaar of ouder" in out
    assert YOUNG_PERSON_DECIDES in _erase("--both-agree")
    assert not _erased(feedback)
    data, _ = _export(tmp_path, "--young-person-agrees")
    assert [d["kenmerk"] for d in data["dossiers"]] == [feedback.reference]
    with django_capture_on_commit_callbacks(execute=True):
        _erase("--young-person-agrees")
    assert _erased(feedback)


def test_16_and_older_the_young_person_who_wrote_may_see_and_erase(
    tmp_path, django_capture_on_commit_callbacks
):
    feedback = _closed(submitter_role="young_person", age_band="16_plus")
    data, _ = _export(tmp_path)
    assert [d["kenmerk"] for d in data["dossiers"]] == [feedback.reference]
    with django_capture_on_commit_callbacks(execute=True):
        _erase()
    assert _erased(feedback)
