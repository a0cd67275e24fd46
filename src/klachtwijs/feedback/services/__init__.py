"""The only writers of a dossier: one public service per intent, and every door calls it.

Each function is one database transaction: it locks the dossier row, asks `workflow.check`
whether the action may happen now, changes the row, writes the `Event` and queues any mail in
the same transaction. Each takes the moment of the action as `at` (default now), so an import or
the demo dates its steps without rewriting history afterwards. Nothing else assigns
`Feedback.status` (a test makes sure). `walk_to` takes a dossier to a status through these
services, for tests, the importer and the demo alike.
"""

from klachtwijs.feedback.services._base import (
    BAD_RESOLVE_REASON,
    ESCALATION_DATES,
    HANDLER_NOT_ACTIVE,
    MEASURE_NEEDS_DATE,
    NEEDS_CONTACT,
    NEEDS_MEASURES,
    NEEDS_TEXT,
    RATING_NOT_CLOSED,
    RATING_RANGE,
    RESOLVE_REASONS,
    SERVICE_NOT_AT_LOCATION,
    SITUATION_TOO_FEW,
    Child,
    MeasureInput,
)
from klachtwijs.feedback.services.backoffice import (
    MELDCODE_STEPS_MISSING,
    TEAM_NO_ADDRESS,
    feedback_share_with_team,
    meldcode_close,
    meldcode_concerned_set,
    meldcode_required_steps,
    meldcode_start,
    meldcode_step_record,
)
from klachtwijs.feedback.services.dossier import (
    COMMITTEE_MEASURES_FOLLOW,
    feedback_assign,
    feedback_close,
    feedback_receive,
    feedback_register,
    feedback_reopen,
    feedback_resolve,
    feedback_withdraw,
)
from klachtwijs.feedback.services.judgment import (
    MEASURES_REQUIRED,
    SENT_OUTSIDE,
    feedback_extend,
    feedback_judge,
    feedback_judgment_record,
    judgment_add_measures,
)
from klachtwijs.feedback.services.parent import (
    PARENT_INFO_CLOSED,
    PARENT_INFO_EMPTY,
    ParentFile,
    feedback_add_parent_info,
    feedback_attach_parent_files,
)
from klachtwijs.feedback.services.privacy import (
    ANONYMISED_EVENT,
    ANONYMISED_MEASURE,
    ANONYMISED_TEXT,
    feedback_anonymise,
)
from klachtwijs.feedback.services.timeline import (
    MEASURE_ALREADY_DONE,
    escalation_end,
    escalation_record,
    feedback_add_note,
    feedback_log_contact,
    feedback_rate,
    feedback_set_report_texts,
    feedback_share_message,
    improvement_record,
    measure_complete,
    situation_link,
)
from klachtwijs.feedback.services.walk import walk_to

__all__ = [
    "SERVICE_NOT_AT_LOCATION",
    "NEEDS_CONTACT",
    "NEEDS_MEASURES",
    "MEASURE_NEEDS_DATE",
    "NEEDS_TEXT",
    "HANDLER_NOT_ACTIVE",
    "RESOLVE_REASONS",
    "BAD_RESOLVE_REASON",
    "RATING_RANGE",
    "RATING_NOT_CLOSED",
    "SITUATION_TOO_FEW",
    "ESCALATION_DATES",
    "COMMITTEE_MEASURES_FOLLOW",
    "MEASURES_REQUIRED",
    "MEASURE_ALREADY_DONE",
    "SENT_OUTSIDE",
    "Child",
    "MeasureInput",
    "feedback_receive",
    "feedback_register",
    "feedback_assign",
    "feedback_extend",
    "feedback_judge",
    "feedback_judgment_record",
    "judgment_add_measures",
    "feedback_close",
    "feedback_resolve",
    "feedback_withdraw",
    "feedback_reopen",
    "feedback_log_contact",
    "feedback_add_note",
    "feedback_share_message",
    "feedback_rate",
    "feedback_set_report_texts",
    "situation_link",
    "escalation_record",
    "escalation_end",
    "measure_complete",
    "improvement_record",
    "PARENT_INFO_CLOSED",
    "PARENT_INFO_EMPTY",
    "ParentFile",
    "feedback_attach_parent_files",
    "feedback_add_parent_info",
    "MELDCODE_STEPS_MISSING",
    "TEAM_NO_ADDRESS",
    "meldcode_required_steps",
    "meldcode_start",
    "meldcode_step_record",
    "meldcode_close",
    "meldcode_concerned_set",
    "feedback_share_with_team",
    "ANONYMISED_TEXT",
    "ANONYMISED_MEASURE",
    "ANONYMISED_EVENT",
    "feedback_anonymise",
    "walk_to",
]
