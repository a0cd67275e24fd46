"""The events a subscription can choose, with their Dutch labels.

This app sits below the dossier (`feedback`) in the layers, so it cannot read the workflow
itself: `klachtwijs.feedback.webhooks` derives the list from `workflow.TRANSITIONS` and fills
it here when the app is ready (`FeedbackConfig.ready`). Nobody else writes it.
"""

EVENTS: dict[str, str] = {}


def register(events: dict[str, str]) -> None:
    EVENTS.clear()
    EVENTS.update(events)


def choices() -> list[tuple[str, str]]:
    return list(EVENTS.items())
