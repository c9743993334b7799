"""Reads: lists, the chain of an item, and the four-list counts per region."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _

from regions.choices import SCOPE_PREFIX_LENGTH, RegionLevel
from regions.models import Region

from .choices import ListKind
from .filters import ITEM_FILTERSETS, CampaignFilterSet
from .models import (
    ITEM_MODELS,
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    WorkItem,
)

CHILD_LEVEL = {
    RegionLevel.PROVINCE: RegionLevel.CITY,
    RegionLevel.CITY: RegionLevel.COUNTY,
    RegionLevel.COUNTY: RegionLevel.TOWNSHIP,
}


def _filtered(queryset, filterset_class, filters, request=None):
    if filterset_class is None or filters is None:
        return queryset
    filterset = filterset_class(data=filters, queryset=queryset, request=request)
    return filterset.qs if filterset.is_valid() else queryset.none()


# Lists
# ------------------------------------------------------------------------------


def campaign_list(*, user, filters=None, request=None):
    qs = Campaign.objects.visible_to(user).select_related("region", "parent")
    return _filtered(qs, CampaignFilterSet, filters, request)


def work_item_queryset(*, user):
    return (
        WorkItem.objects.visible_to(user)
        .select_related("campaign", "region")
        .annotate(problem_count=Count("problems", distinct=True))
        .order_by("region__code", "-pk")
    )


def problem_queryset(*, user):
    return (
        ProblemItem.objects.visible_to(user)
        .select_related("campaign", "region", "work_item")
        .prefetch_related("deputies__person")
        .annotate(suggestion_count=Count("suggestion_links", distinct=True))
        .order_by("-found_on", "-pk")
    )


def suggestion_queryset(*, user):
    return (
        SuggestionItem.objects.visible_to(user)
        .select_related("campaign", "region")
        .annotate(problem_count=Count("problem_links", distinct=True), result_count=Count("results", distinct=True))
        .order_by("region__code", "-pk")
    )


def result_queryset(*, user):
    return ResultItem.objects.visible_to(user).select_related(
        "campaign", "region", "suggestion", "problem", "work_item"
    )


def activity_queryset(*, user):
    return (
        CampaignActivity.objects.visible_to(user)
        .select_related("campaign", "region")
        .annotate(deputy_count=Count("deputies", distinct=True))
        .order_by("-held_on", "-pk")
    )


def instruction_queryset(*, user):
    return LeadershipInstruction.objects.visible_to(user).select_related("campaign", "region", "result")


ITEM_QUERYSETS = {
    ListKind.WORK: work_item_queryset,
    ListKind.PROBLEM: problem_queryset,
    ListKind.SUGGESTION: suggestion_queryset,
    ListKind.RESULT: result_queryset,
}


def item_list(*, kind: str, user, filters=None, request=None):
    return _filtered(ITEM_QUERYSETS[kind](user=user), ITEM_FILTERSETS[kind], filters, request)


# Chain
# ------------------------------------------------------------------------------


@dataclass
class Chain:
    """An item with what led to it (upstream) and what came of it (downstream), by list."""

    item: object
    upstream: dict[str, list] = field(default_factory=dict)
    downstream: dict[str, list] = field(default_factory=dict)


def item_chain(*, user, item) -> Chain:
    """Follow the chain both ways from ``item``, showing only rows the user may see."""
    work = WorkItem.objects.visible_to(user).select_related("region")
    problems = ProblemItem.objects.visible_to(user).select_related("region")
    suggestions = SuggestionItem.objects.visible_to(user).select_related("region")
    results = ResultItem.objects.visible_to(user).select_related("region")
    chain = Chain(item=item)
    if isinstance(item, WorkItem):
        chain.downstream[ListKind.PROBLEM] = list(problems.filter(work_item=item))
        chain.downstream[ListKind.SUGGESTION] = list(
            suggestions.filter(problem_links__problem__work_item=item).distinct()
        )
        chain.downstream[ListKind.RESULT] = list(
            results.filter(
                Q(work_item=item) | Q(problem__work_item=item) | Q(suggestion__problem_links__problem__work_item=item)
            ).distinct()
        )
    elif isinstance(item, ProblemItem):
        chain.upstream[ListKind.WORK] = list(work.filter(problems=item))
        chain.downstream[ListKind.SUGGESTION] = list(suggestions.filter(problem_links__problem=item).distinct())
        chain.downstream[ListKind.RESULT] = list(
            results.filter(Q(problem=item) | Q(suggestion__problem_links__problem=item)).distinct()
        )
    elif isinstance(item, SuggestionItem):
        chain.upstream[ListKind.WORK] = list(work.filter(problems__suggestion_links__suggestion=item).distinct())
        chain.upstream[ListKind.PROBLEM] = list(problems.filter(suggestion_links__suggestion=item).distinct())
        chain.downstream[ListKind.RESULT] = list(results.filter(suggestion=item))
    elif isinstance(item, ResultItem):
        chain.upstream[ListKind.WORK] = list(
            work.filter(
                Q(results=item) | Q(problems__results=item) | Q(problems__suggestion_links__suggestion__results=item)
            ).distinct()
        )
        chain.upstream[ListKind.PROBLEM] = list(
            problems.filter(Q(results=item) | Q(suggestion_links__suggestion__results=item)).distinct()
        )
        chain.upstream[ListKind.SUGGESTION] = list(suggestions.filter(results=item))
    return chain


def item_get(*, kind: str, user, pk: int):
    return ITEM_MODELS[kind].objects.visible_to(user).select_related("campaign", "region").get(pk=pk)


# Counts per region, with drill-down
# ------------------------------------------------------------------------------


@dataclass
class RegionRow:
    key: str
    region: Region | None
    label: str
    own_level: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    activities: int = 0
    person_times: int = 0
    problems_reported: int = 0

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(kind, self.counts.get(kind, 0)) for kind in ListKind.values]

    @property
    def can_drill(self) -> bool:
        return self.region is not None and not self.own_level and self.region.level in CHILD_LEVEL


@dataclass
class CampaignCounts:
    region: Region
    rows: list[RegionRow]
    totals: dict[str, int]
    activities: int
    person_times: int
    problems_reported: int

    @property
    def total_cells(self) -> list[tuple[str, int]]:
        return [(kind, self.totals.get(kind, 0)) for kind in ListKind.values]


def _grouped_counts(queryset, prefix: str, child_length: int) -> dict[str, int]:
    """One GROUP BY query: row count per leading ``child_length`` digits of the region code."""
    return dict(
        queryset.filter(region__code__startswith=prefix)
        .annotate(key=Substr("region__code", 1, child_length))
        .order_by()
        .values("key")
        .annotate(n=Count("pk"))
        .values_list("key", "n")
    )


def campaign_region_counts(*, user, campaign: Campaign, region: Region) -> CampaignCounts:
    """Counts of the four lists and participation in ``region``, one row per child region.

    Each table is counted with one GROUP BY over the code prefix of the child
    level (city: 4 digits, county: 6, township: 9); no rows reach Python.
    Items at ``region``'s own level form a row of their own (本级).
    """
    prefix = region.scope_prefix
    child_level = CHILD_LEVEL.get(RegionLevel(region.level))
    child_length = SCOPE_PREFIX_LENGTH[child_level] if child_level else len(region.code)
    per_kind = {
        kind: _grouped_counts(model.objects.visible_to(user).filter(campaign=campaign), prefix, child_length)
        for kind, model in ITEM_MODELS.items()
    }
    participation = {
        key: (n, times, reported)
        for key, n, times, reported in CampaignActivity.objects.visible_to(user)
        .filter(campaign=campaign, region__code__startswith=prefix)
        .annotate(key=Substr("region__code", 1, child_length))
        .order_by()
        .values("key")
        .annotate(
            n=Count("pk"),
            times=Coalesce(Sum("person_times"), 0),
            reported=Coalesce(Sum("problems_reported"), 0),
        )
        .values_list("key", "n", "times", "reported")
    }
    rows: list[RegionRow] = []
    own_key = region.code[:child_length]
    own = RegionRow(key=own_key, region=region, label=_("%(name)s（本级）") % {"name": region.name}, own_level=True)
    by_key: dict[str, RegionRow] = {}
    if child_level:
        for child in Region.objects.filter(parent=region).order_by("code"):
            row = RegionRow(key=child.code[:child_length], region=child, label=child.name)
            by_key[row.key] = row
            rows.append(row)
    keys = set(participation)
    for counts in per_kind.values():
        keys |= set(counts)
    for key in keys:
        row = by_key.get(key) or own
        for kind, counts in per_kind.items():
            row.counts[kind] = row.counts.get(kind, 0) + counts.get(key, 0)
        n, times, reported = participation.get(key, (0, 0, 0))
        row.activities += n
        row.person_times += times
        row.problems_reported += reported
    if own.counts or own.activities:
        rows.insert(0, own)
    for row in rows:
        for kind in ITEM_MODELS:
            row.counts.setdefault(kind, 0)
    totals = {kind: sum(counts.values()) for kind, counts in per_kind.items()}
    return CampaignCounts(
        region=region,
        rows=rows,
        totals=totals,
        activities=sum(v[0] for v in participation.values()),
        person_times=sum(v[1] for v in participation.values()),
        problems_reported=sum(v[2] for v in participation.values()),
    )


def campaign_detail(*, user, pk: int) -> Campaign:
    return (
        Campaign.objects.visible_to(user)
        .select_related("region", "parent")
        .prefetch_related(
            "participating_regions",
            Prefetch("sub_activities", queryset=Campaign.objects.visible_to(user).select_related("region")),
        )
        .get(pk=pk)
    )


def sub_activity_participation(*, user, campaign: Campaign) -> dict[int, dict[str, int]]:
    """Participation totals per sub-activity of ``campaign``, within the user's scope (one query)."""
    return {
        row["campaign_id"]: row
        for row in CampaignActivity.objects.visible_to(user)
        .filter(campaign__parent=campaign)
        .order_by()
        .values("campaign_id")
        .annotate(
            activities=Count("pk"),
            person_times=Coalesce(Sum("person_times"), 0),
            problems_reported=Coalesce(Sum("problems_reported"), 0),
        )
    }


