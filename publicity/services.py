"""Writes for publicity: posts and their editorial workflow, views, key dates, brands."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from campaigns.models import Campaign
from core.exceptions import ApplicationError
from core.rights import can
from core.scoping import ensure_in_scope, ensure_manages, ensure_region_in_scope
from core.workflow import lock, move
from deputies.models import Deputy
from liaison_stations.models import Station
from regions.choices import RegionLevel
from regions.models import Region

from .choices import Channel, KeyDateKind, PostStatus
from .images import validate_image
from .models import Brand, BrandInstruction, BrandPublication, KeyDate, Post, PostImage, PostTransition, PostView
from .sanitize import sanitize_html
from .workflow import POST_FLOW

# Fields an editor form or API may change with post_update.
POST_EDITABLE_FIELDS = (
    "title",
    "summary",
    "body",
    "theme",
    "channel",
    "region",
    "key_date",
    "byline",
    "planned_date",
    "external_url",
)


# Posts
# ------------------------------------------------------------------------------


def _require_author(actor) -> None:
    if not roles.is_office_staff(actor):
        raise PermissionDenied(_("只有代表工作机构的工作人员可以撰写稿件。"))


def _check_featured(*, actor, stations: Iterable | None, campaigns: Iterable | None) -> None:
    for model, objects, field in (
        (Station, stations, "featured_stations"),
        (Campaign, campaigns, "featured_campaigns"),
    ):
        ids = {o.pk for o in objects or ()}
        if ids and model.objects.visible_to(actor).filter(pk__in=ids).count() != len(ids):
            raise ApplicationError(_("所选内容不在您的管辖范围内。"), field=field)


def _check_related(*, actor, key_date: KeyDate | None, deputies: Iterable | None) -> None:
    if key_date is not None and not KeyDate.objects.visible_to(actor).filter(pk=key_date.pk).exists():
        raise ApplicationError(_("所选重要节点不在您的管辖范围内。"), field="key_date")
    if deputies is not None:
        ids = {d.pk for d in deputies}
        if ids and Deputy.objects.visible_to(actor).filter(pk__in=ids).count() != len(ids):
            raise ApplicationError(_("所选代表不在您的管辖范围内。"), field="featured_deputies")


def _set_cover(post: Post, upload) -> None:
    extension = validate_image(upload, field="cover_image")
    post.cover_image.save(f"cover{extension}", upload, save=False)


@transaction.atomic
def post_create(
    *,
    actor,
    region,
    title: str,
    theme: str,
    body: str = "",
    summary: str = "",
    channel: str = Channel.OFFICIAL_ACCOUNT,
    byline: str = "",
    planned_date: date | None = None,
    external_url: str = "",
    key_date: KeyDate | None = None,
    featured_deputies: Iterable | None = None,
    featured_stations: Iterable | None = None,
    featured_campaigns: Iterable | None = None,
    cover_image=None,
) -> Post:
    """Start a draft; its body is stored sanitised."""
    _require_author(actor)
    ensure_region_in_scope(actor, region)
    _check_related(actor=actor, key_date=key_date, deputies=featured_deputies)
    _check_featured(actor=actor, stations=featured_stations, campaigns=featured_campaigns)
    post = Post(
        region=region,
        author=actor,
        title=title,
        theme=theme,
        body=sanitize_html(body),
        summary=summary,
        channel=channel,
        byline=byline,
        planned_date=planned_date,
        external_url=external_url,
        key_date=key_date,
    )
    post.full_clean(exclude=["cover_image"])
    if cover_image:
        _set_cover(post, cover_image)
    post.save()
    if featured_deputies:
        post.featured_deputies.set(featured_deputies)
    if featured_stations:
        post.featured_stations.set(featured_stations)
    if featured_campaigns:
        post.featured_campaigns.set(featured_campaigns)
    PostTransition.objects.create(post=post, action="create", from_status="", to_status=post.status, actor=actor)
    ensure_in_scope(actor, post)
    return post


@transaction.atomic
def post_update(
    *,
    actor,
    post: Post,
    featured_deputies: Iterable | None = None,
    featured_stations: Iterable | None = None,
    featured_campaigns: Iterable | None = None,
    cover_image=None,
    clear_cover: bool = False,
    **changes: Any,
) -> Post:
    """Change a post's content; authors while it is theirs to edit, editors at any time."""
    locked = lock(post, related=["region"])
    ensure_in_scope(actor, locked)
    if not can(actor, "edit", locked):
        raise PermissionDenied(_("您不能修改这篇稿件。"))
    unknown = set(changes) - set(POST_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"post_update cannot change {sorted(unknown)}")
    if "region" in changes:
        ensure_region_in_scope(actor, changes["region"])
    _check_related(actor=actor, key_date=changes.get("key_date"), deputies=featured_deputies)
    _check_featured(actor=actor, stations=featured_stations, campaigns=featured_campaigns)
    for name, value in changes.items():
        setattr(locked, name, sanitize_html(value) if name == "body" else value)
    locked.full_clean(exclude=["cover_image"])
    if clear_cover:
        locked.cover_image = ""
    if cover_image:
        _set_cover(locked, cover_image)
    locked.save()
    if featured_deputies is not None:
        locked.featured_deputies.set(featured_deputies)
    if featured_stations is not None:
        locked.featured_stations.set(featured_stations)
    if featured_campaigns is not None:
        locked.featured_campaigns.set(featured_campaigns)
    ensure_in_scope(actor, locked)
    return locked


