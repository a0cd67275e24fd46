"""`klachtwijs setup`: a new organisation's first step (issue 14).

Names the organisation and makes its first administrator with a working authenticator (TOTP),
then points to the set-up checklist in the back office. Interactive, in Dutch; with
`--no-input` it reads KLACHTWIJS_ORGANISATION_NAME and Django's own DJANGO_SUPERUSER_USERNAME,
DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD, for scripts. The TOTP secret is printed
once, here; no page shows it again. Runs once: refused when an administrator exists or the
organisation already has its name.

`--role hoofd-kwaliteit` (or KLACHTWIJS_FIRST_ROLE=hoofd-kwaliteit) makes the first account the
quality lead instead of the administrator: in a small organisation the person who installs it
also handles complaints, and an imported register needs someone who may handle them.
"""

import getpass
import io
import os
import sys

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from klachtwijs.onboarding.services import (
    FIRST_ROLES,
    FirstRun,
    authenticator_confirm,
    first_run,
    setup_refusal,
)

ENV = {
    "organisation": "KLACHTWIJS_ORGANISATION_NAME",
    "username": "DJANGO_SUPERUSER_USERNAME",
    "email": "DJANGO_SUPERUSER_EMAIL",
    "password": "DJANGO_SUPERUSER_PASSWORD",
}
LABELS = {
    "organisation": "Naam van de organisatie",
    "username": "Gebruikersnaam van de beheerder",
    "email": "E-mailadres van de beheerder",
    "password": "Wachtwoord",
}
CODE_TRIES = 3


class Command(BaseCommand):
    help = "Richt Klachtwijs in: de organisatie en de eerste beheerder met authenticator-app."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=(
                "Niets vragen: lees KLACHTWIJS_ORGANISATION_NAME, DJANGO_SUPERUSER_USERNAME, "
                "DJANGO_SUPERUSER_EMAIL en DJANGO_SUPERUSER_PASSWORD."
            ),
        )

        parser.add_argument(
            "--role",
            choices=sorted(FIRST_ROLES),
            default=None,
            help=(
                "De rol van het eerste account: beheerder (standaard) of hoofd-kwaliteit (wie "
                "inricht, behandelt ook klachten). Ook via KLACHTWIJS_FIRST_ROLE."
            ),
        )

    def handle(self, *args, interactive: bool = True, role: str | None = None, **options) -> None:
        role = role or os.environ.get("KLACHTWIJS_FIRST_ROLE", "").strip() or "beheerder"
        if role not in FIRST_ROLES:
            raise CommandError(f"Onbekende rol '{role}': kies {' of '.join(sorted(FIRST_ROLES))}.")
        self.role = FIRST_ROLES[role]
        with translation.override(settings.LANGUAGE_CODE):  # Django's own messages in Dutch
            self._handle(interactive=interactive)

    def _handle(self, *, interactive: bool) -> None:
        refusal = setup_refusal()
        if refusal:
            raise CommandError(refusal)
        if interactive:
            self._interactive()
        else:
            self._from_environment()

    # --- without questions -------------------------------------------------------------

    def _from_environment(self) -> None:
        values = {key: os.environ.get(name, "") for key, name in ENV.items()}
        empty = [ENV[key] for key, value in values.items() if not value.strip()]
        if empty:
            raise CommandError(f"Zet deze omgevingsvariabelen: {', '.join(empty)}.")
        try:
            made = first_run(
                organisation_name=values["organisation"],
                username=values["username"],
                email=values["email"],
                password=values["password"],
                role=self.role,
            )
        except ValidationError as exc:
            raise CommandError(self._explain(exc, names=ENV)) from None
        self._secret(made, qr=False)
        self._done(made)

    # --- with questions ----------------------------------------------------------------

    def _interactive(self) -> None:
        self.stdout.write("Klachtwijs inrichten. Eerst de organisatie en de eerste beheerder.\n")
        values = {"organisation": self._ask("organisation"), "username": self._ask("username")}
        values["email"] = self._ask("email")
        while True:
            password = self._secret_input(f"{LABELS['password']}: ")
            if password != self._secret_input("Wachtwoord (nog een keer): "):
                self.stderr.write("De wachtwoorden zijn niet gelijk. Probeer het opnieuw.")
                continue
            try:
                with transaction.atomic():
                    made = first_run(
                        organisation_name=values["organisation"],
                        username=values["username"],
                        email=values["email"],
                        password=password,
                        confirmed=False,
                        role=self.role,
                    )
                    self._secret(made, qr=True)
                    self._confirm(made)
            except ValidationError as exc:
                errors = getattr(exc, "error_dict", {})
                if set(errors) - {"password"}:
                    raise CommandError(self._explain(exc, names=LABELS)) from None
                self.stderr.write(self._explain(exc, names=LABELS))
                continue
            break
        self._done(made)

    def _ask(self, key: str) -> str:
        while True:
            value = self._input(f"{LABELS[key]}: ").strip()
            if value:
                return value
            self.stderr.write("Dit is verplicht.")

    def _input(self, prompt: str) -> str:
        self.stdout.write(prompt, ending="")
        self.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            raise CommandError("Gestopt: er kwam geen antwoord meer.")
        return line.rstrip("\n")

    def _secret_input(self, prompt: str) -> str:
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        return self._input(prompt)  # piped in (scripts, tests): read it as a line

    def _confirm(self, made: FirstRun) -> None:
        for _try in range(CODE_TRIES):
            code = self._input("Vul ter controle de 6 cijfers in die de app nu laat zien: ")
            if authenticator_confirm(device=made.device, token=code):
                self.stdout.write("De code klopt. De authenticator-app is gekoppeld.")
                return
            self.stderr.write("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat.")
        raise CommandError(
            "De code klopte drie keer niet. Er is niets opgeslagen; start `klachtwijs setup` "
            "opnieuw."
        )

    # --- output ------------------------------------------------------------------------

    def _secret(self, made: FirstRun, *, qr: bool) -> None:
        secret = made.secret
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        self.stdout.write(
            "\nKoppel nu de authenticator-app (bijvoorbeeld Microsoft Authenticator, Google "
            "Authenticator of FreeOTP). Dit geheim ziet u maar één keer:\n"
        )
        if qr:
            picture = io.StringIO()
            segno.make(made.uri, error="m").terminal(out=picture, compact=True)
            self.stdout.write(picture.getvalue(), ending="")
        self.stdout.write(f"Geheime sleutel (base32): {grouped}")
        self.stdout.write(f"Of als link: {made.uri}\n")

    def _done(self, made: FirstRun) -> None:
        url = f"{settings.SITE_URL.rstrip('/')}/staff/inrichting/"
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: beheerder '{made.user.username}' is aangemaakt. Log in op "
                f"{settings.SITE_URL.rstrip('/')}/staff/account/inloggen/ met het wachtwoord en "
                f"de code uit de app, en maak de inrichting af op {url}"
            )
        )

    @staticmethod
    def _explain(exc: ValidationError, *, names: dict[str, str]) -> str:
        if not hasattr(exc, "error_dict"):
            return " ".join(exc.messages)
        return " ".join(
            f"{names.get(field, field)}: {' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
