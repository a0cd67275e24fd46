"""Personal data never appears in application logs (issue 7.1): a full journey, from the
public form to the judgment and the mail (also failing mail), logs none of its names, e-mail
addresses or phone numbers."""

import datetime as dt
import logging
import smtplib
import sys

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from klachtwijs.core.logging import PersonalDataFilter
from klachtwijs.feedback import services
from klachtwijs.feedback.models import Feedback
from klachtwijs.notifications.sending import outbox_send_due
from tests.factories import LocationFactory, walk
from tests.helpers import login_staff

NAME, CHILD = "Xandra Quispel", "Yfke"
EMAIL, PHONE = "xandra.quispel@voorbeeld.nl", "06-87654321"
SECRETS = [NAME, "Quispel", CHILD, EMAIL, PHONE, "0687654321", "87654321"]


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the address (its error quotes the address)."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"no such user")})


def _leaks(records: list[logging.LogRecord]) -> list[str]:
    found = []
    for record in records:
        text = record.getMessage() + (record.exc_text or "") + str(record.exc_info or "")
        found += [f"{record.name}: {secret}" for secret in SECRETS if secret in text]
    return found


@pytest.mark.django_db
def test_a_whole_journey_logs_no_personal_data(
    client, caplog, settings, media_root, officer, django_capture_on_commit_callbacks
):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RATE_LIMITS": {"intake": (100, 600)}}
    caplog.set_level(logging.DEBUG)
    location = LocationFactory()
    service = location.services.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/klantreactie/",
            {
                "kind": "complaint",
                "place": f"{location.pk}:{service.pk}",
                "description": f"{CHILD} kwam met een buil thuis; bel {PHONE}.",
                "submitter_name": NAME,
                "submitter_email": EMAIL,
                "submitter_phone": PHONE,
                "contact_preference": "phone",
                "child_1_name": CHILD,
                "submitter_role": "parent",
                "age_band": "under_12",
            },
        )
    assert response.status_code == 302
    feedback = Feedback.objects.get(submitter_email=EMAIL)
    feedback = walk(feedback, "answered")
    services.feedback_share_message(
        feedback_id=feedback.pk, by=officer, text=f"Beste {NAME}, wij bellen u op {PHONE}."
    )
    outbox_send_due()
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    services.feedback_share_message(feedback_id=feedback.pk, by=officer, text="Nog een bericht")
    assert outbox_send_due().failed >= 1
    login_staff(client, officer)
    client.get(f"/staff/dossiers/{feedback.pk}/")
    client.get("/staff/dossiers/999999/")  # a 404 is logged with its path only
    client.get("/staff/export.csv")
    services.feedback_close(feedback_id=feedback.pk, by=officer)
    assert caplog.records  # the journey did log (e.g. the refused mail)
    assert _leaks(caplog.records) == []


def test_the_filter_masks_addresses_and_numbers_also_in_tracebacks():
    try:
        raise ValueError(f"duplicate key ({EMAIL}, {PHONE})")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "mail to %s failed", (EMAIL,), sys.exc_info()
        )
    assert PersonalDataFilter().filter(record) is True
    rendered = logging.Formatter().format(record)
    assert EMAIL not in rendered
    assert PHONE not in rendered
    assert "[e-mail]" in rendered
    assert "duplicate key" in rendered


def test_the_filter_is_on_the_console_handler():
    from django.conf import settings

    assert "personal_data" in settings.LOGGING["handlers"]["console"]["filters"]


def test_dates_and_references_are_left_alone():
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "dossier %s due %s",
        ("2025-0007", dt.date(2025, 6, 1)),
        None,
    )
    PersonalDataFilter().filter(record)
    assert record.getMessage() == "dossier 2025-0007 due 2025-06-01"
