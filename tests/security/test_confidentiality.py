"""Confidentiality as one invariant, tested on every surface (issue #12 point 5, LEGAL.md M2).

The employee a meldcode dossier is about (`Feedback.concerned_employee`), in every role they
can hold and with Django's is_staff/is_superuser set as well, gets nothing of it: no page (every
URL pattern, admin included), no API object (every operation of the schema), no list row, no
count (the counters are the same with and without the dossier), no mail (the outbox), no export
row (web exports, the register export, the annual report, the data-subject export), also not
once the dossier is anonymised (`feedback_anonymise`, `apply_retention`). A control dossier they
may see shows on the same surfaces, so each check can fail. See tests/security/confidentiality.py.
"""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback, MeldcodeStep
from klachtwijs.feedback.tokens import dossier_url
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from klachtwijs.organisation.selectors import organisation_get
from tests.helpers import login_staff
from tests.security import confidentiality as conf

pytestmark = pytest.mark.django_db

# Roles whose lists show the control dossier (the employee made it, handles it, or sees all).
SEES_CONTROL = {Role.HANDLER, Role.EMPLOYEE, Role.QUALITY_OFFICER, Role.QUALITY_LEAD}
SEES_CONTROL |= {Role.MANAGEMENT}


def test_the_generated_surfaces_are_complete():
    """The generators see the admin, the staff pages, the public pages and the API."""
    names = {r.name for r in conf.all_routes()}
    assert {"admin:index", "admin:organisation_user_change", "staff:dossier"} <= names
    assert {"staff:export_xlsx", "staff:dashboard", "privacy:access_log"} <= names
    assert {"api:feedback-detail", "intake:status", "reports:download"} <= names
    paths = {path for path, _method in conf.api_operations()}
    assert {"/api/v1/klantreacties/{id}/", "/api/v1/klantreacties/{id}/timeline/"} <= paths


# Named after the route started (issue #13): the roles that saw, handled or counted the
# dossier before they were named, so the moment of naming is what shuts them out.
NAMED_LATER = ["handler", "quality_lead", "meldcode_officer", "designated_officer+su"]
NAMED_LATER += ["management"]
CASES = [(variant, False) for variant in conf.VARIANTS]
CASES += [(variant, True) for variant in NAMED_LATER]


@pytest.mark.parametrize(
    ("variant", "named_after_start"),
    CASES,
    ids=[f"{v}-named-later" if later else v for v, later in CASES],
)
def test_the_employee_concerned_gets_nothing(client, media_root, variant, named_after_start):
    world = conf.build_control(variant)
    employee = world.employee
    login_staff(client, employee)
    before = conf.counter_snapshot(client, world)
    conf.add_meldcode_dossier(world, named_after_start=named_after_start)
    conf.add_url_objects(world)

    seen: list[str] = []
    after: dict[str, object] = {}
    leaks = conf.url_leaks(client, world, seen=seen, counters=after)
    leaks += conf.counter_changes(before, after)
    leaks += conf.api_leaks(client, world, seen=seen)
    leaks += conf.outbox_leaks(world)

    # Anonymised (a parent's request to erase; retention below): the decision naming the
    # employee goes, and they stay shut out of what remains.
    services.feedback_anonymise(feedback_id=world.dossier.pk)
    steps = MeldcodeStep.objects.filter(feedback=world.dossier)
    if any(conf.DECISION in s.decision for s in steps):
        leaks.append("anonymised: the meldcode decision naming the employee is kept")
    if access.feedback_visible(employee).filter(pk=world.dossier.pk).exists():
        leaks.append("anonymised: access.feedback_visible lets the employee see the dossier")
    assert not leaks, "\n".join(["leaks:", *leaks])

    # The control: the same checks find what the employee may see.
    if employee.role in SEES_CONTROL:
        lists = {"[staff:home]", "API GET /api/v1/klantreacties/"}
        shown = {door for door in lists if any(door in s for s in seen)}
        assert shown == lists, f"the control dossier is missing from a list: {seen}"
    if conf.may_handle(employee, world.control):
        assert conf.control_mails(world), "no reminder about the employee's own measure"


@pytest.fixture
def designated(client, media_root):
    """The world with the employee as a designated quality officer, is_staff and is_superuser
    set: the role that sees most (every export, the report, meldcode dossiers)."""
    world = conf.build_world("designated_officer+su")
    services.feedback_set_report_texts(
        feedback_id=world.control.pk,
        by=world.officer,
        summary=f"Brengen bij de {conf.CONTROL_TEXT} liep rommelig.",
        handling="Vaste brengmomenten.",
    )
    return world


