from django.db import models
from django.db.models import FloatField, Q, Sum
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel, StatusEvent
from core.scoping import RegionScopedQuerySet

from ..choices import BallotChannel, DutyReportStatus, Grade
from .committee import CommitteeMember


def _share(numerator, denominator):
    """A percentage computed by the database from two counts (never an average)."""
    return Cast(numerator, FloatField()) * 100.0 / NullIf(denominator, 0)


class DutyReportQuerySet(RegionScopedQuerySet):
    def with_results(self):
        """Ballot totals and shares per grade, counted in SQL over the tallies."""
        total = Coalesce(Sum("tallies__count"), 0)
        annotations = {"ballots_total": total}
        for grade in Grade:
            count = Coalesce(Sum("tallies__count", filter=Q(tallies__grade=grade)), 0)
            annotations[f"{grade.value}_count"] = count
            annotations[f"{grade.value}_share"] = _share(count, total)
        approved = Coalesce(Sum("tallies__count", filter=Q(tallies__grade__in=[Grade.EXCELLENT, Grade.COMPETENT])), 0)
        annotations["approval_share"] = _share(approved, total)
        return self.annotate(**annotations)


class DutyReport(RegionScopedModel):
    """A post-appointment duty report (述职) with its democratic evaluation (民主测评).

    Four steps: preliminary review by a special committee, collective review
    by the chairpersons' meeting, report and evaluation at a session,
    feedback to the person; the result may then be reported upward.
    """

    region_lookup = "congress__region"

    congress = models.ForeignKey(
        "deputies.Congress", verbose_name=_("人民代表大会"), related_name="duty_reports", on_delete=models.PROTECT
    )
    appointment = models.ForeignKey(
        "personnel.AppointmentCase",
        verbose_name=_("任免案"),
        null=True,
        blank=True,
        related_name="duty_reports",
        on_delete=models.SET_NULL,
    )
    session = models.ForeignKey(
        "personnel.StandingCommitteeSession",
        verbose_name=_("述职会议"),
        null=True,
        blank=True,
        related_name="duty_reports",
        on_delete=models.PROTECT,
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    person_name = models.CharField(_("述职人"), max_length=64, db_index=True)
    post = models.CharField(_("职务"), max_length=200)
    special_committee = models.CharField(_("初审专门委员会"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=32, choices=DutyReportStatus.choices, default=DutyReportStatus.REGISTERED, db_index=True
    )
    preliminary_on = models.DateField(_("初审日期"), null=True, blank=True)
    preliminary_opinion = models.TextField(_("初审意见"), blank=True)
    chairpersons_on = models.DateField(_("主任会议审议日期"), null=True, blank=True)
    chairpersons_opinion = models.TextField(_("主任会议审议意见"), blank=True)
    evaluation_opened_at = models.DateTimeField(_("测评开始时间"), null=True, blank=True)
    evaluation_closed_at = models.DateTimeField(_("测评结束时间"), null=True, blank=True)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    feedback = models.TextField(_("测评结果和审议意见反馈"), blank=True)
    reported_on = models.DateField(_("上报日期"), null=True, blank=True)
    reported_note = models.TextField(_("上报说明"), blank=True)

    objects = DutyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("述职评议")
        verbose_name_plural = _("述职评议")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return _("%(name)s（%(post)s）述职") % {"name": self.person_name, "post": self.post}

    def get_absolute_url(self) -> str:
        return reverse("personnel:report_detail", args=[self.pk])

    @property
    def is_evaluating(self) -> bool:
        """Members are casting their ballots now."""
        return self.status == DutyReportStatus.EVALUATING

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        """Standing-committee members see the reports they are asked to evaluate."""
        # A subquery, not a join: a join would repeat each row once per member.
        memberships = CommitteeMember.objects.filter(user=user, is_active=True).values("congress")
        return Q(status=DutyReportStatus.EVALUATING, congress__in=memberships)


class DutyReportEvent(StatusEvent):
    """History of a duty report."""

    status_choices = DutyReportStatus

    report = models.ForeignKey(DutyReport, verbose_name=_("述职评议"), related_name="events", on_delete=models.CASCADE)

    class Meta(StatusEvent.Meta):
        verbose_name = _("述职评议办理记录")
        verbose_name_plural = _("述职评议办理记录")


class EvaluationParticipation(models.Model):
    """That a member has voted in an evaluation, and nothing about how.

    The choice goes to a counter (EvaluationTally) that has neither a member
    nor a timestamp, so no row links a member to a grade.
    """

    report = models.ForeignKey(
        DutyReport, verbose_name=_("述职评议"), related_name="participations", on_delete=models.CASCADE
    )
    member = models.ForeignKey(
        "personnel.CommitteeMember", verbose_name=_("常委会组成人员"), related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("测评参与记录")
        verbose_name_plural = _("测评参与记录")
        constraints = [
            models.UniqueConstraint(fields=["report", "member"], name="personnel_one_ballot_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.member_id}"


class EvaluationTally(models.Model):
    """Ballot count of one grade from one channel (online votes, or paper totals entered by staff)."""

    report = models.ForeignKey(DutyReport, verbose_name=_("述职评议"), related_name="tallies", on_delete=models.CASCADE)
    channel = models.CharField(_("来源"), max_length=16, choices=BallotChannel.choices)
    grade = models.CharField(_("测评等次"), max_length=16, choices=Grade.choices)
    count = models.PositiveIntegerField(_("票数"), default=0)

    class Meta:
        verbose_name = _("测评计票")
        verbose_name_plural = _("测评计票")
        constraints = [
            models.UniqueConstraint(fields=["report", "channel", "grade"], name="personnel_tally_unique"),
            models.CheckConstraint(condition=Q(count__gte=0), name="personnel_tally_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} {self.count}"