def deputy_campaign_summary(*, deputy, user) -> dict:
    """A deputy's part in campaigns (activities joined, problems found), as ``user`` may see it."""
    activities = (
        CampaignActivity.objects.visible_to(user)
        .filter(deputies=deputy)
        .select_related("campaign")
        .order_by("-held_on", "-pk")
    )
    problems = (
        ProblemItem.objects.visible_to(user)
        .filter(deputies=deputy)
        .select_related("campaign")
        .order_by("-found_on", "-pk")
    )
    return {
        "deputy": deputy,
        "activities": list(activities[:10]),
        "activity_count": activities.count(),
        "problems": list(problems[:10]),
        "problem_count": problems.count(),
    }


def campaign_home_summary(*, user, limit: int = 5) -> list[dict]:
    """The latest campaigns the user sees, each with its four counts within the user's scope."""
    campaigns = list(campaign_list(user=user).filter(parent__isnull=True)[:limit])
    ids = [c.pk for c in campaigns]
    per_kind = (
        {
            kind: dict(
                model.objects.visible_to(user)
                .filter(campaign_id__in=ids)
                .order_by()
                .values("campaign_id")
                .annotate(n=Count("pk"))
                .values_list("campaign_id", "n")
            )
            for kind, model in ITEM_MODELS.items()
        }
        if ids
        else {}
    )
    return [
        {"campaign": c, "cells": [(kind, per_kind.get(kind, {}).get(c.pk, 0)) for kind in ListKind.values]}
        for c in campaigns
    ]
