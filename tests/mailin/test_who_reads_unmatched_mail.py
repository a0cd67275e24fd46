"""Who reads a parent's mail that found no open dossier (`access.mail_visible`, LEGAL.md M2):
the quality department; one whose reply address named a meldcode dossier only who may see that
dossier, never the employee it is about."""

import pytest

from klachtwijs.feedback import services
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory, unmatched_mail
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_a_mail_about_a_meldcode_dossier_stays_with_its_people(client, media_root):
    suspected = UserFactory(role=Role.QUALITY_OFFICER, meldcode_designated=True)
    designated = UserFactory(role=Role.QUALITY_OFFICER, meldcode_designated=True)
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    mo = UserFactory(role=Role.MELDCODE_OFFICER)
    dossier = FeedbackFactory(in_progress=True)
    services.meldcode_start(
        feedback_id=dossier.pk, text="Signalen.", by=mo, concerned_employee=suspected
    )
    about = unmatched_mail(dossier, sender="ouder.meldcode@example.nl", reason="closed")
    plain = unmatched_mail(sender="iemand@example.nl")

    for user, sees in ((designated, True), (officer, False), (suspected, False)):
        login_staff(client, user)
        page = client.get("/staff/post/").content.decode()
        assert ("ouder.meldcode@example.nl" in page) is sees, user
        assert "iemand@example.nl" in page
        assert client.get(f"/staff/post/{about.pk}/").status_code == (200 if sees else 404)
        assert client.get(f"/staff/post/{plain.pk}/").status_code == 200
        client.logout()
