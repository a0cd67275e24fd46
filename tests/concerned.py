"""A meldcode dossier about an employee (LEGAL.md M2), for the tests that prove the employee
concerned is never shown, counted or told anything of it, whatever their role."""

from dataclasses import dataclass

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Location, Role, User
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import FeedbackFactory, LocationFactory, UserFactory

# Every role the employee concerned can hold while working on dossiers, with what else they are.
ROLES: dict[str, dict[str, object]] = {
    "handler": {"role": Role.HANDLER},
    "quality_officer": {"role": Role.QUALITY_OFFICER},
    "designated_officer": {"role": Role.QUALITY_OFFICER, "meldcode_designated": True},
    "meldcode_officer": {"role": Role.MELDCODE_OFFICER},
    "quality_lead": {"role": Role.QUALITY_LEAD},
    "management": {"role": Role.MANAGEMENT},
}


@dataclass
class Case:
    feedback: Feedback
    concerned: User
    location: Location
    meldcode_officer: User


def meldcode_about(role: str, before_meldcode=None) -> Case:
    """A complaint handled and judged with a measure owned by the employee (when their role may
    handle an ordinary dossier), reopened, then put in the meldcode route about them. The
    employee works at the location, manages it, and the complaints officer's address is
    theirs: every way they could be told."""
    location = LocationFactory()
    concerned = UserFactory(locations=[location], email="betrokken@example.nl", **ROLES[role])
    officer = UserFactory(role=Role.QUALITY_OFFICER, email="kwaliteit@example.nl")
    UserFactory(role=Role.QUALITY_LEAD, email="hoofd@example.nl")
    UserFactory(role=Role.QUALITY_OFFICER, meldcode_designated=True, email="aangewezen@example.nl")
    meldcode_officer = UserFactory(role=Role.MELDCODE_OFFICER, email="amk@example.nl")
    # The meldcode officer handles only meldcode dossiers: a colleague handles theirs.
    handles = role != "meldcode_officer"
    location.manager = (
        concerned if handles else UserFactory(locations=[location], email="leiding@example.nl")
    )
    location.save()
    organisation = organisation_get()
    organisation.complaints_officer_email = "BETROKKEN@example.nl"
    organisation.save()
    feedback = FeedbackFactory(location=location, closed=True)
    services.feedback_reopen(feedback_id=feedback.pk, reason="Nieuwe feiten.", by=officer)
    if before_meldcode is not None:  # what the ordinary procedure recorded before the route
        before_meldcode(feedback, officer)
    services.meldcode_start(
        feedback_id=feedback.pk, text="Signalen.", by=meldcode_officer, concerned_employee=concerned
    )
    feedback = Feedback.objects.get(pk=feedback.pk)
    return Case(feedback, concerned, location, meldcode_officer)
