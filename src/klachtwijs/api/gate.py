"""May this action happen to this dossier now? The API asks the core, nothing else.

The web asks the same function (`dossier_actions`: what the state allows, intersected with what
the role may do) and refuses with the same Dutch sentence (`refusal`), so both doors offer and
refuse exactly the same. This module is the API's only import of them: when they move (to
`workflow.py`), only the two lines below change.
"""

from klachtwijs.api.errors import Conflict
from klachtwijs.feedback import dossier_selectors as core
from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import User

# Every name the core may answer with; the enum of `allowed_actions` in the schema. The API has
# an endpoint for most; `committee` is `judge` with `by_committee`, `escalation` is a POST to
# `escalations/`; the others are done in the back office for now.
ACTION_NAMES = sorted(
    {*workflow.TRANSITIONS, *core.TIMELINE_ACTIONS, "committee", "send_judgment", "measure"}
)


def actions_allowed(*, user: User, feedback: Feedback) -> set[str]:
    """What `user` may do to `feedback` now: the one answer every door uses."""
    return core.dossier_actions(user=user, feedback=feedback)


def action_require(*, user: User, feedback: Feedback, action: str) -> None:
    """Raise a 409 with the core's Dutch reason when `action` may not happen now."""
    if action not in actions_allowed(user=user, feedback=feedback):
        raise Conflict(core.refusal(feedback=feedback, action=action))
