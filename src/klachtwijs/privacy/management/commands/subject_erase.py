"""`klachtwijs subject_erase EMAIL [--dry-run]`: erase a parent's data where allowed (AVG 17)."""

from django.core.management.base import BaseCommand

from klachtwijs.privacy.management.commands.subject_export import staff_user
from klachtwijs.privacy.subject_rights import subject_erase


class Command(BaseCommand):
    help = "Wis de gegevens van een ouder (op e-mailadres), waar geen bewaarplicht in de weg staat."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--dry-run", action="store_true", help="Laat alleen zien wat er zou gebeuren."
        )
        parser.add_argument(
            "--by",
            required=True,
            help="Gebruikersnaam van de medewerker die dit doet (verplicht: komt in het log).",
        )
        # Who may decide for a child (LEGAL.md P4): what the request says.
        parser.add_argument(
            "--both-agree",
            action="store_true",
            help="Kind (12 tot en met 15 jaar) en ouders willen het allebei.",
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
        dry_run: bool = False,
        by: str,
        both_agree: bool = False,
        young_person_agrees: bool = False,
        **options,
    ) -> None:
        result = subject_erase(
            email,
            by=staff_user(by),
            dry_run=dry_run,
            both_agree=both_agree,
            young_person_agrees=young_person_agrees,
        )
        verb = "Zou wissen" if dry_run else "Gewist"
        for decision in result.erased:
            self.stdout.write(f"{verb}: {decision.reference}")
        for decision in result.held:
            self.stdout.write(
                f"Blijft bewaard: {decision.reference} ({'; '.join(decision.held_because)}). "
                f"{decision.from_when}"
            )
        self.stdout.write(f"{verb}: {len(result.erased)}; bewaard: {len(result.held)}.")
        self.stdout.write(f"{verb} (e-mails zonder dossier): {result.mail_erased}.")
