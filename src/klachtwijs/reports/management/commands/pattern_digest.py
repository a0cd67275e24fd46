"""`klachtwijs pattern_digest`: run daily (the scheduler does); mails the open pattern alerts to
the quality lead (else the quality officers) once per ISO week: the first run of the week, on
Monday, or later when Monday's run was missed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from klachtwijs.reports.patterns import digest_send


class Command(BaseCommand):
    help = "Mail de open patronen in klachten, hooguit één keer per week."

    def handle(self, *args, **options):
        sent = digest_send(at=timezone.now())
        self.stdout.write(f"{sent} patronenmail(s) in de wachtrij gezet.")
