from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, JobStatus
from .scoping import RegionScopedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class RegionScopedModel(TimeStampedModel):
    """A record that belongs to a region; who may see it is decided by core.scoping.

    Subclasses name the path to their region (``region_lookup``) and, where a
    deputy owns the record, the path to that deputy's user (``owner_lookup``).
    """

    region_lookup: ClassVar[str] = "region"
    owner_lookup: ClassVar[str | None] = None

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        """Rows visible beyond the region rule (e.g. cross-region teams); None for none."""
        return None

    @classmethod
    def from_db(cls, db, field_names, values):
        # Kept so that the change audit (core.audit) can say which fields a save changed.
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance


class StatusEvent(models.Model):
    """One line of a record's history, written by ``core.workflow.move`` and nothing else.

    Who took which action, when, from which status to which, and why. Steps
    that record facts without changing the status (an exam score, a
    supervision) are kept too, with the same status on both sides. Each app's
    history table inherits this and adds the foreign key to its record.
    """

    status_choices: ClassVar[type[models.TextChoices]]

    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    action = models.CharField(_("操作"), max_length=32, blank=True)
    from_status = models.CharField(_("原状态"), max_length=32, blank=True)
    to_status = models.CharField(_("新状态"), max_length=32, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_label} → {self.to_label}"

    def _label(self, value: str) -> str:
        return str(dict(self.status_choices.choices).get(value, value)) if value else ""

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)

    @property
    def is_transition(self) -> bool:
        return self.from_status != self.to_status


class AuditEvent(models.Model):
    """Append-only security log: who did what, when, from where."""

    occurred_at = models.DateTimeField(_("发生时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    actor_username = models.CharField(_("账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices)
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    path = models.CharField(_("访问路径"), max_length=300, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-occurred_at"]
        # Not db_index=True: on PostgreSQL that adds a pattern-ops twin that no query uses.
        indexes = [models.Index(fields=["action"], name="auditevent_action_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()}"


class Job(models.Model):
    """Background work run by Celery: the outbox of the portal.

    Long work a user follows (import, export, rebuild) and work a submission
    needs (notification mail) alike: the row is written in the request's
    transaction before anything is sent to the broker, so a broker outage
    delays the work but never loses it, and a job runs once however often
    it is delivered.
    """

    kind = models.CharField(_("任务类型"), max_length=64)
    title = models.CharField(_("任务名称"), max_length=200)
    # Empty for internal work (e-mails, reminders) queued by the system rather than a user.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        related_name="jobs",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.TextField(_("结果说明"), blank=True)
    result = models.JSONField(_("结果数据"), default=dict, blank=True)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    input_file = models.FileField(_("上传文件"), upload_to="job-inputs/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("派发时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    # Written while the job runs (by its progress reports and a beat thread); a running
    # job whose heartbeat is older than JOB_STALE_AFTER_SECONDS lost its worker.
    heartbeat_at = models.DateTimeField(_("心跳时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    # Results go to their owner; an upload (an import's sheet, ID numbers in clear) to no one.
    media_prefixes: ClassVar[dict[str, str]] = {"result_file": "jobs/", "input_file": "job-inputs/"}

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def is_succeeded(self) -> bool:
        return self.status == JobStatus.SUCCEEDED

    @classmethod
    def can_read_media(cls, user, field_name: str, name: str) -> bool:
        if field_name != "result_file" or not user.is_authenticated:
            return False
        return cls.objects.filter(owner=user, result_file=name).exists()


class Notification(models.Model):
    """An in-app message; e-mailed at once or in the daily digest, as the user chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        related_name="notifications",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class SubmissionKey(models.Model):
    """One row per submitted form: a double click or a retry finds it and creates nothing twice."""

    key = models.CharField(_("提交标识"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    result_url = models.CharField(_("结果链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表单提交标识")
        verbose_name_plural = _("表单提交标识")

    def __str__(self) -> str:
        return self.key