@transaction.atomic
def post_submit_for_review(*, actor, post: Post, note: str = "") -> Post:
    if not (post.title and (post.body or post.external_url)):
        raise ApplicationError(_("稿件标题和正文（或外部链接）不能为空。"))
    return move(POST_FLOW, post, "submit", actor=actor, note=note)


@transaction.atomic
def post_approve(*, actor, post: Post, note: str = "") -> Post:
    return move(POST_FLOW, post, "approve", actor=actor, note=note)


@transaction.atomic
def post_return(*, actor, post: Post, comments: str) -> Post:
    """Send a post back to its author with the editor's comments."""
    if not comments.strip():
        raise ApplicationError(_("退回时请填写修改意见。"), field="note")
    return move(POST_FLOW, post, "return", actor=actor, note=comments.strip(), scheduled_at=None)


@transaction.atomic
def post_schedule(*, actor, post: Post, publish_at: datetime, note: str = "") -> Post:
    if publish_at <= timezone.now():
        raise ApplicationError(_("定时发布时间须晚于当前时间。"), field="publish_at")
    return move(
        POST_FLOW,
        post,
        "schedule",
        actor=actor,
        note=note,
        scheduled_at=publish_at,
        planned_date=timezone.localdate(publish_at),
    )


@transaction.atomic
def post_publish(*, actor, post: Post, note: str = "") -> Post:
    now = timezone.now()
    changes: dict[str, Any] = {"published_at": now}
    if post.planned_date is None:
        changes["planned_date"] = timezone.localdate(now)
    return move(POST_FLOW, post, "publish", actor=actor, note=note, **changes)


@transaction.atomic
def post_unpublish(*, actor, post: Post, note: str = "") -> Post:
    """Take a post off the public pages at once; it goes back to approved."""
    return move(POST_FLOW, post, "unpublish", actor=actor, note=note, published_at=None, scheduled_at=None)


def post_publish_due(*, now: datetime | None = None) -> int:
    """Publish every scheduled post whose time has come, as the system (no actor); safe to run twice."""
    now = now or timezone.now()
    due = list(
        Post.objects.filter(status=PostStatus.SCHEDULED, scheduled_at__lte=now).values_list("pk", flat=True)[:500]
    )
    published = 0
    for pk in due:
        try:
            with transaction.atomic():
                move(POST_FLOW, Post(pk=pk), "publish", actor=None, note=_("定时发布"), published_at=now)
        except ApplicationError:
            continue  # unscheduled or returned meanwhile
        published += 1
    return published


# Views (reads) of published posts
# ------------------------------------------------------------------------------


def _refresh_view_total(post_ids: Iterable[int]) -> None:
    totals = dict(
        PostView.objects.filter(post_id__in=post_ids)
        .values("post_id")
        .annotate(total=Sum("views"))
        .values_list("post_id", "total")
    )
    for pk in post_ids:
        Post.objects.filter(pk=pk).update(view_total=totals.get(pk) or 0)


@transaction.atomic
def post_record_views(*, actor, post: Post, date: date, views: int) -> PostView:
    """Enter one day's views of a post; entering the same day again corrects it."""
    ensure_in_scope(actor, post)
    if not roles.is_office_staff(actor):
        raise PermissionDenied(_("您不能登记阅读量。"))
    if date > timezone.localdate():
        raise ApplicationError(_("不能登记未来日期的阅读量。"), field="date")
    if views < 0:
        raise ApplicationError(_("阅读量不能为负数。"), field="views")
    if post.status != PostStatus.PUBLISHED:
        raise ApplicationError(_("稿件尚未发布，不能登记阅读量。"))
    row, _created = PostView.objects.update_or_create(post=post, date=date, defaults={"views": views})
    _refresh_view_total([post.pk])
    post.refresh_from_db(fields=["view_total"])
    return row


def post_views_errors(*, actor, rows: list[dict]) -> list[dict]:
    """The import's domain errors: posts out of reach or unpublished, dates in the future.

    A row may lack ``post_id`` or ``date`` when the file's format check refused that cell;
    its other cells are still checked, so that one pass reports every bad row.
    """
    ids = {r["post_id"] for r in rows if "post_id" in r}
    posts = {p.pk: p for p in Post.objects.visible_to(actor).filter(pk__in=ids)}
    today = timezone.localdate()
    errors = []
    for r in rows:
        post = posts.get(r.get("post_id"))
        if "post_id" in r and post is None:
            errors.append({"row": r["row"], "column": _("稿件编号"), "reason": _("稿件不存在或不在您的管辖范围内")})
        elif post is not None and post.status != PostStatus.PUBLISHED:
            errors.append({"row": r["row"], "column": _("稿件编号"), "reason": _("稿件尚未发布")})
        if "date" in r and r["date"] > today:
            errors.append({"row": r["row"], "column": _("日期"), "reason": _("不能是未来日期")})
    return errors


