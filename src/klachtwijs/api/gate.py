"""May this action happen to this dossier now? The API asks the core, nothing else.

The web asks the same function (`workflow.actions_for`: what the state allows, intersected with
what the role may do) and refuses with the same Dutch sentence (`workflow.refusal`), so both
doors offer and refuse exactly the same.
"""

from django.utils.translation import gettext as _

from klachtwijs.api.errors import Conflict
from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import User

# Every name the core may answer with; the enum of `allowed_actions` in the schema. The API has
# an endpoint for each (`klantreacties/{id}/<action>/`); `committee` is `judge` with
# `by_committee`, `escalation` is a POST to `escalations/` (its end: `escalation_end/`).
ACTION_NAMES = sorted(workflow.staff_actions())


def actions_allowed(*, user: User, feedback: Feedback) -> set[str]:
    """What `user` may do to `feedback` now: the one answer every door uses."""
    return workflow.actions_for(user=user, feedback=feedback)


def action_require(*, user: User, feedback: Feedback, action: str) -> None:
    """Raise a 409 with the core's Dutch reason when `action` may not happen now."""
    if action not in actions_allowed(user=user, feedback=feedback):
        raise Conflict(
            workflow.refusal(feedback, action) or _("U kunt dit niet doen bij deze klantreactie.")
        )
