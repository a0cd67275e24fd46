"""Export the demo register, import it into an empty database: the same figures come out."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from klachtwijs.feedback.models import (
    Channel,
    Feedback,
    Improvement,
    Judgment,
    ReferenceCounter,
    Situation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organisation, loaded once for this module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _dossiers() -> dict[str, tuple]:
    """Per dossier number what the report counts, computed here from the rows themselves."""
    latest = Judgment.objects.filter(feedback=OuterRef("pk")).order_by("-decided_on", "-pk")
    rows = Feedback.objects.annotate(outcome=Subquery(latest.values("outcome")[:1]))
    return {
        f.reference: (
            timezone.localdate(f.received_at),
            f.kind,
            f.location.name,
            f.service.name,
            f.category.name if f.category else None,
            f.outcome,
            f.status,
            f.closure_reason,
            f.is_restricted,
            f.answer_due,
            f.answered_at and timezone.localdate(f.answered_at),
            f.closed_at and timezone.localdate(f.closed_at),
        )
        for f in rows.select_related("location", "service", "category")
    }


def _counts(dossiers: dict[str, tuple]) -> Counter:
    """year × kind × location × outcome × status, as the issue asks."""
    return Counter((d[0].year, d[1], d[2], d[5], d[6]) for d in dossiers.values())


def _situations() -> list[list[str]]:
    groups = [
        sorted(s.feedback.values_list("reference", flat=True)) for s in Situation.objects.all()
    ]
    return sorted(groups)


def _report_figures(year: int) -> dict:
    from klachtwijs.reports.figures import Scope, year_figures

    figures = year_figures(Scope(year=year))
    keep = ["total", "meldcode", "complaints", "by_kind", "by_category", "by_location"]
    keep += ["by_service", "by_outcome", "answered", "answered_in_time", "median_days"]
    keep += ["longest_days"]
    return {name: getattr(figures, name) for name in keep}


def _empty_the_register() -> None:
    Improvement.feedback.through.objects.all().delete()
    Feedback.objects.all().delete()  # with its events, judgments, measures, escalations
    Situation.objects.all().delete()
    ReferenceCounter.objects.all().delete()


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_an_empty_register_gives_the_same_figures(tmp_path, suffix):
    before, situations = _dossiers(), _situations()
    years = sorted({d[0].year for d in before.values()})
    figures = {year: _report_figures(year) for year in years}
    assert Counter(d[1] for d in before.values()).keys() == {
        "complaint",
        "suggestion",
        "compliment",
        "signal",
    }
    path = tmp_path / f"register{suffix}"
    call_command("export_register", str(path), stdout=io.StringIO())

    _empty_the_register()
    assert Feedback.objects.count() == 0
    call_command("import_register", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert not Feedback.objects.exclude(channel=Channel.IMPORT).exists()
    after = _dossiers()
    assert _counts(after) == _counts(before)
    # Dossier numbers follow the date of receipt, so each dossier is itself again.
    assert after == before
    assert _situations() == situations
    assert {year: _report_figures(year) for year in years} == figures


@pytest.mark.usefixtures("demo")
def test_export_of_one_year_has_only_that_year(tmp_path):
    path = tmp_path / "2025.csv"
    call_command("export_register", str(path), "--year", "2025", stdout=io.StringIO())
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    expected = Feedback.objects.filter(received_at__year=2025).count()
    assert len(lines) - 1 == expected
    assert all("-2025;" in line.split(";", 2)[1] + ";" for line in lines[1:])
