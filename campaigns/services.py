"""Writes for campaigns, the four lists, participation and instructions.

Every service validates the chain rule (links stay inside one campaign),
runs the model's ``full_clean()`` as a second guard, saves, and checks that
the actor may see what was written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_manages, ensure_region_in_scope
from deputies.models import Deputy
from proposals.models import Proposal

from .models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    SuggestionProblem,
    WorkItem,
)


def _cross_campaign(field: str) -> ApplicationError:
    return ApplicationError(_("关联的清单条目必须属于同一主题活动。"), field=field)


def _check_same_campaign(campaign: Campaign, field: str, *others) -> None:
    for other in others:
        if other is not None and other.campaign_id != campaign.pk:
            raise _cross_campaign(field)


def _check_region(*, actor, campaign: Campaign, region) -> None:
    _check_campaign_visible(actor, campaign)
    ensure_region_in_scope(actor, region)
    if not region.code.startswith(campaign.region.scope_prefix):
        raise ApplicationError(_("所属地区必须在主题活动组织单位的辖区内。"), field="region")


def _check_campaign_visible(actor, campaign: Campaign) -> None:
    if not Campaign.objects.visible_to(actor).filter(pk=campaign.pk).exists():
        raise PermissionDenied(_("该主题活动不在您的管辖范围内。"))


def _check_deputies_visible(actor, deputies: Iterable[Deputy]) -> list[Deputy]:
    deputies = list(deputies)
    ids = {d.pk for d in deputies}
    if ids and Deputy.objects.visible_to(actor).filter(pk__in=ids).count() != len(ids):
        raise ApplicationError(_("所选代表不在您的管辖范围内。"), field="deputies")
    return deputies


def _save(actor, obj):
    obj.full_clean()
    obj.save()
    ensure_in_scope(actor, obj)
    return obj


# Campaign
# ------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor,
    name: str,
    region,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    description: str = "",
    participating_regions: Iterable = (),
    parent: Campaign | None = None,
) -> Campaign:
    """Create a campaign (or a sub-activity of ``parent``) organised by ``region``'s congress."""
    ensure_region_in_scope(actor, region)
    if parent is not None:
        _check_campaign_visible(actor, parent)
    campaign = _save(
        actor,
        Campaign(
            name=name,
            region=region,
            start_date=start_date,
            end_date=end_date,
            description=description,
            parent=parent,
            created_by=actor,
        ),
    )
    campaign.participating_regions.set(list(participating_regions))
    return campaign


@transaction.atomic
def campaign_save(*, actor, campaign: Campaign) -> Campaign:
    """Save a campaign edited as a whole (admin); participating regions are saved by the caller."""
    if campaign.pk:
        # Regions taking part see the campaign; only the organiser's jurisdiction changes it.
        ensure_manages(actor, campaign)
    ensure_region_in_scope(actor, campaign.region)
    if campaign.created_by_id is None:
        campaign.created_by = actor
    return _save(actor, campaign)


# The four lists
# ------------------------------------------------------------------------------


@transaction.atomic
def work_item_create(
    *,
    actor,
    campaign: Campaign,
    region,
    title: str,
    description: str = "",
    responsible_unit: str = "",
    due_date: datetime.date | None = None,
    listed_on: datetime.date | None = None,
) -> WorkItem:
    _check_region(actor=actor, campaign=campaign, region=region)
    item = WorkItem(
        campaign=campaign,
        region=region,
        title=title,
        description=description,
        responsible_unit=responsible_unit,
        due_date=due_date,
        listed_on=listed_on,
        created_by=actor,
    )
    item.listed_on = listed_on or item.default_listed_on()
    return _save(actor, item)


@transaction.atomic
def problem_create(
    *,
    actor,
    campaign: Campaign,
    region,
    title: str,
    description: str = "",
    work_item: WorkItem | None = None,
    deputies: Iterable[Deputy] = (),
    found_on: datetime.date | None = None,
) -> ProblemItem:
    """Staff record a problem found by one or more deputies."""
    _check_region(actor=actor, campaign=campaign, region=region)
    _check_same_campaign(campaign, "work_item", work_item)
    deputies = _check_deputies_visible(actor, deputies)
    problem = _save(
        actor,
        ProblemItem(
            campaign=campaign,
            region=region,
            title=title,
            description=description,
            work_item=work_item,
            found_on=found_on or timezone.localdate(),
            created_by=actor,
        ),
    )
    problem.deputies.set(deputies)
    return problem