@transaction.atomic
def post_views_import(*, actor, rows: list[dict]) -> dict[str, int]:
    """Import daily views: rows are {"row", "post_id", "date", "views"}; all or nothing.

    Raises ApplicationError with ``extra["errors"]`` listing every bad row.
    """
    if not roles.is_office_staff(actor):
        raise PermissionDenied(_("您不能导入阅读量。"))
    errors = post_views_errors(actor=actor, rows=rows)
    if errors:
        raise ApplicationError(_("导入失败：有 %(count)d 处错误。") % {"count": len(errors)}, extra={"errors": errors})
    ids = {r["post_id"] for r in rows}
    # A post and day given twice: the last row wins (and a re-import of the file changes nothing).
    latest = {(r["post_id"], r["date"]): r for r in rows}
    existing = {
        (v.post_id, v.date): v for v in PostView.objects.filter(post_id__in=ids, date__in={r["date"] for r in rows})
    }
    created = updated = 0
    for r in latest.values():
        current = existing.get((r["post_id"], r["date"]))
        if current is None:
            existing[(r["post_id"], r["date"])] = PostView.objects.create(
                post_id=r["post_id"], date=r["date"], views=r["views"]
            )
            created += 1
        elif current.views != r["views"]:
            current.views = r["views"]
            current.save(update_fields=["views", "updated_at"])
            updated += 1
    _refresh_view_total(ids)
    return {"created": created, "updated": updated}


# Editor images
# ------------------------------------------------------------------------------


@transaction.atomic
def post_image_upload(*, actor, image) -> PostImage:
    """Store an image for a post body after checking its real type and size."""
    _require_author(actor)
    extension = validate_image(image)
    region = actor.region
    if region is None:
        region = Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code").first()
    stored = PostImage(region=region, uploaded_by=actor)
    stored.image.save(f"image{extension}", image, save=False)
    stored.save()
    ensure_in_scope(actor, stored)
    return stored


# Key dates
# ------------------------------------------------------------------------------


@transaction.atomic
def key_date_create(
    *,
    actor,
    region,
    date: date,
    title: str,
    kind: str = KeyDateKind.OTHER,
    series_title: str = "",
    theme: str = "",
    note: str = "",
) -> KeyDate:
    _require_author(actor)
    ensure_region_in_scope(actor, region)
    key_date = KeyDate(
        region=region, date=date, title=title, kind=kind, series_title=series_title, theme=theme, note=note
    )
    key_date.full_clean()
    key_date.save()
    ensure_in_scope(actor, key_date)
    return key_date


@transaction.atomic
def key_date_update(*, actor, key_date: KeyDate, **changes: Any) -> KeyDate:
    _require_author(actor)
    # Key dates of the offices above are visible (they frame the plan) but only theirs to change.
    ensure_manages(actor, key_date)
    if "region" in changes:
        ensure_region_in_scope(actor, changes["region"])
    for name, value in changes.items():
        setattr(key_date, name, value)
    key_date.full_clean()
    key_date.save()
    ensure_in_scope(actor, key_date)
    return key_date


# Brands and experiences
# ------------------------------------------------------------------------------


@transaction.atomic
def brand_create(*, actor, region, kind: str, name: str, year: int, description: str = "") -> Brand:
    _require_author(actor)
    ensure_region_in_scope(actor, region)
    brand = Brand(region=region, kind=kind, name=name, year=year, description=description)
    brand.full_clean()
    brand.save()
    ensure_in_scope(actor, brand)
    return brand


@transaction.atomic
def brand_update(*, actor, brand: Brand, **changes: Any) -> Brand:
    _require_author(actor)
    ensure_in_scope(actor, brand)
    if "region" in changes:
        ensure_region_in_scope(actor, changes["region"])
    for name, value in changes.items():
        setattr(brand, name, value)
    brand.full_clean()
    brand.save()
    ensure_in_scope(actor, brand)
    return brand


@transaction.atomic
def brand_publication_add(
    *,
    actor,
    brand: Brand,
    outlet: str,
    date: date,
    kind: str,
    outlet_level: str,
    issue: str = "",
    url: str = "",
) -> BrandPublication:
    _require_author(actor)
    ensure_in_scope(actor, brand)
    publication = BrandPublication(
        brand=brand, outlet=outlet, date=date, kind=kind, outlet_level=outlet_level, issue=issue, url=url
    )
    publication.full_clean()
    publication.save()
    return publication


@transaction.atomic
def brand_instruction_add(
    *, actor, brand: Brand, leader_name: str, date: date, content: str, leader_title: str = ""
) -> BrandInstruction:
    _require_author(actor)
    ensure_in_scope(actor, brand)
    instruction = BrandInstruction(
        brand=brand, leader_name=leader_name, leader_title=leader_title, date=date, content=content
    )
    instruction.full_clean()
    instruction.save()
    return instruction
