"""Taking a dossier to a status through the real services (STYLE.md §14).

`walk_to` serves the test factories, the register importer and the demo: the chain of moves
comes from `workflow.TRANSITIONS`, each move is made by its one public service and dated by
`at` (or `moments[action]`), so nothing is rewritten afterwards.
"""

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import (
    Category,
    ClosureReason,
    Event,
    Feedback,
    Kind,
    MeldcodeStep,
    Outcome,
    Status,
)
from klachtwijs.feedback.services._base import HANDLER_NOT_ACTIVE, MeasureInput
from klachtwijs.feedback.services.backoffice import (
    meldcode_close,
    meldcode_required_steps,
    meldcode_start,
    meldcode_step_record,
)
from klachtwijs.feedback.services.dossier import (
    feedback_assign,
    feedback_close,
    feedback_register,
    feedback_resolve,
    feedback_withdraw,
)
from klachtwijs.feedback.services.judgment import feedback_judge, feedback_judgment_record
from klachtwijs.feedback.services.timeline import feedback_log_contact
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User

# The move into `closed` for each closure reason; the others close without judgment.
CLOSING = {
    ClosureReason.JUDGED: "close",
    ClosureReason.WITHDRAWN: "withdraw",
    ClosureReason.MELDCODE: "close_meldcode",
}
CLOSING_MOVES = frozenset({"close", "resolve", "withdraw", "close_meldcode"})


def route(kind: str, start: str, target: str, *, closure: str) -> list[str]:
    """The shortest chain of moves in `workflow.TRANSITIONS` from `start` to `target` for this
    kind, closing with the move that fits `closure`; the meldcode route only when the dossier
    is to end up in it, and never `reopen` or the committee's judgment."""
    closing = CLOSING.get(closure, "resolve")
    meldcode = target == Status.MELDCODE or closing == "close_meldcode"
    moves = [
        t
        for t in workflow.TRANSITIONS.values()
        if t.target is not None
        and kind in t.kinds
        and t.action not in ("reopen", "committee")
        and (t.action not in CLOSING_MOVES or t.action == closing)
        and (meldcode or t.action != "start_meldcode")
    ]
    paths: dict[str, list[str]] = {start: []}
    queue = deque([start])
    while queue:
        status = queue.popleft()
        for move in moves:
            if status in move.sources and move.target not in paths:
                paths[move.target] = [*paths[status], move.action]
                queue.append(move.target)
    if target not in paths:
        raise ValueError(f"no route from {start} to {target} for a {kind} closing by {closing}")
    return paths[target]


@dataclass(frozen=True)
class Judging:
    """What a walked dossier's judgment says (defaults for tests and the demo)."""

    outcome: str = Outcome.PARTLY_FOUNDED
    reasoning: str = "Na gesprekken met de ouder en het team is het oordeel gegeven."
    measures: Sequence[MeasureInput] = ()
    no_measures_reason: str = ""
    decided_on: date | None = None
    contact: str = "Gesprek met de ouder."
    contact_channel: str = Event.ContactChannel.MEETING
    # False: the judgment was given and sent outside Klachtwijs (a register import).
    letter: bool = True


DEFAULT_JUDGING = Judging()


@dataclass(frozen=True)
class _Walk:
    feedback: Feedback
    by: User
    handler: User | None
    judging: Judging
    closure: str
    text: str
    moments: Mapping[str, datetime] = field(default_factory=dict)
    at: datetime | None = None

    def when(self, action: str) -> datetime:
        return self.moments.get(action) or self.at or timezone.now()


def _register(w: _Walk, at: datetime) -> None:
    f = w.feedback
    category = f.category or Category.objects.filter(is_active=True).order_by("pk").first()
    feedback_register(
        feedback_id=f.pk,
        by=w.by,
        kind=f.kind,
        category=category,
        location=f.location,
        service=f.service,
        at=at,
    )


def _assign(w: _Walk, at: datetime) -> None:
    if w.handler is None:
        raise ValidationError({"handler": gettext(HANDLER_NOT_ACTIVE)})
    feedback_assign(feedback_id=w.feedback.pk, handler=w.handler, by=w.by, at=at)


def _judge(w: _Walk, at: datetime) -> None:
    j, fid = w.judging, w.feedback.pk
    if not Event.objects.filter(feedback_id=fid, kind=Event.Kind.CONTACT).exists():
        feedback_log_contact(
            feedback_id=fid,
            by=w.handler or w.by,
            channel=j.contact_channel,
            on=timezone.localdate(at),
            summary=j.contact,
            at=at,
        )
    judge = feedback_judge if j.letter else feedback_judgment_record
    judge(
        feedback_id=fid,
        by=w.handler or w.by,
        outcome=j.outcome,
        reasoning=j.reasoning,
        measures=j.measures,
        no_measures_reason=j.no_measures_reason
        or ("" if j.measures else "Er zijn geen maatregelen nodig."),
        decided_on=j.decided_on or timezone.localdate(at),
        at=at,
    )


def _close_meldcode(w: _Walk, at: datetime) -> None:
    """Record the steps not recorded yet (each says `text`), then end the route."""
    fid, officer = w.feedback.pk, w.by or w.handler
    if officer is None:  # a step names who decided (LEGAL.md M1)
        raise ValidationError({"by": gettext(HANDLER_NOT_ACTIVE)})
    done = set(w.feedback.meldcode_steps.values_list("step", flat=True))
    feedback = Feedback.objects.get(pk=fid)
    decider = access.meldcode_decider(feedback) or officer  # step 5 is the named decider's
    for step in meldcode_required_steps(feedback=feedback):
        if step not in done:
            by = decider if step == MeldcodeStep.Step.DECIDE else officer
            meldcode_step_record(feedback_id=fid, step=step, at=at, decision=w.text, by=by)
    meldcode_close(feedback_id=fid, text=w.text, by=officer, at=at)


STEPS = {
    "register": _register,
    "assign": _assign,
    "judge": _judge,
    "close": lambda w, at: feedback_close(feedback_id=w.feedback.pk, by=w.by, at=at),
    "resolve": lambda w, at: feedback_resolve(
        feedback_id=w.feedback.pk, reason=w.closure, text=w.text, by=w.by, at=at
    ),
    "withdraw": lambda w, at: feedback_withdraw(
        feedback_id=w.feedback.pk, text=w.text, by=w.by, at=at
    ),
    "start_meldcode": lambda w, at: meldcode_start(
        feedback_id=w.feedback.pk, text=w.text, by=w.by, at=at
    ),
    "close_meldcode": _close_meldcode,
}


def walk_to(
    feedback: Feedback,
    status: str,
    *,
    by: User,
    handler: User | None = None,
    closure: str | None = None,
    judging: Judging = DEFAULT_JUDGING,
    text: str = "Afgehandeld.",
    at: datetime | None = None,
    moments: Mapping[str, datetime] | None = None,
) -> Feedback:
    """Take `feedback` from its status to `status` through the public services.

    `by` registers, assigns and closes; `handler` is assigned and judges. `closure` says how a
    dossier closes (default: with the judgment for a complaint, else handled without one).
    Every step happens at `at` (default now), or at `moments[action]` where given.
    """
    if closure is None:
        closure = ClosureReason.JUDGED if feedback.kind == Kind.COMPLAINT else ClosureReason.HANDLED
    walk = _Walk(feedback, by, handler, judging, closure, text, moments or {}, at)
    for action in route(feedback.kind, feedback.status, status, closure=closure):
        STEPS[action](walk, walk.when(action))
    return Feedback.objects.get(pk=feedback.pk)