def test_exports_hold_nothing_of_it(designated, tmp_path):
    """The register export (the operator's door) holds no meldcode texts; the annual report in
    every format and the employee's data-subject export hold nothing of the dossier."""
    world = designated
    leaks = []
    for suffix in ("csv", "xlsx"):
        path = tmp_path / f"register.{suffix}"
        call_command("export_register", str(path), stdout=io.StringIO())
        text = _file_text(path)
        hits = conf.found(text, {"meldcode decision": conf._exact(conf.DECISION)})
        leaks += [f"export_register .{suffix}: shows {hit}" for hit in hits]
        assert conf.found(text, world.control_markers()), "the control is not in the register"

    for fmt in ("html", "pdf", "docx"):
        path = tmp_path / f"jaarverslag.{fmt}"
        args = [str(world.year), "--format", fmt, "--output", str(path)]
        call_command("annual_report", *args, stdout=io.StringIO(), stderr=io.StringIO())
        text = _file_text(path)
        leaks += [f"annual_report {fmt}: shows {hit}" for hit in conf.found(text, world.markers())]
        assert conf.CONTROL_TEXT in text, f"the control's report text is not in the {fmt}"

    path = tmp_path / "inzage.json"
    call_command(
        "subject_export",
        world.employee.email,
        "--output",
        str(path),
        "--by",
        world.lead.username,
        stdout=io.StringIO(),
    )
    text = path.read_text(encoding="utf-8")
    leaks += [f"subject_export: shows {hit}" for hit in conf.found(text, world.markers())]
    assert json.loads(text)  # a real export was made
    assert not leaks, "\n".join(["leaks:", *leaks])


def _file_text(path: Path) -> str:
    class _Response:
        streaming = False
        content = path.read_bytes()

    return conf.response_text(_Response())


@pytest.mark.parametrize("variant", ["handler", "quality_lead+su", "management"])
def test_after_retention_still_nothing(client, media_root, time_machine, variant):
    """`apply_retention` anonymises the closed meldcode dossier two years on; the employee
    still gets nothing of what remains (the reference, the figures)."""
    from klachtwijs.reports.models import AnnualReport

    time_machine.move_to(dt.datetime(2023, 3, 3, 10, 0, tzinfo=dt.UTC), tick=False)
    world = conf.add_meldcode_dossier(conf.build_control(variant), remind=False)
    for step in services.meldcode_required_steps(feedback=world.dossier):
        if not MeldcodeStep.objects.filter(feedback=world.dossier, step=step).exists():
            services.meldcode_step_record(
                feedback_id=world.dossier.pk,
                step=step,
                at=timezone.now(),
                decision=f"{conf.DECISION}: stap vastgelegd.",
                by=world.meldcode_officer,
            )
    services.meldcode_close(
        feedback_id=world.dossier.pk, text="Route afgerond.", by=world.meldcode_officer
    )
    AnnualReport.objects.filter(year=2023).update(sent_on=dt.date(2024, 5, 20))
    time_machine.move_to(dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC), tick=False)
    call_command("apply_retention", stdout=io.StringIO())
    world.dossier = Feedback.objects.get(pk=world.dossier.pk)
    assert world.dossier.anonymised_at is not None
    conf.add_url_objects(world)

    login_staff(client, world.employee)
    leaks = conf.url_leaks(client, world) + conf.api_leaks(client, world)
    steps = MeldcodeStep.objects.filter(feedback=world.dossier).values_list("decision", flat=True)
    if any(conf.DECISION in s for s in steps):
        leaks.append("retention: the meldcode decisions naming the employee are kept")
    assert not leaks, "\n".join(["leaks:", *leaks])


# --- the checks catch what is new -------------------------------------------------------------


@pytest.fixture
def world(client, media_root):
    world = conf.build_world("handler")
    login_staff(client, world.employee)
    return world


@override_settings(ROOT_URLCONF="tests.security.urls_leaky")
def test_a_new_unguarded_view_is_caught(client, world):
    """A view added to the URL configuration without the gate, showing every dossier, is
    found by the generated crawl without anyone listing it."""
    leaks = conf.url_leaks(client, world)
    assert any("/staff/alle-dossiers/" in leak and "reference" in leak for leak in leaks), leaks
    assert any("/staff/dossier-platte-tekst/" in leak for leak in leaks), leaks


def test_a_new_mail_is_caught(world):
    """A mail about the dossier to the employee, queued by any code, is found in the outbox."""
    before = len(conf.outbox_leaks(world))
    message_queue(
        kind="new_feedback_notice",
        to=world.employee.email.upper(),
        context={
            "feedback": world.dossier,
            "organisation": organisation_get(),
            "dossier_url": dossier_url(world.dossier.pk),
        },
        feedback=world.dossier,
    )
    leaks = conf.outbox_leaks(world)
    assert len(leaks) == before + 1
    assert "new_feedback_notice" in leaks[-1]


def test_a_new_count_is_caught(client, world):
    """A counter that counts the dossier about the viewer is found by the comparison."""
    before = conf.counter_snapshot(client, world)
    world.dossier.concerned_employee = None  # as if the core forgot whom it is about
    Feedback.objects.filter(pk=world.dossier.pk).update(
        concerned_employee=None, is_restricted=False
    )
    assert access.feedback_visible(world.employee).filter(pk=world.dossier.pk).exists()
    assert conf.counter_changes(before, conf.counter_snapshot(client, world))
