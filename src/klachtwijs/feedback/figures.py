"""Figures that more than one door shows, counted once (ADR 0007).

The parents' answers about measures (issue 16, LEGAL.md H4): the management dashboard
(`selectors.dashboard_figures`, over the chosen period and the viewer's scope), the annual report
and the API's figures (`reports.figures.year_figures`, over a year's complaints) all count them
with `parent_answer_counts` and read the result with `ParentAnswers.of`, so "confirmed by
parents" means one thing everywhere. Each door only chooses WHICH measures (its period and
scope); how they are counted is decided here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from klachtwijs.feedback.models import Measure, ParentAnswer

# Put to the parent ("Is dit gebeurd?"), never in a meldcode dossier: those are only a count
# (LEGAL.md M4). The meldcode route stops the questions, but one asked before it started
# would otherwise still be counted.
_ASKED = Q(parent_asked_at__isnull=False, feedback__is_restricted=False)


def parent_answer_counts() -> dict[str, Count]:
    """THE count of the parents' answers, as aggregates over Measure rows, to fold into a
    caller's own `aggregate()` (the report counts its measures in the same query): how many
    measures were put to the parent, how many they confirmed (yes), denied (no) or left
    unanswered. The latest answer counts (`measure_parent_answer`)."""
    return {
        "parent_asked": Count("pk", filter=_ASKED),
        "parent_confirmed": Count("pk", filter=_ASKED & Q(parent_answer=ParentAnswer.YES)),
        "parent_denied": Count("pk", filter=_ASKED & Q(parent_answer=ParentAnswer.NO)),
        "parent_unanswered": Count("pk", filter=_ASKED & Q(parent_answer="")),
    }


@dataclass(frozen=True)
class ParentAnswers:
    """The parents' answers about the measures put to them, and `share`: the share (0–100,
    one decimal) of them the parents confirmed happened; None when none was put to a parent."""

    asked: int = 0
    confirmed: int = 0
    denied: int = 0
    unanswered: int = 0
    share: float | None = field(init=False)

    def __post_init__(self) -> None:
        share = round(100 * self.confirmed / self.asked, 1) if self.asked else None
        object.__setattr__(self, "share", share)

    @classmethod
    def of(cls, row: Mapping[str, int]) -> "ParentAnswers":
        """From the result of an `aggregate()` that included `parent_answer_counts()`."""
        return cls(
            asked=row["parent_asked"],
            confirmed=row["parent_confirmed"],
            denied=row["parent_denied"],
            unanswered=row["parent_unanswered"],
        )


def parent_answers(measures: QuerySet[Measure]) -> ParentAnswers:
    """The parents' answers about `measures` (the caller's period and scope), in one query."""
    return ParentAnswers.of(measures.aggregate(**parent_answer_counts()))
