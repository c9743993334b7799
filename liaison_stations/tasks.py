from celery import shared_task

from . import services


@shared_task(name="liaison_stations.tasks.opinion_send_reminders")
def opinion_send_reminders() -> int:
    """Daily: remind the responsible users of opinion items due soon or overdue (idempotent per day)."""
    return services.opinion_send_reminders()
