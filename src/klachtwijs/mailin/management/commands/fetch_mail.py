"""`klachtwijs fetch_mail [--schedule]`: read the reply mailbox over IMAP now."""

import imaplib
import ssl

from django.core.management.base import BaseCommand, CommandError

from klachtwijs.mailin.imap import MailboxNotConfigured, mailbox_fetch
from klachtwijs.mailin.tasks import fetch_mail_schedule


class Command(BaseCommand):
    help = (
        "Haal de e-mail van ouders op uit de antwoordmailbox (IMAP) en zet antwoorden in het "
        "dossier."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Plan daarna de terugkerende taak in (voor `klachtwijs db_worker`).",
        )

    def handle(self, *args, schedule: bool = False, **options) -> None:
        try:
            report = mailbox_fetch()
        except MailboxNotConfigured as exc:
            raise CommandError(str(exc)) from None
        except (imaplib.IMAP4.error, OSError, ssl.SSLError) as exc:
            message = f"De mailbox is niet te lezen: {type(exc).__name__}: {exc}"
            raise CommandError(message) from None
        parts = ", ".join(f"{k}: {v}" for k, v in sorted(report.outcomes.items()))
        self.stdout.write(f"Gelezen: {report.read}. {parts}".strip())
        if report.failed:
            self.stderr.write(f"Niet verwerkt (blijven in de mailbox): {report.failed}.")
        if schedule:
            if fetch_mail_schedule():
                self.stdout.write("De terugkerende taak is ingepland.")
            else:
                self.stderr.write(
                    "Deze taakverwerking kan niet later plannen: draai deze opdracht via cron."
                )
