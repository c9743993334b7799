"""Writes for the shared services: background jobs and notifications."""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import NotificationDelivery

from .choices import JobStatus
from .exceptions import ApplicationError
from .jobs import job_handler, job_is_idempotent
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


# A job is run once more after its worker died, then marked failed.
_MAX_ATTEMPTS = 2


def _stale_cutoff():
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def _stale_running_q():
    cutoff = _stale_cutoff()
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def _is_stale(job: Job) -> bool:
    beat = job.heartbeat_at or job.started_at
    return job.status == JobStatus.RUNNING and (beat is None or beat < _stale_cutoff())


def _may_run_again(job: Job) -> bool:
    return job.attempts < _MAX_ATTEMPTS and job_is_idempotent(job.kind)


def _fail_interrupted(job: Job) -> None:
    """Mark a job whose worker died failed, with a reason its owner reads on the job page."""
    job.status = JobStatus.FAILED
    job.message = _("任务中断：执行任务的后台进程停止响应（已执行 %(attempts)d 次）。可点击“重试”重新执行。") % {
        "attempts": job.attempts
    }
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
    transaction.on_commit(lambda: _notify_owner(job))


def _claim(job_id: int) -> Job | None:
    """Take a queued job, or one whose worker died (a redelivered message); None if it is not ours to run."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        if _is_stale(job):
            if not _may_run_again(job):
                _fail_interrupted(job)
                return None
            logger.warning("Job %s (%s) lost its worker; taking it over", job.pk, job.kind)
        elif job.status != JobStatus.QUEUED:
            return None  # done, or running in a live worker: running twice is harmless
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.started_at = now
        job.heartbeat_at = now
        job.progress = 0
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "attempts"])
        return job


def _beat(job_id: int, attempt: int) -> int:
    return Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=attempt).update(heartbeat_at=timezone.now())


class _Heartbeat:
    """Beats for a running job from a thread of its own, so that a long step without progress reports still lives."""

    def __init__(self, job: Job) -> None:
        self.job_id, self.attempt = job.pk, job.attempts
        self.interval = max(0.5, settings.JOB_STALE_AFTER_SECONDS / 3)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"job-{job.pk}-heartbeat", daemon=True)

    def _run(self) -> None:
        try:
            while not self.stop.wait(self.interval):
                if not _beat(self.job_id, self.attempt):
                    return  # finished, or taken over by another worker
        except Exception:
            logger.warning("Heartbeat of job %s stopped", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def job_run(*, job_id: int) -> Job | None:
    """Run a queued job to completion; its outcome, or its failure, is stored on the row."""
    job = _claim(job_id)
    if job is None:
        return None
    attempt = job.attempts

    def report(percent: int) -> None:
        Job.objects.filter(pk=job.pk, attempts=attempt).update(
            progress=max(0, min(100, int(percent))), heartbeat_at=timezone.now()
        )

    error = None
    with _Heartbeat(job):
        try:
            outcome = job_handler(job.kind)(job, report)
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            outcome, error = None, exc
    with transaction.atomic():
        current = Job.objects.select_for_update().filter(pk=job.pk).values("status", "attempts").first()
        if current != {"status": JobStatus.RUNNING, "attempts": attempt}:
            # Taken over (this worker was thought dead) or retried meanwhile: the newer run writes.
            logger.warning("Job %s finished in a run that is no longer its current one", job.pk)
            return None
        if outcome is None:
            job.status = JobStatus.FAILED
            job.message = _("任务失败：%(error)s") % {"error": error}
        else:
            job.status = JobStatus.FAILED if outcome.failed else JobStatus.SUCCEEDED
            job.message = outcome.message
            job.result = outcome.data
            if outcome.file_content:
                job.result_file.save(outcome.file_name, ContentFile(outcome.file_content), save=False)
            job.progress = 100
        job.finished_at = timezone.now()
        job.save()
    _notify_owner(job)
    return job


def _notify_owner(job: Job) -> None:
    if job.owner_id is None:
        return
    notification_send(
        recipients=[job.owner],
        title=_("后台任务“%(title)s”%(status)s") % {"title": job.title, "status": job.get_status_display()},
        body=job.message,
        url=f"/jobs/{job.pk}/",
    )


@transaction.atomic
def job_retry(*, actor, job_id: int) -> Job:
    """Run a failed job of the actor's again, from its stored parameters and upload."""
    job = Job.objects.select_for_update().get(pk=job_id)
    if job.owner_id != actor.pk or job.status != JobStatus.FAILED:
        raise ApplicationError(_("只有失败的任务可以重试。"))
    job.status = JobStatus.QUEUED
    job.progress = 0
    job.message = ""
    job.result = {}
    job.attempts = 0
    job.dispatched_at = job.started_at = job.heartbeat_at = job.finished_at = None
    job.save()
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def job_redispatch_stale() -> int:
    """Send again the jobs never picked up (broker outage, lost message) and those whose worker died.

    A running job silent for JOB_STALE_AFTER_SECONDS is queued again if it may run
    once more, or else marked failed: no job stays "running" forever.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_REDISPATCH_AFTER_SECONDS)
    to_send = list(
        Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    for job_id in Job.objects.filter(_stale_running_q()).values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=job_id).first()
            if job is None or not _is_stale(job):
                continue  # beat meanwhile
            if not _may_run_again(job):
                _fail_interrupted(job)
                continue
            logger.warning("Job %s (%s) lost its worker; queued again", job.pk, job.kind)
            job.status = JobStatus.QUEUED
            job.progress = 0
            job.heartbeat_at = None
            job.save(update_fields=["status", "progress", "heartbeat_at"])
        to_send.append(job_id)
    for job_id in to_send:
        _dispatch(job_id)
    return len(to_send)


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
