"""`klachtwijs load_demo`: the demo organisation with its klantreacties, and the demo logins."""

from django.core.management.base import BaseCommand, CommandError

from klachtwijs.demo.load import DemoConflict, demo_load, demo_logins

COLUMNS = ("Rol", "Gebruikersnaam", "Wachtwoord", "TOTP-geheim (base32)")


class Command(BaseCommand):
    help = (
        "Vult een lege installatie met de demo-organisatie en klantreacties uit de afgelopen "
        "jaren, en toont de demo-logins. Een tweede keer verandert er niets."
    )

    def handle(self, *args, **options) -> None:
        try:
            created = demo_load()
        except DemoConflict as exc:
            raise CommandError(str(exc)) from exc
        if created is None:
            self.stdout.write("De demo-gegevens bestaan al; er is niets veranderd.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Demo geladen: {created} klantreacties."))
        self.stdout.write(self._logins_table())

    def _logins_table(self) -> str:
        rows = [COLUMNS] + [
            (login.role, login.username, login.password, login.totp_secret)
            for login in demo_logins()
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
        lines = ["", "Demo-logins (voor elk account dezelfde authenticator-sleutel):"]
        for number, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            lines.append("  ".join(cells).rstrip())
            if number == 0:
                lines.append("  ".join("-" * width for width in widths))
        return "\n".join(lines)
