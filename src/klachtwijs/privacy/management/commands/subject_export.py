"""`klachtwijs subject_export EMAIL --format json|pdf --output FILE`: a parent's data (AVG 15)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klachtwijs.organisation.models import User
from klachtwijs.privacy.subject_rights import subject_export, subject_export_pdf


def staff_user(username: str) -> User:
    """The active staff member `--by` names; who ran the command goes into the access log."""
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise CommandError(f"Geen actieve medewerker met gebruikersnaam {username!r}.") from None


class Command(BaseCommand):
    help = "Maak een overzicht van alle gegevens over een ouder (op e-mailadres)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", required=True, help="Het bestand om te maken.")
        parser.add_argument(
            "--by",
            required=True,
            help="Gebruikersnaam van de medewerker die dit doet (verplicht: komt in het log).",
        )
        parser.add_argument(
            "--young-person-agrees",
            action="store_true",
            help="De jongere (16 jaar of ouder) stemt in met de vraag van de ouder.",
        )

    def handle(
        self,
        *args,
        email: str,
        format: str,
        output: str,
        by: str,
        young_person_agrees: bool = False,
        **options,
    ) -> None:
        user = staff_user(by)
        data = subject_export(email, by=user, young_person_agrees=young_person_agrees)
        path = Path(output)
        try:
            if format == "pdf":
                path.write_bytes(subject_export_pdf(data))
            else:
                path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Kan {path} niet schrijven: {exc.strerror}") from None
        self.stdout.write(
            f"{len(data['dossiers'])} dossier(s) en {len(data['berichten'])} bericht(en) "
            f"geschreven naar {path}."
        )
        for refused in data["niet_gegeven"]:  # LEGAL.md P4
            self.stdout.write(f"Niet gegeven: {refused['kenmerk']} ({refused['reden']})")
