"""Reviews of department heads: items, heads, survey, scores, ranking, rectification."""

import datetime
from decimal import Decimal

import pytest

from core.exceptions import ApplicationError
from personnel import selectors, services
from personnel.choices import RectificationStatus, ReviewPlanStatus
from tests.personnel.factories import ReviewPlanFactory

pytestmark = pytest.mark.django_db


def scoring_plan(actor):
    plan = ReviewPlanFactory()
    law = services.review_plan_add_item(actor=actor, plan=plan, name="依法行政", max_score=Decimal("40"))
    work = services.review_plan_add_item(actor=actor, plan=plan, name="工作实绩", max_score=Decimal("60"))
    heads = [
        services.review_plan_add_head(actor=actor, plan=plan, name=name, department=dept, post="局长")
        for name, dept in [("王芳", "教育局"), ("李强", "民政局"), ("张敏", "住建局")]
    ]
    services.review_plan_start_survey(actor=actor, plan=plan)
    services.review_head_record_survey(actor=actor, head=heads[0], satisfied=80, basic=15, unsatisfied=5)
    services.review_plan_start_scoring(actor=actor, plan=plan)
    return plan, law, work, heads


def test_heads_are_ranked_by_total_score_with_ties_sharing_a_rank(province_user):
    plan, law, work, (wang, li, zhang) = scoring_plan(province_user)
    for head, (a, b) in zip([wang, li, zhang], [("35", "50"), ("38", "55"), ("30", "55")], strict=True):
        services.review_head_record_scores(
            actor=province_user, head=head, scores={law.pk: Decimal(a), work.pk: Decimal(b)}
        )

    plan = services.review_plan_rank(actor=province_user, plan=plan)

    assert plan.status == ReviewPlanStatus.RANKED
    ranking = [(h.department, h.total_score, h.rank) for h in selectors.review_plan_heads(plan=plan)]
    assert ranking == [
        ("民政局", Decimal("93.0"), 1),
        ("住建局", Decimal("85.0"), 2),
        ("教育局", Decimal("85.0"), 2),
    ]
    wang_row = next(h for h in selectors.review_plan_heads(plan=plan) if h.pk == wang.pk)
    assert wang_row.satisfaction_share == pytest.approx(95.0)


def test_ranking_waits_for_every_score(province_user):
    plan, law, _work, (wang, _li, _zhang) = scoring_plan(province_user)
    services.review_head_record_scores(actor=province_user, head=wang, scores={law.pk: Decimal("30")})
    with pytest.raises(ApplicationError, match="尚未完成评分"):
        services.review_plan_rank(actor=province_user, plan=plan)


def test_a_score_above_full_marks_is_refused(province_user):
    _plan, law, _work, (wang, *_rest) = scoring_plan(province_user)
    with pytest.raises(ApplicationError, match="“依法行政”的得分须在0到40"):
        services.review_head_record_scores(actor=province_user, head=wang, scores={law.pk: Decimal("41")})


def test_the_plan_closes_only_when_rectification_is_done(province_user):
    plan, law, work, heads = scoring_plan(province_user)
    for head in heads:
        services.review_head_record_scores(
            actor=province_user, head=head, scores={law.pk: Decimal("30"), work.pk: Decimal("40")}
        )
    services.review_plan_rank(actor=province_user, plan=plan)
    services.review_head_record_rectification(
        actor=province_user, head=heads[1], status=RectificationStatus.REQUIRED, requirement="加快养老服务设施建设"
    )
    services.review_plan_start_rectification(actor=province_user, plan=plan)
    with pytest.raises(ApplicationError, match="仍有1个部门整改未完成"):
        services.review_plan_close(actor=province_user, plan=plan)
    services.review_head_record_rectification(
        actor=province_user,
        head=heads[1],
        status=RectificationStatus.DONE,
        report="新建养老服务中心3处",
        rectified_on=datetime.date(2026, 11, 1),
    )
    plan = services.review_plan_close(actor=province_user, plan=plan)
    assert plan.status == ReviewPlanStatus.CLOSED


def test_heads_and_items_are_fixed_once_the_survey_starts(province_user):
    plan, *_ = scoring_plan(province_user)
    with pytest.raises(ApplicationError, match="当前状态为“评分中”，不能列入评议对象"):
        services.review_plan_add_head(actor=province_user, plan=plan, name="赵丽", department="卫健委", post="主任")
