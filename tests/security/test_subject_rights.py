"""Data-subject rights (issue 7.3): a parent's data by e-mail address as JSON and PDF, and
erased where no retention duty stands in the way; both recorded in the access log."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from klachtwijs.core.models import AccessLog
from klachtwijs.feedback import services
from klachtwijs.feedback.models import Escalation, Feedback
from klachtwijs.privacy.subject_rights import subject_erase, subject_export
from klachtwijs.reports.models import AnnualReport
from tests.factories import FeedbackFactory, unmatched_mail

pytestmark = pytest.mark.django_db
EMAIL = "fleur@example.nl"


@pytest.fixture
def dossiers(officer):
    closed = FeedbackFactory(answered=True, children=[services.Child("Noor", "Egeltjes")])
    today = timezone.localdate()
    services.feedback_log_contact(
        feedback_id=closed.pk, by=officer, channel="phone", on=today, summary="Intern"
    )
    services.feedback_add_note(feedback_id=closed.pk, by=officer, text="Interne notitie")
    closed = services.feedback_close(feedback_id=closed.pk, by=officer)
    open_one = FeedbackFactory(submitter_email="FLEUR@example.nl", description="Tweede klacht")
    other = FeedbackFactory(submitter_email="ander@example.nl", submitter_name="Ander")
    AnnualReport.objects.create(year=timezone.localdate().year, sent_on=timezone.localdate())
    return closed, open_one, other


def test_the_export_holds_everything_about_the_parent_and_nothing_else(dossiers, officer):
    closed, open_one, other = dossiers
    data = subject_export(EMAIL, by=officer)
    references = [d["kenmerk"] for d in data["dossiers"]]
    assert sorted(references) == sorted([closed.reference, open_one.reference])
    first = next(d for d in data["dossiers"] if d["kenmerk"] == closed.reference)
    assert first["naam"] == "Fleur de Vries"
    assert first["telefoon"] == "0612345678"
    assert first["kinderen"] == [{"first_name": "Noor", "group": "Egeltjes"}]
    assert first["oordelen"][0]["oordeel"] == "deels gegrond"
    # Only the timeline entries the parent may see; internal notes stay inside.
    texts = [e["tekst"] for e in first["tijdlijn"]]
    assert "Interne notitie" not in texts
    assert "Uw klantreactie is afgesloten." in texts
    assert data["berichten"]
    assert {m["aan"].lower() for m in data["berichten"]} == {EMAIL}
    assert "Ander" not in json.dumps(data)


def test_the_export_reads_a_fixed_number_of_queries(dossiers, officer):
    with CaptureQueriesContext(connection) as two:
        subject_export(EMAIL, by=officer)
    for _ in range(3):
        FeedbackFactory(closed=True)
    with CaptureQueriesContext(connection) as five:
        subject_export(EMAIL, by=officer)
    selects = [q for q in five.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == len([q for q in two.captured_queries if q["sql"].startswith("SELECT")])


def test_the_export_command_writes_json_and_pdf_and_both_are_logged(dossiers, tmp_path, officer):
    closed, open_one, _ = dossiers
    json_file, pdf_file = tmp_path / "fleur.json", tmp_path / "fleur.pdf"
    out = io.StringIO()
    call_command(
        "subject_export", EMAIL, "--output", str(json_file), "--by", officer.username, stdout=out
    )
    assert "2 dossier(s)" in out.getvalue()
    assert len(json.loads(json_file.read_text())["dossiers"]) == 2
    pdf = ["--format", "pdf", "--output", str(pdf_file), "--by", officer.username]
    call_command("subject_export", EMAIL, *pdf, stdout=out)
    text = " ".join(page.extract_text() for page in PdfReader(pdf_file).pages)
    assert closed.reference in text
    assert "Fleur de Vries" in text
    assert "Noor" in text
    rows = AccessLog.objects.filter(action=AccessLog.Action.SUBJECT_EXPORT)
    assert rows.count() == 4  # two runs, one row per dossier
    assert set(rows.values_list("feedback_id", flat=True)) == {closed.pk, open_one.pk}
    assert rows.filter(user=officer).count() == 4  # who ran it, on every row
    # The log holds ids and counts, never the address itself.
    assert not AccessLog.objects.filter(detail__icontains="fleur").exists()


def test_erase_anonymises_closed_dossiers_and_keeps_open_ones(
    dossiers, officer, django_capture_on_commit_callbacks
):
    closed, open_one, other = dossiers
    with django_capture_on_commit_callbacks(execute=True):
        result = subject_erase(EMAIL, by=officer)
    assert [d.reference for d in result.erased] == [closed.reference]
    assert [(d.reference, d.held_because) for d in result.held] == [
        (open_one.reference, ("het dossier is nog niet afgesloten",))
    ]
    closed.refresh_from_db()
    assert (closed.submitter_name, closed.submitter_email, closed.children) == ("", "", [])
    assert closed.anonymised_at is not None
    assert Feedback.objects.get(pk=open_one.pk).submitter_name == "Fleur de Vries"
    assert Feedback.objects.get(pk=other.pk).submitter_name == "Ander"
    rows = AccessLog.objects.filter(action=AccessLog.Action.SUBJECT_ERASE, user=officer)
    assert set(rows.values_list("feedback_id", flat=True)) == {closed.pk, open_one.pk}
    # What was erased is no longer found by address.
    assert [d["kenmerk"] for d in subject_export(EMAIL, by=officer)["dossiers"]] == [
        open_one.reference
    ]


def test_erase_waits_for_an_open_escalation_and_an_unsent_report(dossiers, officer):
    closed, _, _ = dossiers
    services.escalation_record(
        feedback_id=closed.pk,
        by=officer,
        body=Escalation.Body.KLACHTENLOKET,
        started_on=timezone.localdate(),
    )
    AnnualReport.objects.all().delete()
    result = subject_erase(EMAIL, by=officer)
    assert result.erased == []
    reasons = {d.reference: d.held_because for d in result.held}
    year = timezone.localdate().year
    region = closed.location.region.name
    assert reasons[closed.reference] == (
        "er loopt nog een escalatie of geschil",
        f"het jaarverslag over {year} is nog niet verstuurd naar de GGD ({region})",
    )
    assert Feedback.objects.get(pk=closed.pk).anonymised_at is None


def test_the_erase_command_dry_run_changes_nothing(dossiers, officer):
    closed, open_one, _ = dossiers
    out = io.StringIO()
    call_command("subject_erase", EMAIL, "--dry-run", "--by", officer.username, stdout=out)
    assert f"Zou wissen: {closed.reference}" in out.getvalue()
    assert f"Blijft bewaard: {open_one.reference}" in out.getvalue()
    assert Feedback.objects.get(pk=closed.pk).anonymised_at is None
    assert not AccessLog.objects.filter(action=AccessLog.Action.SUBJECT_ERASE).exists()
    call_command("subject_erase", EMAIL, "--by", officer.username, stdout=out)
    assert Feedback.objects.get(pk=closed.pk).anonymised_at is not None
    rows = AccessLog.objects.filter(action=AccessLog.Action.SUBJECT_ERASE)
    assert set(rows.values_list("user", flat=True)) == {officer.pk}


@pytest.mark.parametrize("command", ["subject_export", "subject_erase"])
def test_the_commands_refuse_to_run_without_saying_who_runs_them(dossiers, command, tmp_path):
    """LEGAL.md P3 (NEN 7513): who looked at or erased a parent's data is always logged."""
    args = ["--output", str(tmp_path / "x.json")] if command == "subject_export" else []
    with pytest.raises(CommandError, match="--by"):
        call_command(command, EMAIL, *args, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Geen actieve medewerker"):
        call_command(command, EMAIL, *args, "--by", "niemand", stdout=io.StringIO())
    assert not (tmp_path / "x.json").exists()
    assert not AccessLog.objects.filter(action__startswith="subject_").exists()
    assert Feedback.objects.filter(anonymised_at__isnull=False).count() == 0


def test_the_services_refuse_without_a_staff_member(dossiers):
    with pytest.raises(ValueError, match="toegangslog"):
        subject_export(EMAIL, by=None)
    with pytest.raises(ValueError, match="toegangslog"):
        subject_erase(EMAIL, by=None)
    assert not AccessLog.objects.exists()


def test_a_parents_unmatched_mail_is_in_the_export_and_erased_with_their_data(
    dossiers, officer, settings, tmp_path
):
    """AVG art. 15 and 17: mail from the parent that found no dossier is theirs too; mail
    about a dossier that is kept stays with it, and another parent's mail is not touched."""
    settings.MEDIA_ROOT = tmp_path
    closed, open_one, _ = dossiers
    loose = unmatched_mail(sender="Fleur@Example.nl", text="Mijn zoon heet Bram")
    about_open = unmatched_mail(open_one, sender=EMAIL, text="Over de open klacht")
    other = unmatched_mail(sender="ander@example.nl", text="Van iemand anders")
    data = subject_export(EMAIL, by=officer)
    assert sorted(m["tekst"] for m in data["e_mail_zonder_dossier"]) == [
        "Mijn zoon heet Bram",
        "Over de open klacht",
    ]
    out = io.StringIO()
    call_command("subject_erase", EMAIL, "--dry-run", "--by", officer.username, stdout=out)
    assert "Zou wissen (e-mails zonder dossier): 1." in out.getvalue()
    loose.refresh_from_db()
    assert loose.text == "Mijn zoon heet Bram"
    result = subject_erase(EMAIL, by=officer)
    assert result.mail_erased == 1
    for mail in (loose, about_open, other):
        mail.refresh_from_db()
    assert (loose.text, loose.sender, bool(loose.raw), loose.purged_at is not None) == (
        "",
        "",
        False,
        True,
    )
    assert about_open.text == "Over de open klacht"
    assert other.text == "Van iemand anders"
    remaining = subject_export(EMAIL, by=officer)["e_mail_zonder_dossier"]
    assert [m["tekst"] for m in remaining] == ["Over de open klacht"]
