"""Reads for publicity: staff lists and dashboards (scoped), public pages (published only)."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deputies.models import Deputy

from .choices import PostStatus, Theme
from .filters import PostFilterSet
from .models import Brand, KeyDate, Post


def _deputies_prefetch() -> Prefetch:
    return Prefetch("featured_deputies", queryset=Deputy.objects.select_related("person").order_by("person__name"))


def post_list(*, user, filters: dict | None = None) -> QuerySet[Post]:
    """Posts the user may see, with what the list page, API and export show."""
    queryset = (
        Post.objects.visible_to(user)
        .select_related("region", "author", "key_date")
        .prefetch_related(_deputies_prefetch())
    )
    if filters:
        queryset = PostFilterSet(filters, queryset=queryset, request=_RequestLike(user)).qs
    return queryset


def post_get(*, user, pk: int) -> Post:
    return get_object_or_404(post_list(user=user), pk=pk)


class _RequestLike:
    """Just enough of a request for FilterSets used outside a request (exports, selectors)."""

    def __init__(self, user):
        self.user = user


# Public pages
# ------------------------------------------------------------------------------


def post_list_public(*, theme: str | None = None) -> QuerySet[Post]:
    """Published posts, newest first; the only posts the public pages can reach."""
    queryset = (
        Post.objects.published()
        .select_related("region")
        .only(
            "pk",
            "public_key",
            "title",
            "summary",
            "theme",
            "cover_image",
            "published_at",
            "region__name",
            "status",
            "view_total",
        )
        .order_by("-published_at", "-pk")
    )
    if theme:
        queryset = queryset.filter(theme=theme)
    return queryset


def post_get_public(*, public_key: str) -> Post:
    """A published post by its public key; 404 alike for unknown and unpublished keys."""
    queryset = (
        Post.objects.published()
        .select_related("region")
        .prefetch_related(Prefetch("featured_deputies", queryset=Deputy.objects.select_related("person")))
    )
    return get_object_or_404(queryset, public_key=public_key)


# Dashboards
# ------------------------------------------------------------------------------


def post_counts_by_theme(*, user, year: int | None = None) -> list[dict]:
    """Published posts and views per theme (every theme listed, zero or not)."""
    queryset = Post.objects.visible_to(user).published()
    if year:
        queryset = queryset.filter(published_at__year=year)
    rows = {
        r["theme"]: r
        for r in queryset.values("theme").annotate(posts=Count("pk"), views=Coalesce(Sum("view_total"), 0))
    }
    return [
        {
            "theme": value,
            "label": label,
            "posts": rows.get(value, {}).get("posts", 0),
            "views": rows.get(value, {}).get("views", 0),
        }
        for value, label in Theme.choices
    ]


def post_counts_by_region(*, user, year: int | None = None) -> list[dict]:
    queryset = Post.objects.visible_to(user).published()
    if year:
        queryset = queryset.filter(published_at__year=year)
    return list(
        queryset.values("region__code", "region__name")
        .annotate(posts=Count("pk"), views=Coalesce(Sum("view_total"), 0))
        .order_by("-posts", "region__code")
    )


def post_totals(*, user, year: int | None = None) -> dict:
    queryset = Post.objects.visible_to(user)
    published = queryset.filter(status=PostStatus.PUBLISHED)
    if year:
        published = published.filter(published_at__year=year)
    totals = published.aggregate(posts=Count("pk"), views=Coalesce(Sum("view_total"), 0))
    totals["in_review"] = queryset.filter(status=PostStatus.IN_REVIEW).count()
    return totals


# Editorial calendar
# ------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    posts: list = field(default_factory=list)
    key_dates: list = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        """A day of the month with no post planned, scheduled or published."""
        return self.in_month and not self.posts


def _posts_by_day(*, user, start: date, end: date) -> dict[date, list]:
    """Posts occupying each day in [start, end]: published, else scheduled, else planned."""
    queryset = (
        Post.objects.visible_to(user)
        .annotate(day=Coalesce(TruncDate("published_at"), TruncDate("scheduled_at"), "planned_date"))
        .filter(day__gte=start, day__lte=end)
        .select_related("region")
        .only("pk", "title", "theme", "status", "region__name", "planned_date", "scheduled_at", "published_at")
        .order_by("day", "pk")
    )
    days: dict[date, list] = {}
    for post in queryset:
        days.setdefault(post.day, []).append(post)
    return days


def editorial_calendar(*, user, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month with posts and key dates per day."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    posts = _posts_by_day(user=user, start=start, end=end)
    key_dates: dict[date, list] = {}
    for key_date in KeyDate.objects.visible_to(user).filter(date__gte=start, date__lte=end).select_related("region"):
        key_dates.setdefault(key_date.date, []).append(key_date)
    return [
        [
            CalendarDay(day=d, in_month=d.month == month, posts=posts.get(d, []), key_dates=key_dates.get(d, []))
            for d in week
        ]
        for week in weeks
    ]


def plan_gaps(*, user, start: date | None = None, days: int = 14) -> list[date]:
    """Days in the coming period with nothing planned, scheduled or published."""
    start = start or timezone.localdate()
    end = start + timedelta(days=days - 1)
    taken = _posts_by_day(user=user, start=start, end=end)
    return [start + timedelta(days=i) for i in range(days) if (start + timedelta(days=i)) not in taken]


# Brands, key dates, deputies
# ------------------------------------------------------------------------------


def brand_list(*, user) -> QuerySet[Brand]:
    return (
        Brand.objects.visible_to(user)
        .select_related("region")
        .annotate(
            publication_count=Count("publications", distinct=True),
            national_count=Count("publications", filter=Q(publications__outlet_level="national"), distinct=True),
            instruction_count=Count("instructions", distinct=True),
        )
        .order_by("-year", "name")
    )


def brand_get(*, user, pk: int) -> Brand:
    queryset = Brand.objects.visible_to(user).select_related("region").prefetch_related("publications", "instructions")
    return get_object_or_404(queryset, pk=pk)


def key_date_list(*, user) -> QuerySet[KeyDate]:
    return KeyDate.objects.visible_to(user).select_related("region").annotate(post_count=Count("posts"))


def key_date_get(*, user, pk: int) -> KeyDate:
    return get_object_or_404(KeyDate.objects.visible_to(user), pk=pk)


def posts_featuring_deputy(*, user, deputy) -> QuerySet[Post]:
    return post_list(user=user).filter(featured_deputies=deputy).order_by("-published_at", "-pk")
