"""What the overview keeps in memory (issue 18, core/cache.py) follows every change at once: the
filter form's choices, the organisation, the overview's counters; in this process as soon as the
change is made, in the other worker processes as soon as it commits."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from klachtwijs.feedback.models import Category
from klachtwijs.organisation.models import Location, Organisation, Role, User
from klachtwijs.organisation.selectors import ORGANISATION
from tests.factories import LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def changed_by_another_worker(row, **values) -> None:
    """Change `row` in the database as another worker does: this process gets no signal (that
    worker replaces the shared version after its commit; the tests do that by hand)."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(row._meta.get_field(name).column)} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(row._meta.db_table)} SET {columns} WHERE id = %s",  # noqa: S608 (names)
            [*values.values(), row.pk],
        )


def page(client) -> str:
    response = client.get("/staff/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_in_this_process_shows_on_the_next_page(officer_client, location):
    first = page(officer_client)
    assert f">{location.name}</option>" in first
    location.name = "De Zonnebloem"
    location.save()
    UserFactory(role=Role.HANDLER, first_name="Fatima", last_name="Bakker", locations=[location])
    organisation = Organisation.objects.get()
    organisation.name = "Kinderopvang Het Anker"
    organisation.save()
    html = page(officer_client)
    assert ">De Zonnebloem</option>" in html
    assert "Fatima Bakker</option>" in html
    assert "Kinderopvang Het Anker" in html


def test_a_change_by_queryset_update_or_bulk_create_shows_on_the_next_page(
    officer_client, location
):
    """update() and bulk_create() send no per-object signal; the cached models' querysets tell
    the caches themselves (core/changes.py), so no copy in memory outlives such a change."""
    handler = UserFactory(role=Role.HANDLER, first_name="Fatima", last_name="Bakker")
    handler.locations.add(location)
    page(officer_client)
    Location.objects.filter(pk=location.pk).update(name="De Zonnebloem")
    User.objects.filter(pk=handler.pk).update(last_name="de Vries")
    Organisation.objects.update(name="Kinderopvang Het Anker")
    Category.objects.bulk_create([Category(name="Parkeren bij de opvang")])
    html = page(officer_client)
    assert ">De Zonnebloem</option>" in html
    assert "Fatima de Vries</option>" in html
    assert "Kinderopvang Het Anker" in html
    assert ">Parkeren bij de opvang</option>" in html


def test_a_change_committed_by_another_worker_shows_on_the_next_page(officer_client, location):
    """Another worker's change reaches this process only through the shared versions: a
    saved organisation replaces its version after commit (here: deleted from the shared cache
    by hand, as that worker's on-commit does; the row changed without this process's signal)."""
    page(officer_client)
    changed_by_another_worker(Organisation.objects.get(), name="Stichting Elders Veranderd")
    assert "Stichting Elders Veranderd" not in page(officer_client)  # still this version
    cache.delete(f"version:{ORGANISATION}")
    assert "Stichting Elders Veranderd" in page(officer_client)


def test_each_user_gets_the_locations_they_may_see(client, location):
    """The location choices are kept per user: a handler sees only their own locations."""
    from tests.helpers import login_staff

    other = LocationFactory(name="Elders")
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    html = page(login_staff(client, handler))
    assert f">{location.name}</option>" in html
    assert ">Elders</option>" not in html
    handler.locations.add(other)
    assert ">Elders</option>" in page(client)


def test_a_deactivated_or_reset_account_is_refused_at_its_next_request(client, location):
    """The signed-in user and their authenticator are kept in memory between requests; a
    change to either (an account switched off, an authenticator reset) is seen at once."""
    from tests.helpers import login_staff

    officer = UserFactory(role=Role.QUALITY_OFFICER)
    login_staff(client, officer)
    page(client)
    officer.totpdevice_set.all().delete()  # the authenticator reset
    assert client.get("/staff/").status_code == 302
    login_staff(client, officer)
    page(client)
    officer.is_active = False
    officer.save()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_ended_by_another_worker_is_refused_at_its_next_request(officer_client):
    """The session row is kept in memory too (core/sessions.py); a sign-out in another worker
    deletes the row and, after commit, replaces the shared version (here by hand: this process
    never saw the delete), so the next request here reads the database again and is refused."""
    from django.contrib.sessions.models import Session

    from klachtwijs.core.sessions import SESSIONS

    page(officer_client)
    Session.objects.all().delete()  # as another worker's sign-out, without this process knowing
    assert officer_client.get("/staff/").status_code == 200  # still this version
    cache.delete(f"version:{SESSIONS}")
    response = officer_client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_filter_panel_shows_the_chosen_values(officer_client, location):
    """The rendered filter panel is kept per chosen values: each choice shows as selected."""
    html = officer_client.get("/staff/", {"location": location.pk}).content.decode()
    assert f'<option value="{location.pk}" selected>{location.name}</option>' in html
    html = page(officer_client)
    assert f'<option value="{location.pk}" selected>' not in html


def _submit(client, location) -> None:
    from tests.intake.factories import form_data

    assert client.post("/klantreactie/", form_data(location)).status_code == 302


def _told_of_the_last_dossier() -> set[str]:
    from klachtwijs.feedback.models import Feedback
    from klachtwijs.notifications.models import OutboxMessage

    last = Feedback.objects.latest("pk")
    return set(
        OutboxMessage.objects.filter(feedback=last, kind="new_feedback_notice").values_list(
            "to", flat=True
        )
    )


def test_the_staff_told_of_a_new_dossier_follow_every_change(client, location):
    """The quality department's addresses (told of each new dossier, LEGAL.md M2) are kept in
    memory under the users' version: a user saved in this process is seen at once, a change
    another worker commits once that worker has replaced the version (here by hand)."""
    from klachtwijs.core.middleware import USERS

    first = UserFactory(role=Role.QUALITY_OFFICER, email="kwaliteit@example.nl")
    _submit(client, location)
    assert _told_of_the_last_dossier() == {"kwaliteit@example.nl"}
    UserFactory(role=Role.QUALITY_LEAD, email="leiding@example.nl")
    _submit(client, location)
    assert _told_of_the_last_dossier() == {"kwaliteit@example.nl", "leiding@example.nl"}
    # Another worker switches the first account off (this process never saw the save).
    changed_by_another_worker(first, is_active=False)
    _submit(client, location)
    assert "kwaliteit@example.nl" in _told_of_the_last_dossier()  # still this version
    cache.delete(f"version:{USERS}")
    _submit(client, location)
    assert _told_of_the_last_dossier() == {"leiding@example.nl"}


def test_the_webhook_subscriptions_follow_every_change(client, location):
    """The active webhook subscriptions are kept in memory under a version of their own: a
    subscription saved in this process is used at once, a change another worker commits once
    that worker has replaced the version (here by hand)."""
    from klachtwijs.webhooks.models import WebhookDelivery, WebhookSubscription
    from klachtwijs.webhooks.services import SUBSCRIPTIONS

    def delivered_to() -> set[str]:
        last = WebhookDelivery.objects.order_by("-feedback_id").values("feedback_id")[:1]
        rows = WebhookDelivery.objects.filter(feedback_id__in=last, event="receive")
        return set(rows.values_list("subscription__name", flat=True))

    _submit(client, location)  # no subscriptions yet: nothing queued
    assert not WebhookDelivery.objects.exists()
    ouderapp = WebhookSubscription.objects.create(
        name="Ouderapp", url="https://ouderapp.example.nl/hook", events=["receive"], secret="s"
    )
    _submit(client, location)
    assert delivered_to() == {"Ouderapp"}
    WebhookSubscription.objects.create(
        name="Kwaliteitssysteem", url="https://kwaliteit.example.nl/hook", events=["receive"]
    )
    _submit(client, location)
    assert delivered_to() == {"Ouderapp", "Kwaliteitssysteem"}
    # Another worker switches the parent app off (this process never saw the save).
    changed_by_another_worker(ouderapp, is_active=False)
    _submit(client, location)
    assert "Ouderapp" in delivered_to()  # still this version
    cache.delete(f"version:{SUBSCRIPTIONS}")
    _submit(client, location)
    assert delivered_to() == {"Kwaliteitssysteem"}