@transaction.atomic
def problem_report(
    *,
    actor,
    deputy: Deputy,
    campaign: Campaign,
    title: str,
    description: str = "",
    work_item: WorkItem | None = None,
    found_on: datetime.date | None = None,
) -> ProblemItem:
    """A deputy reports a problem they found, under one of their own mandates."""
    if deputy.person.user_id is None or deputy.person.user_id != actor.pk:
        raise PermissionDenied(_("只能以本人的代表身份报送问题。"))
    _check_campaign_visible(actor, campaign)
    if not deputy.region.code.startswith(campaign.region.scope_prefix):
        raise ApplicationError(_("您的代表所属地区不在该主题活动的范围内。"), field="deputy")
    _check_same_campaign(campaign, "work_item", work_item)
    problem = ProblemItem(
        campaign=campaign,
        region=deputy.region,
        title=title,
        description=description,
        work_item=work_item,
        found_on=found_on or timezone.localdate(),
        created_by=actor,
    )
    problem.full_clean()
    problem.save()
    problem.deputies.set([deputy])
    ensure_in_scope(actor, problem)
    return problem


def problem_dependents_message(problem: ProblemItem) -> str | None:
    """Why ``problem`` cannot be deleted, or None when nothing depends on it."""
    suggestions = list(SuggestionItem.objects.filter(problem_links__problem=problem).values_list("title", flat=True))
    if suggestions:
        return _("该问题已形成建议“%(titles)s”，不能删除；请先在建议中解除与该问题的关联。") % {
            "titles": "”“".join(suggestions[:3])
        }
    results = list(problem.results.values_list("title", flat=True)[:3])
    if results:
        return _("该问题已产生成果“%(titles)s”，不能删除。") % {"titles": "”“".join(results)}
    return None


@transaction.atomic
def problem_delete(*, actor, problem: ProblemItem) -> None:
    """Delete a problem no suggestion or result depends on."""
    ensure_in_scope(actor, problem)
    problem = ProblemItem.objects.select_for_update().get(pk=problem.pk)
    message = problem_dependents_message(problem)
    if message:
        raise ApplicationError(message)
    problem.delete()


@transaction.atomic
def work_item_delete(*, actor, work_item: WorkItem) -> None:
    ensure_in_scope(actor, work_item)
    if work_item.problems.exists() or work_item.results.exists():
        raise ApplicationError(_("该工作清单条目下已有问题或成果，不能删除。"))
    work_item.delete()


@transaction.atomic
def suggestion_create(
    *,
    actor,
    campaign: Campaign,
    region,
    title: str,
    description: str = "",
    problems: Iterable[ProblemItem] = (),
    formal_suggestion_number: str = "",
    formal_suggestion=None,
    listed_on: datetime.date | None = None,
) -> SuggestionItem:
    """A suggestion formed from one or more problems of the same campaign."""
    problems = list(problems)
    if formal_suggestion is not None:
        if not Proposal.objects.visible_to(actor).filter(pk=formal_suggestion.pk).exists():
            raise ApplicationError(_("所选正式建议不在您的管辖范围内。"), field="formal_suggestion")
        formal_suggestion_number = formal_suggestion_number or formal_suggestion.display_number
    if not problems:
        raise ApplicationError(_("建议须关联至少一个来源问题。"), field="problems")
    _check_region(actor=actor, campaign=campaign, region=region)
    _check_same_campaign(campaign, "problems", *problems)
    suggestion = SuggestionItem(
        campaign=campaign,
        region=region,
        title=title,
        description=description,
        formal_suggestion_number=formal_suggestion_number,
        formal_suggestion=formal_suggestion,
        created_by=actor,
    )
    suggestion.listed_on = listed_on or suggestion.default_listed_on(problems)
    suggestion = _save(actor, suggestion)
    suggestion_problems_set(actor=actor, suggestion=suggestion, problems=problems)
    return suggestion


@transaction.atomic
def suggestion_problems_set(*, actor, suggestion: SuggestionItem, problems: Iterable[ProblemItem]) -> None:
    """Replace the problems a suggestion was formed from."""
    ensure_in_scope(actor, suggestion)
    problems = list(problems)
    _check_same_campaign(suggestion.campaign, "problems", *problems)
    keep = {p.pk for p in problems}
    suggestion.problem_links.exclude(problem_id__in=keep).delete()
    existing = set(suggestion.problem_links.values_list("problem_id", flat=True))
    for problem in problems:
        if problem.pk not in existing:
            link = SuggestionProblem(suggestion=suggestion, problem=problem)
            link.full_clean()
            link.save()


