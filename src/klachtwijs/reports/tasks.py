"""Background work of the annual report: only fetch arguments and call a service."""

from django.utils import timezone
from django_tasks import task

from klachtwijs.reports import jeugdwet, services


@task()
def report_file_render_task(file_id: int) -> None:
    """Render a (large) report file; progress is stored on the `ReportFile` row."""
    services.report_file_render(file_id=file_id)


@task()
def report_reminders_task() -> int:
    """Daily: remind quality in May, and the quality lead from June (late), while last year's
    report is not at every GGD; and while last year's Jeugdwet report is not adopted, public and
    sent (R5)."""
    today = timezone.localdate()
    return services.report_reminders_send(today=today) + jeugdwet.jeugdwet_reminders_send(
        today=today
    )
