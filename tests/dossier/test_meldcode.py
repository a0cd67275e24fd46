"""The meldcode route: restricted visibility and the checklist (LEGAL.md M1, M2, M4)."""

from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback, MeldcodeStep, Status
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory


def _start(client, feedback, **extra):
    return client.post(
        reverse("staff:meldcode_start", args=[feedback.pk]), {"text": "Signalen.", **extra}
    )


def _step(client, feedback, step):
    return client.post(
        reverse("staff:meldcode", args=[feedback.pk]),
        {
            "step": step,
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "decision": f"Besluit bij {step}.",
        },
    )


def test_restricted_dossier_only_for_meldcode_officer_and_quality_lead(
    db, as_user, location, officer, handler, lead, meldcode_officer
):
    feedback = FeedbackFactory(location=location, meldcode=True)
    url = reverse("staff:dossier", args=[feedback.pk])

    assert as_user(meldcode_officer).get(url).status_code == 200
    assert as_user(lead).get(url).status_code == 200
    assert as_user(officer).get(url).status_code == 404
    assert as_user(handler).get(url).status_code == 404
    management = UserFactory(role=Role.MANAGEMENT)
    assert as_user(management).get(url).status_code == 404


def test_concerned_employee_never_sees_the_dossier(db, as_user, location, handler, lead):
    feedback = FeedbackFactory(location=location, registered=True)
    suspect = UserFactory(role=Role.QUALITY_LEAD)

    response = _start(as_user(handler), feedback, concerned_employee=suspect.pk)

    assert response.status_code == 302
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert feedback.status == Status.MELDCODE
    assert feedback.concerned_employee == suspect
    for name in ("dossier", "meldcode"):
        url = reverse(f"staff:{name}", args=[feedback.pk])
        assert as_user(suspect).get(url).status_code == 404
        assert as_user(lead).get(url).status_code == 200
    # The handler who started it no longer sees it either: only the meldcode people do.
    assert as_user(handler).get(reverse("staff:dossier", args=[feedback.pk])).status_code == 404


def test_checklist_shows_steps_and_closing_needs_all_of_them(
    db, as_user, location, meldcode_officer
):
    feedback = FeedbackFactory(location=location, meldcode=True)
    client = as_user(meldcode_officer)
    close_url = reverse("staff:meldcode_close", args=[feedback.pk])

    refused = client.post(close_url, {"text": "Klaar"})
    assert refused.status_code == 200
    assert "Leg eerst deze stappen vast" in refused.content.decode()

    for step in ("signals", "consult", "parent_talk", "weigh", "decide"):
        assert _step(client, feedback, step).status_code == 302
    page = client.get(reverse("staff:meldcode", args=[feedback.pk])).content.decode()
    assert "Besluit bij weigh." in page
    assert "nog niet gedaan" not in page

    assert client.post(close_url, {"text": "Klaar"}).status_code == 302
    assert Feedback.objects.get(pk=feedback.pk).closure_reason == "meldcode"


def test_suspicion_about_employee_requires_the_vertrouwensinspecteur(
    db, as_user, location, lead, meldcode_officer
):
    feedback = FeedbackFactory(location=location, registered=True)
    suspect = UserFactory(role=Role.HANDLER, locations=[location])
    _start(as_user(lead), feedback, concerned_employee=suspect.pk)
    client = as_user(meldcode_officer)
    for step in ("signals", "consult", "parent_talk", "weigh", "decide"):
        _step(client, feedback, step)

    refused = client.post(reverse("staff:meldcode_close", args=[feedback.pk]), {"text": "Klaar"})

    assert "vertrouwensinspecteur" in refused.content.decode()
    assert _step(client, feedback, "inspector").status_code == 302
    step = MeldcodeStep.objects.get(feedback=feedback, step="inspector")
    assert step.at is not None
    assert step.by == meldcode_officer
    ok = client.post(reverse("staff:meldcode_close", args=[feedback.pk]), {"text": "Klaar"})
    assert ok.status_code == 302


def test_meldcode_steps_are_not_visible_to_the_parent(db, location, meldcode_officer):
    feedback = FeedbackFactory(location=location, meldcode=True)

    services.meldcode_step_record(
        feedback_id=feedback.pk,
        step="signals",
        at=timezone.now(),
        decision="Vastgelegd",
        by=meldcode_officer,
    )

    assert not feedback.events.filter(kind="meldcode", visible_to_parent=True).exists()


def test_future_moment_is_refused(db, as_user, location, meldcode_officer):
    feedback = FeedbackFactory(location=location, meldcode=True)
    later = timezone.localtime() + timezone.timedelta(days=2)

    response = as_user(meldcode_officer).post(
        reverse("staff:meldcode", args=[feedback.pk]),
        {"step": "signals", "at": later.strftime("%Y-%m-%dT%H:%M"), "decision": "X"},
    )

    assert response.status_code == 200
    assert "in de toekomst" in response.content.decode()
    assert not MeldcodeStep.objects.exists()
