"""Mail texts live in the database with our defaults; the organisation can change them."""

import pytest
from django.core.exceptions import ValidationError

from klachtwijs.notifications.models import MailTemplate, OutboxMessage
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


def test_defaults_are_in_the_database():
    kinds = set(MailTemplate.objects.values_list("kind", flat=True))
    assert {"acknowledgement", "message", "link_resend", "new_feedback_notice"} <= kinds
    ack = MailTemplate.objects.get(kind="acknowledgement")
    assert "{{ feedback.reference }}" in ack.body_text
    assert "autoescape" not in ack.body_text


def test_organisation_text_is_used_when_queued():
    MailTemplate.objects.filter(kind="acknowledgement").update(
        subject="Bedankt! ({{ feedback.reference }})",
        body_text="Hallo {{ feedback.submitter_name }} & co, zie {{ status_url }}",
    )
    feedback = FeedbackFactory(submitter_name="Anne <Jansen>")
    message = OutboxMessage.objects.get(kind="acknowledgement")
    assert message.subject == f"Bedankt! ({feedback.reference})"
    assert message.body_text.startswith("Hallo Anne <Jansen> & co, zie http")  # not escaped


def test_an_edited_text_is_used_for_the_next_mail():
    """Texts are compiled once per process (issue 18), keyed by the text: an edit shows at
    once."""
    FeedbackFactory()
    MailTemplate.objects.filter(kind="acknowledgement").update(subject="Nieuw onderwerp")
    feedback = FeedbackFactory()
    assert OutboxMessage.objects.get(kind="acknowledgement", feedback=feedback).subject == (
        "Nieuw onderwerp"
    )


def test_kind_without_row_falls_back_to_the_files():
    MailTemplate.objects.filter(kind="acknowledgement").delete()
    feedback = FeedbackFactory()
    message = OutboxMessage.objects.get(kind="acknowledgement")
    assert f"Uw kenmerk is {feedback.reference}" in message.body_text


def test_a_broken_text_is_refused():
    template = MailTemplate.objects.get(kind="acknowledgement")
    template.body_text = "Beste {% if feedback %}{{ feedback.submitter_name }}"  # no endif
    with pytest.raises(ValidationError) as info:
        template.full_clean()
    assert "body_text" in info.value.message_dict
