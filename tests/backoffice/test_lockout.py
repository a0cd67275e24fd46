"""The lock-out after failed sign-ins (issue 15, item 7): per user name and address, so an
attacker elsewhere cannot lock a colleague out; behind a configured proxy the forwarded
address counts and without that setting the header is ignored; per user name over all
addresses the sign-in slows down instead of locking."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

from tests.backoffice.test_login import officer_with_app, post  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("officer_with_app")]
WRONG = "fout-wachtwoord"  # noqa: S105
USER_AT = "192.0.2.10"
ATTACKER_AT = "198.51.100.66"
PROXY = "10.0.0.1"


def _fail(times: int, **extra) -> None:
    for _ in range(times):
        Client(**extra).post(
            "/staff/account/inloggen/",
            {"username": "anouk", "password": WRONG, "otp_token": "123456"},
        )


def test_an_attacker_elsewhere_cannot_lock_the_user_out():
    _fail(5, REMOTE_ADDR=ATTACKER_AT)
    assert post(Client(REMOTE_ADDR=ATTACKER_AT)).status_code == 429  # locked there
    assert post(Client(REMOTE_ADDR=USER_AT))["Location"] == "/staff/"


def test_behind_the_trusted_proxy_the_forwarded_address_is_locked(settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "TRUSTED_PROXY_HEADER": "X-Forwarded-For"}
    # The proxy appends the address it saw; what the client wrote before it is not believed.
    _fail(5, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{USER_AT}, {ATTACKER_AT}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER_AT}
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER_AT)
    assert post(attacker).status_code == 429
    user = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=USER_AT)
    assert post(user)["Location"] == "/staff/"


def test_without_the_setting_a_forwarding_header_is_ignored():
    for n in range(5):  # a new made-up address each time does not help
        _fail(1, REMOTE_ADDR=ATTACKER_AT, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER_AT}
    spoofing = Client(REMOTE_ADDR=ATTACKER_AT, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert post(spoofing).status_code == 429


def test_many_addresses_slow_the_user_name_down_but_not_from_the_users_own(settings):
    settings.KLACHTWIJS = {
        **settings.KLACHTWIJS,
        "LOGIN_SLOWDOWN_AFTER": 3,
        "LOGIN_SLOWDOWN_SECONDS": 60,
    }
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert post(Client(REMOTE_ADDR=USER_AT))["Location"] == "/staff/"  # their own desk
        for n in range(3):
            _fail(1, REMOTE_ADDR=f"198.51.100.{n}")
        slowed = post(Client(REMOTE_ADDR="198.51.100.9"))  # right password, still refused
        assert slowed.status_code == 429
        assert "Wacht 60 seconden" in slowed.content.decode()
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):  # a new code
        assert post(Client(REMOTE_ADDR="198.51.100.9")).status_code == 429
        assert post(Client(REMOTE_ADDR=USER_AT))["Location"] == "/staff/"
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert post(Client(REMOTE_ADDR="198.51.100.9"))["Location"] == "/staff/"