@transaction.atomic
def suggestion_delete(*, actor, suggestion: SuggestionItem) -> None:
    ensure_in_scope(actor, suggestion)
    if suggestion.results.exists():
        raise ApplicationError(_("该建议已产生成果，不能删除。"))
    suggestion.delete()


@transaction.atomic
def result_create(
    *,
    actor,
    campaign: Campaign,
    region,
    title: str,
    description: str = "",
    suggestion: SuggestionItem | None = None,
    problem: ProblemItem | None = None,
    work_item: WorkItem | None = None,
    achieved_on: datetime.date | None = None,
) -> ResultItem:
    if suggestion is None and problem is None and work_item is None:
        raise ApplicationError(_("成果须关联产生它的建议、问题或工作清单条目。"), field="suggestion")
    _check_region(actor=actor, campaign=campaign, region=region)
    _check_same_campaign(campaign, "suggestion", suggestion)
    _check_same_campaign(campaign, "problem", problem)
    _check_same_campaign(campaign, "work_item", work_item)
    return _save(
        actor,
        ResultItem(
            campaign=campaign,
            region=region,
            title=title,
            description=description,
            suggestion=suggestion,
            problem=problem,
            work_item=work_item,
            achieved_on=achieved_on or timezone.localdate(),
            created_by=actor,
        ),
    )


@transaction.atomic
def item_save(*, actor, item):
    """Save an item edited as a whole (admin): the same checks as creation."""
    if item.pk:
        ensure_in_scope(actor, type(item).objects.get(pk=item.pk))
    campaign = item.campaign
    _check_region(actor=actor, campaign=campaign, region=item.region)
    for field in ("work_item", "suggestion", "problem", "result"):
        if hasattr(item, f"{field}_id"):
            _check_same_campaign(campaign, field, getattr(item, field))
    if item.created_by_id is None:
        item.created_by = actor
    if hasattr(item, "listed_on") and item.listed_on is None:
        item.listed_on = item.default_listed_on()
    return _save(actor, item)


# Participation and instructions
# ------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor,
    campaign: Campaign,
    region,
    title: str,
    activity_type: str,
    held_on: datetime.date,
    deputies: Iterable[Deputy] = (),
    person_times: int | None = None,
    problems_reported: int = 0,
) -> CampaignActivity:
    """Record an activity; person-times default to the deputies listed and cannot be fewer."""
    _check_region(actor=actor, campaign=campaign, region=region)
    deputies = _check_deputies_visible(actor, deputies)
    if person_times is None:
        person_times = len(deputies)
    if person_times < len(deputies):
        raise ApplicationError(_("参加人次不能少于所列参加代表人数。"), field="person_times")
    activity = _save(
        actor,
        CampaignActivity(
            campaign=campaign,
            region=region,
            title=title,
            activity_type=activity_type,
            held_on=held_on,
            person_times=person_times,
            problems_reported=problems_reported,
            created_by=actor,
        ),
    )
    activity.deputies.set(deputies)
    return activity


@transaction.atomic
def instruction_create(
    *,
    actor,
    campaign: Campaign,
    leader_name: str,
    instructed_on: datetime.date,
    text: str,
    leader_title: str = "",
    report_title: str = "",
    result: ResultItem | None = None,
    follow_up: str = "",
    followed_up_on: datetime.date | None = None,
) -> LeadershipInstruction:
    """Record a leader's instruction on the campaign report, or on one result."""
    _check_campaign_visible(actor, campaign)
    _check_same_campaign(campaign, "result", result)
    region = result.region if result is not None else campaign.region
    ensure_region_in_scope(actor, region)
    return _save(
        actor,
        LeadershipInstruction(
            campaign=campaign,
            result=result,
            region=region,
            report_title=report_title or (result.title if result else ""),
            leader_name=leader_name,
            leader_title=leader_title,
            instructed_on=instructed_on,
            text=text,
            follow_up=follow_up,
            followed_up_on=followed_up_on,
            created_by=actor,
        ),
    )


@transaction.atomic
def instruction_follow_up(
    *, actor, instruction: LeadershipInstruction, follow_up: str, followed_up_on: datetime.date | None = None
) -> LeadershipInstruction:
    ensure_in_scope(actor, instruction)
    instruction.follow_up = follow_up
    instruction.followed_up_on = followed_up_on or timezone.localdate()
    return _save(actor, instruction)
