"""After a submission commits, one task sends its mails and makes the acknowledgement letter
(issue 18: one task row per submission, not one per mail and one for the letter)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from klachtwijs.feedback.models import Document, Feedback
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import UserFactory
from tests.intake.factories import form_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_task_sends_every_mail_of_the_submission_and_makes_the_letter(
    client, location, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    UserFactory(role=Role.QUALITY_OFFICER, email="kwaliteit@example.nl")
    UserFactory(role=Role.QUALITY_LEAD, email="leiding@example.nl")
    assert client.post("/klantreactie/", form_data(location)).status_code == 302
    assert DBTaskResult.objects.count() == 1
    assert OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).count() == 3

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "fleur@example.nl",
        "kwaliteit@example.nl",
        "leiding@example.nl",
    ]
    assert not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists()
    feedback = Feedback.objects.get()
    assert feedback.documents.filter(kind=Document.Kind.ACKNOWLEDGEMENT).count() == 1
