from celery import shared_task

from . import services


@shared_task(name="proposals.tasks.proposal_send_deadline_reminders")
def proposal_send_deadline_reminders() -> int:
    """Daily: due-soon and overdue notices to each unit and office; running twice a day sends nothing new."""
    return services.deadline_reminders_send()
