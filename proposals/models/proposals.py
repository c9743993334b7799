from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.models import RegionScopedModel, StatusEvent, TimeStampedModel
from core.scoping import RegionScopedQuerySet, sees_everything
from core.workflow import workflow_for
from deputies.models import Deputy

from ..choices import CosignStatus, EventAction, ExtensionStatus, ProposalCategory, ProposalKind, ProposalStatus
from .base import ProposalChildQuerySet
from .handling import Assignment, HandlingUnitMembership


class Session(RegionScopedModel):
    """A session of one congress (e.g. 省十四届人大二次会议) with its filing window and handling rules."""

    region_lookup = "congress__region"

    congress = models.ForeignKey(
        "deputies.Congress", verbose_name=_("所属人大"), related_name="proposal_sessions", on_delete=models.PROTECT
    )
    name = models.CharField(_("会议名称"), max_length=100)
    sequence = models.PositiveSmallIntegerField(_("会议次数"), default=1)
    filing_opens = models.DateField(_("提出开始日期"), null=True, blank=True)
    filing_closes = models.DateField(_("提出截止日期"), null=True, blank=True)
    min_motion_cosigners = models.PositiveSmallIntegerField(_("议案最少附议人数"), default=9)
    handling_months = models.PositiveSmallIntegerField(_("办理期限（月）"), default=3)
    max_handling_months = models.PositiveSmallIntegerField(_("延期后最长期限（月）"), default=6)
    rehandling_months = models.PositiveSmallIntegerField(_("重新办理期限（月）"), default=1)
    accept_days = models.PositiveSmallIntegerField(_("接受任务时限（工作日）"), default=5)
    communicate_days = models.PositiveSmallIntegerField(_("沟通协调时限（工作日）"), default=20)
    implement_days = models.PositiveSmallIntegerField(_("推进实施时限（工作日）"), default=30)
    report_days = models.PositiveSmallIntegerField(_("落实反馈时限（工作日）"), default=10)
    due_soon_days = models.PositiveSmallIntegerField(_("临期提醒（工作日）"), default=10)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-filing_opens", "-pk"]
        constraints = [models.UniqueConstraint(fields=["congress", "sequence"], name="proposal_session_unique")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def extra_visibility(cls, user) -> Q | None:
        # Deputies file in the sessions of the congresses they belong to.
        if user.role == Role.DEPUTY:
            return Q(congress__in=Deputy.objects.filter(person__user=user).values("congress_id"))
        if user.role == Role.UNIT_STAFF:
            return Q(congress__region__in=HandlingUnitMembership.objects.filter(user=user).values("unit__region_id"))
        return None

    def stage_limits(self) -> dict[str, int]:
        return {
            "accept": self.accept_days,
            "communicate": self.communicate_days,
            "implement": self.implement_days,
            "report": self.report_days,
        }


class NumberCounter(models.Model):
    """The last official number used per session and kind; locked while a number is drawn."""

    session = models.ForeignKey(Session, related_name="counters", on_delete=models.CASCADE)
    kind = models.CharField(max_length=32, choices=ProposalKind.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [models.UniqueConstraint(fields=["session", "kind"], name="proposal_counter_unique")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.kind}: {self.last_number}"


class ProposalQuerySet(RegionScopedQuerySet):
    def visible_to(self, user):
        """Core scoping, minus drafts of other people.

        A draft is the deputy's private work: region staff, handling units and
        other deputies must not see it even though the region rule would match.
        Only the filing deputy and the deputies invited to co-sign it (who must
        read it to confirm) see a draft. The rule lives here, in the model's own
        visibility, so every view, API, admin and export inherits it.
        """
        qs = super().visible_to(user)
        if sees_everything(user):
            return qs
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        participant = Q(deputy__person__user=user) | Q(
            pk__in=Cosignature.objects.filter(deputy__person__user=user).values("proposal_id")
        )
        return qs.exclude(Q(status=ProposalStatus.DRAFT) & ~participant)


class Proposal(RegionScopedModel):
    """A motion (议案) or suggestion (建议) filed by a deputy in one session."""

    owner_lookup = "deputy__person__user"

    session = models.ForeignKey(Session, verbose_name=_("会议"), related_name="proposals", on_delete=models.PROTECT)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属行政区划"), related_name="proposals", on_delete=models.PROTECT
    )
    kind = models.CharField(_("类别"), max_length=32, choices=ProposalKind.choices, db_index=True)
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("领衔代表"), related_name="proposals", on_delete=models.PROTECT
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    category = models.CharField(_("分类"), max_length=32, choices=ProposalCategory.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, db_index=True
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    disclosure_agreed = models.BooleanField(_("同意公开"), default=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    converted_from_motion = models.BooleanField(_("由议案转为建议"), default=False)
    # A residents' opinion item this suggestion grew out of (escalation keeps the link).
    source_opinion = models.ForeignKey(
        "liaison_stations.OpinionItem",
        verbose_name=_("来源民情民意"),
        null=True,
        blank=True,
        related_name="suggestions",
        on_delete=models.SET_NULL,
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    registered_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    deadline = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("议案建议")
        verbose_name_plural = _("议案建议")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "kind", "number"], name="proposal_number_unique"),
        ]
        indexes = [
            models.Index(fields=["session", "status"], name="proposal_session_status_idx"),
            # Records changed since the statistics' last incremental refresh.
            models.Index(fields=["updated_at"], name="proposal_changed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("proposals:proposal_detail", args=[self.pk])

    @classmethod
    def extra_visibility(cls, user) -> Q | None:
        if user.role == Role.DEPUTY:
            return Q(pk__in=Cosignature.objects.filter(deputy__person__user=user).values("proposal_id"))
        if user.role == Role.UNIT_STAFF:
            return Q(pk__in=Assignment.objects.filter(active=True, unit__memberships__user=user).values("proposal_id"))
        return None

    @property
    def display_number(self) -> str:
        return f"第{self.number:04d}号" if self.number else ""

    @property
    def open_return_reason(self) -> str:
        """Why the office returned it, while it waits for the deputy's revision."""
        return self.return_reason if self.status == ProposalStatus.RETURNED else ""

    @property
    def is_motion(self) -> bool:
        return self.kind == ProposalKind.MOTION


class Cosignature(models.Model):
    """A deputy invited to co-sign (附议) a proposal, and their answer."""

    proposal_path = "proposal"

    proposal = models.ForeignKey(Proposal, related_name="cosignatures", on_delete=models.CASCADE)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("附议代表"), related_name="cosignatures", on_delete=models.PROTECT
    )
    status = models.CharField(_("状态"), max_length=16, choices=CosignStatus.choices, default=CosignStatus.INVITED)
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("附议")
        verbose_name_plural = _("附议")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "deputy"], name="proposal_cosign_unique")]

    def __str__(self) -> str:
        return f"{self.deputy_id} → {self.proposal_id}"


