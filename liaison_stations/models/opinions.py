import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel, StatusEvent

from ..choices import OpinionAction, OpinionCategory, OpinionSource, OpinionStatus, Rating, ReminderKind
from ..querysets import OpinionItemQuerySet

# No 0/O, 1/I/L: residents read the code off a phone screen and type it back.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 12
STATUS_BADGES = {OpinionStatus.CLOSED: "text-bg-success", OpinionStatus.PENDING: "text-bg-secondary"}


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class OpinionItem(RegionScopedModel):
    """A resident's opinion or request (民情民意) and where its handling stands.

    The status moves only through the services in liaison_stations.services;
    ``step_due_date`` is the deadline of the step that comes next. A deputy
    suggestion in the proposals app may later point here with a nullable
    foreign key (escalation keeps the link from the suggestion's side).
    """

    owner_lookup = "assigned_deputy__person__user"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区划"), related_name="opinion_items", on_delete=models.PROTECT
    )
    station = models.ForeignKey(
        "liaison_stations.Station",
        verbose_name=_("联络站"),
        null=True,
        blank=True,
        related_name="opinion_items",
        on_delete=models.PROTECT,
    )
    reception = models.ForeignKey(
        "liaison_stations.Reception",
        verbose_name=_("接待活动"),
        null=True,
        blank=True,
        related_name="opinion_items",
        on_delete=models.SET_NULL,
    )
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("反映内容"))
    category = models.CharField(_("类别"), max_length=32, choices=OpinionCategory.choices, db_index=True)
    source = models.CharField(_("来源"), max_length=16, choices=OpinionSource.choices, default=OpinionSource.RECEPTION)
    location = models.CharField(_("发生地点"), max_length=200, blank=True)
    resident_name = models.CharField(_("反映人"), max_length=64, blank=True)
    resident_phone = models.CharField(_("反映人电话"), max_length=32, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    receiving_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("接收代表"),
        null=True,
        blank=True,
        related_name="received_opinion_items",
        on_delete=models.SET_NULL,
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=OpinionStatus.choices, default=OpinionStatus.PENDING, db_index=True
    )
    step_due_date = models.DateField(_("当前环节办理期限"), null=True, blank=True, db_index=True)
    assigned_unit = models.CharField(_("承办部门"), max_length=100, blank=True)
    assigned_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("承办代表"),
        null=True,
        blank=True,
        related_name="assigned_opinion_items",
        on_delete=models.SET_NULL,
    )
    handling_result = models.TextField(_("办理情况"), blank=True)
    supervision_note = models.TextField(_("督办意见"), blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True, default=new_tracking_code, editable=False)
    rating = models.CharField(_("群众评价"), max_length=24, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    objects = OpinionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("民情民意")
        verbose_name_plural = _("民情民意")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "step_due_date"], name="opinion_status_due_idx"),
            # Overdue items: the few still open, by deadline, with their region
            # so that counting them per region reads the index alone.
            models.Index(
                fields=["step_due_date", "region"],
                condition=~models.Q(status=OpinionStatus.CLOSED),
                name="opinion_open_due_idx",
            ),
            # Month ranges of the statistics' refresh, and records changed since its last run.
            models.Index(fields=["created_at"], name="opinion_created_idx"),
            models.Index(fields=["closed_at"], name="opinion_closed_idx"),
            models.Index(fields=["updated_at"], name="opinion_changed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=OpinionStatus.CLOSED) | models.Q(rating=""),
                name="opinion_rated_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("liaison_stations:opinion_detail", args=[self.pk])

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        # A deputy also sees what residents addressed to them through their code.
        if getattr(user, "is_deputy", False):
            return models.Q(receiving_deputy__person__user=user)
        return None

    @property
    def is_closed(self) -> bool:
        return self.status == OpinionStatus.CLOSED

    @property
    def status_badge(self) -> str:
        """The badge colour of the item's status on its pages."""
        return STATUS_BADGES.get(self.status, "text-bg-primary")


class OpinionTransition(RegionScopedModel, StatusEvent):
    """One step of an item's handling: who moved it, when, from where to where, and why.

    Written by ``core.workflow.move`` (and, for the item's first line, by its
    creation); ``actor_label`` names the actor as the resident reads it and
    ``due_date`` is the deadline the step set for the next one.
    """

    region_lookup = "item__region"
    status_choices = OpinionStatus

    item = models.ForeignKey(
        OpinionItem, verbose_name=_("民情民意"), related_name="transitions", on_delete=models.CASCADE
    )
    actor_label = models.CharField(_("操作人名称"), max_length=100, blank=True)
    due_date = models.DateField(_("下一环节期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status or '-'} → {self.to_status}"

    @property
    def action_label(self) -> str:
        return str(dict(OpinionAction.choices).get(self.action, self.action))


class OpinionReminder(models.Model):
    """A reminder sent about one item to one user on one day; makes the reminder run idempotent."""

    item = models.ForeignKey(
        OpinionItem, verbose_name=_("民情民意"), related_name="reminders", on_delete=models.CASCADE
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), related_name="+", on_delete=models.CASCADE
    )
    kind = models.CharField(_("提醒类型"), max_length=16, choices=ReminderKind.choices)
    sent_on = models.DateField(_("提醒日期"))

    class Meta:
        verbose_name = _("催办提醒")
        verbose_name_plural = _("催办提醒")
        constraints = [
            models.UniqueConstraint(fields=["item", "recipient", "kind", "sent_on"], name="opinion_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.sent_on}"
