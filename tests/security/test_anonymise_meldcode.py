"""Anonymising a meldcode dossier clears every free text, and the employee it is about stays
shut out of what remains, in every role they can hold (LEGAL.md M2, P2)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Escalation, Feedback, MeldcodeStep
from klachtwijs.feedback.services.privacy import ANONYMISED_TEXT
from klachtwijs.organisation import access
from klachtwijs.register.export import register_rows
from tests.concerned import meldcode_about
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

NAMED = "Besluit: melding over medewerker Betrokken bij de vertrouwensinspecteur."
SUMMARY = "Vertrouwensinspecteur gesproken over medewerker Betrokken."


def _anonymised(role: str):
    def escalate(feedback, officer):
        services.escalation_record(
            feedback_id=feedback.pk,
            by=officer,
            body=Escalation.Body.IGJ,
            started_on=timezone.localdate() - dt.timedelta(days=1),
            summary=SUMMARY,
        )

    case = meldcode_about(role, before_meldcode=escalate)
    feedback = case.feedback
    services.meldcode_step_record(
        feedback_id=feedback.pk,
        step=MeldcodeStep.Step.INSPECTOR,
        at=timezone.now(),
        decision=NAMED,
        by=case.meldcode_officer,
    )
    Feedback.objects.filter(pk=feedback.pk).update(report_summary=SUMMARY, report_handling=SUMMARY)
    services.feedback_anonymise(feedback_id=feedback.pk, by=case.meldcode_officer)
    case.feedback = Feedback.objects.get(pk=feedback.pk)
    return case


@pytest.mark.parametrize(
    "role", ["handler", "designated_officer", "meldcode_officer", "quality_lead"]
)
def test_after_anonymising_the_employee_concerned_still_sees_nothing(client, role):
    case = _anonymised(role)
    feedback, concerned = case.feedback, case.concerned
    assert feedback.anonymised_at is not None
    assert feedback.concerned_employee == concerned  # kept: M2's protection
    assert not access.feedback_visible(concerned).filter(pk=feedback.pk).exists()

    login_staff(client, concerned)
    page = reverse("staff:dossier", args=[feedback.pk])
    assert client.get(page).status_code == 404
    # The checklist: 404, or 403 for a role without the meldcode action (for any dossier).
    checklist = client.get(reverse("staff:meldcode", args=[feedback.pk]))
    assert checklist.status_code in (403, 404)
    assert NAMED not in checklist.content.decode()
    for query in ({}, {"q": feedback.reference}):
        assert page not in client.get(reverse("staff:home"), query).content.decode()
    # A colleague in the meldcode route still opens it, and finds no text that names anyone.
    login_staff(client, case.meldcode_officer)
    assert page in client.get(reverse("staff:home")).content.decode()
    checklist = client.get(reverse("staff:meldcode", args=[feedback.pk]))
    assert checklist.status_code == 200
    assert NAMED not in checklist.content.decode()


def test_anonymising_clears_meldcode_decisions_escalation_summaries_and_report_texts():
    case = _anonymised("quality_lead")
    feedback = case.feedback
    assert set(feedback.meldcode_steps.values_list("decision", flat=True)) == {ANONYMISED_TEXT}
    assert set(feedback.escalations.values_list("summary", flat=True)) == {ANONYMISED_TEXT}
    assert (feedback.report_summary, feedback.report_handling) == ("", "")
    assert SUMMARY not in str(register_rows())
