"""What the parent is told about where their klantreactie stands: one text per situation, for the
confirmation page and the private status page alike (issue 16), so the two never disagree."""

from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback.models import Feedback, Status

# A safety concern goes the meldcode route (LEGAL.md M1): the meldcode officer, not the quality
# department, reads it and contacts the parent. Calm, true, and with the numbers for urgent help.
MELDCODE_NEXT_STEPS = _(
    "U maakt zich zorgen over de veiligheid van een kind. Onze aandachtsfunctionaris leest uw "
    "bericht zo snel mogelijk en volgt de stappen van de meldcode. Zij of hij neemt snel contact "
    "met u op. Is er direct gevaar? Bel dan 112. Voor advies kunt u ook Veilig Thuis bellen: "
    "0800-2000 (gratis, dag en nacht)."
)

STATUS_TEXT = {
    Status.RECEIVED: _(
        "Wij hebben uw bericht ontvangen. De afdeling kwaliteit bekijkt het zo snel mogelijk."
    ),
    Status.REGISTERED: _("Uw bericht is geregistreerd. Wij zoeken iemand die het gaat behandelen."),
    Status.IN_PROGRESS: _("Een behandelaar is met uw bericht bezig."),
    Status.ANSWERED: _("U hebt ons schriftelijke antwoord gekregen."),
    Status.MELDCODE: MELDCODE_NEXT_STEPS,
    Status.CLOSED: _("Uw klantreactie is afgesloten."),
}


def next_steps_text(feedback: Feedback) -> str:
    """The one sentence (or few) on where the parent's klantreactie stands and who acts now.
    A dossier in the meldcode route, from the moment it is received, gets the meldcode text
    (the same as on the confirmation page) until it is closed."""
    if feedback.is_restricted and feedback.status != Status.CLOSED:
        return str(MELDCODE_NEXT_STEPS)
    return str(STATUS_TEXT.get(feedback.status, ""))
