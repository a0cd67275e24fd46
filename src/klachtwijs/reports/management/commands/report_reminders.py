"""`klachtwijs report_reminders`: run daily (cron); in May remind the quality officers while
last year's report has not been sent to the GGD of every region, from 1 June tell the quality
lead every day that it is late (LEGAL.md R3); and remind while last year's Jeugdwet report is not
adopted, public and sent to its recipients (R5)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from klachtwijs.reports.jeugdwet import jeugdwet_reminders_send
from klachtwijs.reports.services import report_reminders_send


class Command(BaseCommand):
    help = (
        "Herinner de afdeling kwaliteit in mei aan het jaarverslag dat nog niet verstuurd is, "
        "en meld het hoofd kwaliteit vanaf 1 juni elke dag dat het te laat is."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = report_reminders_send(today=today) + jeugdwet_reminders_send(today=today)
        self.stdout.write(f"{sent} herinnering(en) in de wachtrij gezet.")
