"""`klachtwijs setup`: the organisation and its first administrator, with a working
authenticator, from an empty install (issue 14)."""

import base64
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.organisation.models import Role, User
from klachtwijs.organisation.selectors import organisation_get

pytestmark = pytest.mark.django_db

ENV = {
    "KLACHTWIJS_ORGANISATION_NAME": "Kinderopvang De Kikker",
    "DJANGO_SUPERUSER_USERNAME": "beheer",
    "DJANGO_SUPERUSER_EMAIL": "beheer@kikker.example",
    "DJANGO_SUPERUSER_PASSWORD": "een-lang-Wachtwoord-42",
}


def _code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def _run(*args) -> str:
    out = io.StringIO()
    call_command("setup", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _secret(output: str) -> str:
    return re.search(r"Geheime sleutel \(base32\): ([A-Z2-7 ]+)", output).group(1).replace(" ", "")


def test_no_input_reads_the_environment_and_the_admin_signs_in_with_the_code(
    fresh_install, monkeypatch, client
):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    output = _run("--no-input")

    assert organisation_get().name == "Kinderopvang De Kikker"
    admin = User.objects.get(username="beheer")
    assert (admin.role, admin.email) == (Role.ADMINISTRATOR, "beheer@kikker.example")
    assert TOTPDevice.objects.get(user=admin).confirmed
    secret = _secret(output)
    assert f"otpauth://totp/Klachtwijs%3Abeheer?secret={secret}" in output
    assert "/staff/inrichting/" in output

    # The printed secret works: the staff sign-in takes password and code.
    response = client.post(
        "/staff/account/inloggen/",
        {
            "username": "beheer",
            "password": ENV["DJANGO_SUPERUSER_PASSWORD"],
            "otp_token": _code(secret),
        },
    )
    assert response.status_code == 302
    assert client.get("/staff/inrichting/").status_code == 200


def test_no_input_names_the_missing_variables(fresh_install, monkeypatch):
    monkeypatch.setenv("KLACHTWIJS_ORGANISATION_NAME", "De Kikker")
    for name in list(ENV)[1:]:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        _run("--no-input")
    assert not User.objects.exists()


def test_a_weak_password_is_refused_in_dutch_and_nothing_is_stored(fresh_install, monkeypatch):
    for name, value in {**ENV, "DJANGO_SUPERUSER_PASSWORD": "kort"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD: "):
        _run("--no-input")
    assert not User.objects.exists()
    assert organisation_get().name == "Onze organisatie"


def test_setup_runs_once(fresh_install, monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    _run("--no-input")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "nog-een")
    with pytest.raises(CommandError, match="al ingericht"):
        _run("--no-input")
    assert User.objects.count() == 1


def test_a_set_up_organisation_refuses_setup(monkeypatch):
    """The organisation of every test already has its name (as the demo's has)."""
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CommandError, match="al ingericht"):
        _run("--no-input")


class Answers(io.StringIO):
    """stdin for the interactive command: the typed lines, then the code the app would show
    for the secret the command has just made."""

    def __init__(self, lines: list[str], wrong_codes: int = 0) -> None:
        super().__init__("".join(f"{line}\n" for line in lines))
        self.wrong_codes = wrong_codes

    def readline(self, *args) -> str:
        line = super().readline(*args)
        if line:
            return line
        device = TOTPDevice.objects.get()
        if self.wrong_codes:
            self.wrong_codes -= 1
            return "000000\n" if f"{totp(device.bin_key):06d}" != "000000" else "111111\n"
        return f"{totp(device.bin_key):06d}\n"

    def isatty(self) -> bool:
        return False


TYPED = ["De Kikker", "beheer", "beheer@kikker.example", "een-lang-Wachtwoord-42"]


def test_interactive_asks_in_dutch_and_confirms_the_authenticator(fresh_install, monkeypatch):
    lines = [*TYPED[:3], "kort", "kort", *[TYPED[3]] * 2]  # a weak password first
    monkeypatch.setattr("sys.stdin", Answers(lines))
    out, err = io.StringIO(), io.StringIO()
    call_command("setup", stdout=out, stderr=err)
    output = out.getvalue()
    assert "Naam van de organisatie:" in output
    assert "Vul ter controle de 6 cijfers in" in output
    assert "Wachtwoord: " in err.getvalue()  # the weak password's reason
    admin = User.objects.get(username="beheer")
    assert admin.check_password(TYPED[3])
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert organisation_get().name == "De Kikker"


def test_interactive_three_wrong_codes_store_nothing(fresh_install, monkeypatch):
    monkeypatch.setattr("sys.stdin", Answers([*TYPED, TYPED[3]], wrong_codes=3))
    err = io.StringIO()
    with pytest.raises(CommandError, match="niets opgeslagen"):
        call_command("setup", stdout=io.StringIO(), stderr=err)
    assert "Deze code klopt niet" in err.getvalue()
    assert not User.objects.exists()
    assert not TOTPDevice.objects.exists()
    assert organisation_get().name == "Onze organisatie"
