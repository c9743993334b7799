"""Livelihood projects voted by deputies (民生实事项目人大代表票决制)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.models import RegionScopedModel, StatusEvent, TimeStampedModel
from deputies.models import Deputy

from .choices import CallStatus, VoteStatus


class LivelihoodCall(RegionScopedModel):
    """A yearly call for deputies' proposed livelihood projects in one congress."""

    region_lookup = "congress__region"

    congress = models.ForeignKey(
        "deputies.Congress", verbose_name=_("所属人大"), related_name="livelihood_calls", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("项目年度"))
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    closes_on = models.DateField(_("征集截止"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=CallStatus.choices, default=CallStatus.OPEN)

    class Meta:
        verbose_name = _("民生实事项目征集")
        verbose_name_plural = _("民生实事项目征集")
        ordering = ["-year", "-pk"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="livelihood_call_unique_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("livelihood:call_detail", args=[self.pk])

    @classmethod
    def extra_visibility(cls, user) -> Q | None:
        if user.role == Role.DEPUTY:
            return Q(congress__in=Deputy.objects.filter(person__user=user).values("congress_id"))
        return None


class LivelihoodCallEvent(StatusEvent):
    """One step in a call's history (livelihood.workflow.CALL_FLOW), written by core.workflow.move."""

    status_choices = CallStatus

    call = models.ForeignKey(LivelihoodCall, related_name="events", on_delete=models.CASCADE)

    class Meta(StatusEvent.Meta):
        verbose_name = _("征集办理记录")
        verbose_name_plural = _("征集办理记录")


class LivelihoodCandidate(TimeStampedModel):
    """A candidate project put to the deputies' vote, merged from deputies' proposals."""

    call = models.ForeignKey(LivelihoodCall, related_name="candidates", on_delete=models.CASCADE)
    title = models.CharField(_("项目名称"), max_length=200)
    description = models.TextField(_("项目内容"))
    department = models.CharField(_("牵头部门"), max_length=100, blank=True)
    budget = models.DecimalField(_("预算（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    elected = models.BooleanField(_("票决通过"), default=False)

    objects = models.Manager()

    class Meta:
        verbose_name = _("候选项目")
        verbose_name_plural = _("候选项目")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class LivelihoodProposal(RegionScopedModel):
    """A project a deputy proposes in answer to a call."""

    region_lookup = "call__congress__region"
    owner_lookup = "deputy__person__user"

    call = models.ForeignKey(LivelihoodCall, related_name="proposals", on_delete=models.CASCADE)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("提出代表"), related_name="livelihood_proposals", on_delete=models.PROTECT
    )
    title = models.CharField(_("项目名称"), max_length=200)
    description = models.TextField(_("项目内容及理由"))
    candidate = models.ForeignKey(
        LivelihoodCandidate,
        verbose_name=_("归并至候选项目"),
        null=True,
        blank=True,
        related_name="sources",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("代表提出的民生实事项目")
        verbose_name_plural = _("代表提出的民生实事项目")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class VoteSession(TimeStampedModel):
    """The deputies' vote on a call's candidates: more candidates than places (差额票决)."""

    call = models.OneToOneField(LivelihoodCall, related_name="vote", on_delete=models.CASCADE)
    places = models.PositiveSmallIntegerField(_("票决项目数"))
    quorum_percent = models.PositiveSmallIntegerField(_("有效投票比例（%）"), default=50)
    pass_percent = models.PositiveSmallIntegerField(_("通过所需赞成票比例（%）"), default=50)
    status = models.CharField(_("状态"), max_length=16, choices=VoteStatus.choices, default=VoteStatus.DRAFT)
    eligible_count = models.PositiveIntegerField(_("应参加投票代表数"), default=0)
    ballots_cast = models.PositiveIntegerField(_("实际投票数"), default=0)
    quorum_met = models.BooleanField(_("达到有效人数"), default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("票决")
        verbose_name_plural = _("票决")

    def __str__(self) -> str:
        return str(self.call)

    def get_absolute_url(self) -> str:
        """A vote is shown on its call's page."""
        return self.call.get_absolute_url()


class VoteSessionEvent(StatusEvent):
    """One step in a vote's history (livelihood.workflow.VOTE_FLOW), written by core.workflow.move."""

    status_choices = VoteStatus

    vote = models.ForeignKey(VoteSession, related_name="events", on_delete=models.CASCADE)

    class Meta(StatusEvent.Meta):
        verbose_name = _("票决办理记录")
        verbose_name_plural = _("票决办理记录")


class Ballot(models.Model):
    """That a deputy voted, and nothing about how: choices go to VoteTally counters only."""

    vote = models.ForeignKey(VoteSession, related_name="ballots", on_delete=models.CASCADE)
    deputy = models.ForeignKey("deputies.Deputy", related_name="ballots", on_delete=models.PROTECT)
    cast_on = models.DateField(_("投票日期"), auto_now_add=True)

    class Meta:
        verbose_name = _("投票记录")
        verbose_name_plural = _("投票记录")
        constraints = [models.UniqueConstraint(fields=["vote", "deputy"], name="ballot_one_per_deputy")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.deputy_id}"


class VoteTally(models.Model):
    """Running counts per candidate, updated under a row lock; no link to any voter."""

    vote = models.ForeignKey(VoteSession, related_name="tallies", on_delete=models.CASCADE)
    candidate = models.OneToOneField(LivelihoodCandidate, related_name="tally", on_delete=models.CASCADE)
    for_count = models.PositiveIntegerField(_("赞成"), default=0)
    against_count = models.PositiveIntegerField(_("反对"), default=0)
    abstain_count = models.PositiveIntegerField(_("弃权"), default=0)

    class Meta:
        verbose_name = _("计票")
        verbose_name_plural = _("计票")
        ordering = ["candidate__order", "candidate_id"]

    def __str__(self) -> str:
        return f"{self.candidate} {self.for_count}/{self.against_count}/{self.abstain_count}"


class ProjectProgress(models.Model):
    """A progress report on a project passed by the vote."""

    candidate = models.ForeignKey(LivelihoodCandidate, related_name="progress_reports", on_delete=models.CASCADE)
    reported_on = models.DateField(_("报告日期"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    content = models.TextField(_("进展情况"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.candidate} {self.percent}%"
