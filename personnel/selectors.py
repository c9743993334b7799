"""Reads for personnel pages, the API and exports; all start from ``visible_to(user)``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, FloatField, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast, Coalesce, NullIf

from .choices import BallotChannel, DutyReportStatus, Grade
from .filters import AppointmentCaseFilterSet, DutyReportFilterSet, ReviewPlanFilterSet
from .models import (
    AppointmentCase,
    CommitteeMember,
    DutyReport,
    EvaluationParticipation,
    EvaluationTally,
    ReviewedHead,
    ReviewPlan,
    ReviewScore,
    StandingCommitteeSession,
)

if TYPE_CHECKING:
    from accounts.models import User


def _share(numerator, denominator):
    return Cast(numerator, FloatField()) * 100.0 / NullIf(denominator, 0)


def _filtered(queryset: QuerySet, filterset_class, filters: dict | None) -> QuerySet:
    if not filters:
        return queryset
    filterset = filterset_class(filters, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def session_list(*, user: User) -> QuerySet[StandingCommitteeSession]:
    return StandingCommitteeSession.objects.visible_to(user).select_related("congress")


def committee_member_list(*, user: User) -> QuerySet[CommitteeMember]:
    return CommitteeMember.objects.visible_to(user).select_related("congress", "user")


def appointment_case_list(*, user: User, filters: dict | None = None) -> QuerySet[AppointmentCase]:
    queryset = AppointmentCase.objects.visible_to(user).select_related("congress", "session__congress")
    return _filtered(queryset, AppointmentCaseFilterSet, filters)


def duty_report_list(*, user: User, filters: dict | None = None) -> QuerySet[DutyReport]:
    queryset = (
        DutyReport.objects.visible_to(user)
        .select_related("congress", "session__congress")
        .with_results()
        .order_by("-year", "-pk")
    )
    return _filtered(queryset, DutyReportFilterSet, filters)


def review_plan_list(*, user: User, filters: dict | None = None) -> QuerySet[ReviewPlan]:
    queryset = (
        ReviewPlan.objects.visible_to(user)
        .select_related("congress")
        .annotate(head_count=Count("heads"))
        .order_by("-year", "-pk")
    )
    return _filtered(queryset, ReviewPlanFilterSet, filters)


def evaluation_result(*, report: DutyReport) -> dict[str, Any]:
    """Counts and shares of each grade, summed over online and paper ballots by the database."""
    total = Coalesce(Sum("count"), 0)
    aggregates: dict[str, Any] = {"total": total}
    for grade in Grade:
        count = Coalesce(Sum("count", filter=Q(grade=grade)), 0)
        aggregates[f"{grade.value}_count"] = count
        aggregates[f"{grade.value}_share"] = _share(count, total)
    approved = Coalesce(Sum("count", filter=Q(grade__in=[Grade.EXCELLENT, Grade.COMPETENT])), 0)
    aggregates["approval_share"] = _share(approved, total)
    aggregates["online_total"] = Coalesce(Sum("count", filter=Q(channel=BallotChannel.ONLINE)), 0)
    aggregates["paper_total"] = Coalesce(Sum("count", filter=Q(channel=BallotChannel.PAPER)), 0)
    values = EvaluationTally.objects.filter(report=report).aggregate(**aggregates)
    values["rows"] = [
        {"grade": grade, "count": values[f"{grade.value}_count"], "share": values[f"{grade.value}_share"]}
        for grade in Grade
    ]
    values["participants"] = EvaluationParticipation.objects.filter(report=report).count()
    return values


def ballot_status(*, user: User, report: DutyReport) -> dict[str, Any]:
    """Whether ``user`` may still vote on ``report``: their membership and whether they voted."""
    member = CommitteeMember.objects.filter(congress_id=report.congress_id, user=user, is_active=True).first()
    voted = member is not None and EvaluationParticipation.objects.filter(report=report, member=member).exists()
    return {"member": member, "voted": voted}


def review_plan_heads(*, plan: ReviewPlan) -> QuerySet[ReviewedHead]:
    """Heads of a plan with their scores and the deputies' satisfaction share."""
    survey_total = Coalesce(_sum_fields("survey_satisfied", "survey_basic", "survey_unsatisfied"), 0)
    return (
        plan.heads.annotate(
            survey_total=survey_total,
            satisfied_share=_share("survey_satisfied", survey_total),
            satisfaction_share=_share(_sum_fields("survey_satisfied", "survey_basic"), survey_total),
        )
        .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.select_related("item")))
        .order_by("rank", "department", "pk")
    )


def _sum_fields(*names: str):
    expression = F(names[0])
    for name in names[1:]:
        expression = expression + F(name)
    return expression


def ballots_pending(*, user: User) -> QuerySet[DutyReport]:
    """Evaluations open now in which ``user`` is a member and has not voted yet."""
    memberships = CommitteeMember.objects.filter(user=user, is_active=True)
    return (
        DutyReport.objects.visible_to(user)
        .filter(status=DutyReportStatus.EVALUATING, congress__in=memberships.values("congress"))
        .exclude(participations__member__in=memberships)
        .select_related("congress")
    )