def attachment_path(instance, filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a proposal or to a reply."""

    proposal_path = "proposal"

    proposal = models.ForeignKey(Proposal, related_name="attachments", on_delete=models.CASCADE)
    reply = models.ForeignKey(
        "proposals.Reply", null=True, blank=True, related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ProposalChildQuerySet.as_manager()

    media_prefixes: ClassVar[dict[str, str]] = {"file": "proposals/"}

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def can_read_media(cls, user, field_name: str, name: str) -> bool:
        """Private: readable exactly by those who see the proposal (core.media)."""
        return user.is_authenticated and cls.objects.visible_to(user).filter(file=name).exists()


class ProposalEvent(StatusEvent):
    """One line of a proposal's history, written by ``core.workflow.move``.

    Proposal steps write it with ``proposal`` alone; a co-signer's answer and a
    decision on an extension write it too (``cosignature``/``extension`` set),
    so that the proposal's history is complete in one table.
    """

    proposal_path = "proposal"
    status_choices = ProposalStatus

    proposal = models.ForeignKey(Proposal, related_name="events", on_delete=models.CASCADE)
    cosignature = models.ForeignKey(Cosignature, null=True, blank=True, related_name="events", on_delete=models.CASCADE)
    extension = models.ForeignKey(
        "proposals.ExtensionRequest", null=True, blank=True, related_name="events", on_delete=models.CASCADE
    )

    objects = ProposalChildQuerySet.as_manager()

    class Meta(StatusEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.action}"

    def _label(self, value: str) -> str:
        if not value:
            return ""
        choices = CosignStatus if self.cosignature_id else ExtensionStatus if self.extension_id else ProposalStatus
        return str(dict(choices.choices).get(value, value))

    @property
    def action_label(self) -> str:
        """The step's label in the workflow it belongs to (the draft's creation has none)."""
        extension_model = self._meta.get_field("extension").related_model
        model = Cosignature if self.cosignature_id else extension_model if self.extension_id else Proposal
        try:
            return str(workflow_for(model).get(self.action).label)
        except LookupError:
            return str(dict(EventAction.choices).get(self.action, self.action))


class KeySupervision(TimeStampedModel):
    """A suggestion chosen for key supervision (重点督办) with the leader in charge."""

    proposal_path = "proposal"

    proposal = models.OneToOneField(Proposal, related_name="key_supervision", on_delete=models.CASCADE)
    leader = models.CharField(_("督办领导"), max_length=64)
    reason = models.TextField(_("督办理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点督办")
        verbose_name_plural = _("重点督办")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.leader}"


class SupervisionRecord(models.Model):
    """One supervision activity on a key-supervised suggestion."""

    proposal_path = "supervision__proposal"

    supervision = models.ForeignKey(KeySupervision, related_name="records", on_delete=models.CASCADE)
    happened_on = models.DateField(_("督办日期"))
    content = models.TextField(_("督办情况"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.content[:20]}"


class ReminderLog(models.Model):
    """One deadline reminder sent to one user on one day, so that the daily job is idempotent."""

    sent_on = models.DateField(_("发送日期"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    key = models.CharField(_("提醒对象"), max_length=64)

    class Meta:
        verbose_name = _("办理提醒记录")
        verbose_name_plural = _("办理提醒记录")
        constraints = [
            models.UniqueConstraint(fields=["sent_on", "recipient", "key"], name="proposal_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.key}"
