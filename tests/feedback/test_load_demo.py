"""`klachtwijs load_demo`: a demo organisation with years of dossiers, loaded once."""

import base64
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import password_validation
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET
from klachtwijs.demo.load import demo_logins
from klachtwijs.feedback.models import (
    ClosureReason,
    Escalation,
    Event,
    Feedback,
    Kind,
    Status,
)
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Organisation, Region, Role, User


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for this module, in a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_output")]


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_second_run_changes_nothing_and_says_so():
    before = _rows()
    dossiers = list(Feedback.objects.values_list("reference", "status", "closed_at", "handler"))
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "bestaan al" in out.getvalue()
    assert _rows() == before
    assert list(Feedback.objects.values_list("reference", "status", "closed_at", "handler")) == (
        dossiers
    )


def test_both_runs_print_every_demo_login(demo_output):
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    for output in (demo_output, again.getvalue()):
        for login in demo_logins():
            assert re.search(rf"\b{re.escape(login.username)}\s+{DEMO_PASSWORD}\s", output)
        assert DEMO_TOTP_SECRET in output


def test_demo_logins_work_with_password_and_authenticator():
    key = base64.b32decode(DEMO_TOTP_SECRET)
    for login in demo_logins():
        user = User.objects.get(username=login.username)
        password_validation.validate_password(DEMO_PASSWORD, user)
        assert user.check_password(DEMO_PASSWORD)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.bin_key == key
        assert device.verify_token(f"{totp(key):06d}")


def test_a_user_for_every_role_and_admin_access_by_role_alone():
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    # The role decides the admin (organisation/access.py); no Django flag or permission.
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(is_staff=True).exists()
    admin = User.objects.get(role=Role.ADMINISTRATOR)
    lead = User.objects.get(role=Role.QUALITY_LEAD)
    assert access.can(admin, "admin")
    assert access.can(lead, "admin")
    assert access.feedback_visible(admin).count() == 0  # DESIGN §1: no dossiers by default


def test_three_regions_and_twelve_locations_with_morel():
    assert set(Region.objects.values_list("name", flat=True)) == {
        "Brabant-Zuidoost",
        "Arnhem",
        "Veenendaal",
    }
    assert Location.objects.count() == 12
    assert Location.objects.get(name="Morel").region.name == "Brabant-Zuidoost"
    for location in Location.objects.all():
        assert location.manager is not None
        assert location.services.exists()
        assert location.manager.locations.filter(pk=location.pk).exists()


def test_three_morel_complaints_of_2025_are_one_closed_situation():
    complaints = Feedback.objects.filter(
        kind=Kind.COMPLAINT, location__name="Morel", received_at__year=2025
    )
    assert complaints.count() == 3
    assert len({f.situation_id for f in complaints}) == 1
    assert complaints.first().situation is not None
    for feedback in complaints:
        assert feedback.status == Status.CLOSED
        assert feedback.closure_reason == ClosureReason.JUDGED
        assert feedback.judgments.count() == 1
        assert feedback.report_summary
        assert feedback.report_handling


def test_closed_dossiers_of_2024_and_2025_have_report_texts_without_names():
    closed = Feedback.objects.filter(status=Status.CLOSED, received_at__year__in=[2024, 2025])
    assert closed.count() > 100
    for feedback in closed:
        names = feedback.submitter_name.split() + [c["first_name"] for c in feedback.children]
        names = [name for name in names if name[0].isupper()]  # not "de", "van"
        text = f"{feedback.report_summary} {feedback.report_handling}"
        assert feedback.report_summary, feedback.reference
        assert feedback.report_handling, feedback.reference
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", text), feedback.reference


def test_disputes_in_2024_but_none_started_in_2025():
    disputes = Escalation.objects.filter(body__in=Escalation.DISPUTE_BODIES)
    assert disputes.filter(started_on__year=2024, is_binding=True).exists()
    assert not disputes.filter(started_on__year=2025).exists()
    assert Escalation.objects.filter(
        body=Escalation.Body.KLACHTENLOKET, started_on__year=2024
    ).exists()


def test_dossiers_in_every_status_and_kind_over_three_years():
    assert set(Feedback.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Feedback.objects.values_list("kind", flat=True)) == set(Kind.values)
    years = {f.received_at.year for f in Feedback.objects.all()}
    assert {2024, 2025, timezone.localdate().year} <= years
    assert Feedback.objects.filter(received_at__year=2024).count() >= 40
    assert Feedback.objects.filter(received_at__year=2025).count() >= 40
    assert Feedback.objects.filter(framework="jeugdwet", extended_until__isnull=False).exists()


def test_timelines_are_in_the_past_and_in_order():
    now = timezone.now()
    assert not Event.objects.filter(at__gt=now).exists()
    for feedback in Feedback.objects.prefetch_related("events"):
        events = list(feedback.events.all())
        assert events[0].kind == Event.Kind.RECEIVED
        assert events[0].at == feedback.received_at
        moments = [feedback.received_at, feedback.registered_at, feedback.closed_at]
        known = [m for m in moments if m]
        assert known == sorted(known), feedback.reference


def test_no_mail_goes_to_fictional_parents():
    assert OutboxMessage.objects.exists()
    assert not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists()


def test_refuses_a_database_that_already_holds_other_dossiers():
    Organisation.objects.update(name="Een echte organisatie")
    with pytest.raises(CommandError, match="lege installatie"):
        call_command("load_demo", stdout=io.StringIO())


def test_the_demo_is_a_complete_set_up_with_its_form_open():
    """Issue 14: the demo's own organisation, regions, locations, services and regulation open
    the public form (not the shared test fixture's: the version in force is the demo's)."""
    from klachtwijs.organisation.setup import setup_items, setup_missing

    assert setup_missing() == []
    done = {item.key for item in setup_items() if item.done}
    assert {"organisation", "regions", "locations", "services", "regulation"} <= done
    assert Organisation.objects.get().email == "info@vlinderboom.example"
