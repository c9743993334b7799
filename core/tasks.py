from celery import shared_task

from . import services


@shared_task(name="core.tasks.job_run_task", acks_late=True)
def job_run_task(job_id: int) -> None:
    services.job_run(job_id=job_id)


@shared_task(name="core.tasks.job_redispatch_stale")
def job_redispatch_stale() -> int:
    return services.job_redispatch_stale()


@shared_task(name="core.tasks.notification_send_daily_digests")
def notification_send_daily_digests() -> int:
    return services.notification_send_daily_digests()


@shared_task(name="core.tasks.audit_prune")
def audit_prune() -> int:
    return services.audit_prune()
