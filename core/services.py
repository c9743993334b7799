"""Writes for the shared services: background jobs and notifications."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import NotificationDelivery

from .choices import JobStatus
from .jobs import job_handler
from .models import Job, Notification

logger = logging.getLogger(__name__)


# Jobs
# ------------------------------------------------------------------------------


def _dispatch(job_id: int) -> None:
    from .tasks import job_run_task

    try:
        job_run_task.delay(job_id)
    except Exception:  # broker down: the stale-job sweep dispatches it later
        logger.warning("Could not dispatch job %s now; it stays queued", job_id, exc_info=True)
        return
    Job.objects.filter(pk=job_id, dispatched_at__isnull=True).update(dispatched_at=timezone.now())


@transaction.atomic
def job_start(*, actor=None, kind: str, title: str, params: dict | None = None, input_file=None) -> Job:
    """Record a job and hand it to Celery once the surrounding transaction commits."""
    job_handler(kind)  # fail now, in the request, for an unknown kind
    job = Job(kind=kind, title=title, owner=actor, params=params or {})
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=False)
    job.save()
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None  # already run or running: running twice is harmless
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts"])
        return job


def job_run(*, job_id: int) -> Job | None:
    """Run a queued job to completion; its outcome, or its failure, is stored on the row."""
    job = _claim(job_id)
    if job is None:
        return None

    def report(percent: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, int(percent))))

    try:
        outcome = job_handler(job.kind)(job, report)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.status = JobStatus.FAILED
        job.message = _("任务失败：%(error)s") % {"error": exc}
    else:
        job.status = JobStatus.FAILED if outcome.failed else JobStatus.SUCCEEDED
        job.message = outcome.message
        job.result = outcome.data
        if outcome.file_content:
            job.result_file.save(outcome.file_name, ContentFile(outcome.file_content), save=False)
        job.progress = 100
    job.finished_at = timezone.now()
    job.save()
    if job.owner is None:
        return job
    notification_send(
        recipients=[job.owner],
        title=_("后台任务“%(title)s”%(status)s") % {"title": job.title, "status": job.get_status_display()},
        body=job.message,
        url=f"/jobs/{job.pk}/",
    )
    return job


def job_redispatch_stale() -> int:
    """Send again the jobs that were never picked up (broker outage, lost message)."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_REDISPATCH_AFTER_SECONDS)
    stale = list(Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=cutoff).values_list("pk", flat=True)[:500])
    for job_id in stale:
        _dispatch(job_id)
    return len(stale)


# Audit retention
# ------------------------------------------------------------------------------


def audit_prune() -> int:
    """Delete audit records past the retention period (never fewer than 184 days)."""
    from .models import AuditEvent

    days = max(184, settings.AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEvent.objects.filter(occurred_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


# Notifications
# ------------------------------------------------------------------------------


def _mail_enabled() -> bool:
    return bool(settings.EMAIL_HOST) or "locmem" in settings.EMAIL_BACKEND


def notification_send(*, recipients, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify users in the app; those who chose immediate delivery also get an e-mail."""
    notes = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title, body=body, url=url) for user in recipients]
    )
    immediate = [n.pk for n, user in zip(notes, recipients, strict=True) if _wants_immediate_mail(user)]
    if immediate and _mail_enabled():
        # Through the outbox: stored with the notifications, sent after commit.
        job_start(actor=None, kind="core.notification_email", title="notification mail", params={"ids": immediate})
    return notes


def _wants_immediate_mail(user) -> bool:
    return bool(user.email) and user.notification_delivery == NotificationDelivery.IMMEDIATE


def notification_email(*, notification_ids: list[int]) -> int:
    sent = 0
    for note in Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        send_mail(note.title, f"{note.body}\n\n{note.url}".strip(), None, [note.recipient.email])
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notification_send_daily_digests() -> int:
    """One mail per digest user with everything not yet mailed; running twice sends nothing new."""
    if not _mail_enabled():
        return 0
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__notification_delivery=NotificationDelivery.DAILY_DIGEST,
        )
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_user: dict = {}
    for note in pending:
        by_user.setdefault(note.recipient, []).append(note)
    for user, notes in by_user.items():
        lines = [f"- {n.title} {n.url}".strip() for n in notes]
        send_mail(_("人大代表工作管理平台每日通知汇总"), "\n".join(lines), None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
    return len(by_user)


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
