"""Demo data: a year of deputy profile posts across the six themes, with views, key dates and brands."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_create
from core.demo import names
from deputies.models import Deputy
from regions.models import Region

from . import services
from .choices import BrandKind, Channel, KeyDateKind, OutletLevel, PublicationKind, Theme
from .models import Brand, BrandInstruction, BrandPublication, KeyDate, Post, PostTransition, PostView

ORDER = 50

# (author username, region code, editor username)
DESKS = [
    ("xihu", "330106", "hangzhou"),
    ("yinzhou", "330212", "ningbo"),
    ("hangzhou", "330100", "pubeditor"),
    ("ningbo", "330200", "pubeditor"),
    ("province", "330000", "pubeditor"),
]

TITLES = {
    Theme.DUTY: [
        "{name}代表：把群众的事当成自己的事",
        "履职尽责｜{name}代表的一年",
        "{region}{name}代表：脚步丈量民情",
    ],
    Theme.CAMPAIGN: [
        "“双岗建功”｜{name}代表在岗位上履职",
        "主题活动｜{region}代表助力优化营商环境",
        "{name}代表：问题清单变成果清单",
    ],
    Theme.STATION: [
        "站点故事｜{region}代表联络站里的“民生账”",
        "家门口的联络站：{name}代表接待日",
        "{region}代表联络站：小站点大作为",
    ],
    Theme.VOICE: [
        "为民代言｜{name}代表建议推动老旧小区加装电梯",
        "{name}代表：让群众的声音进会场",
        "为民代言｜{region}代表聚焦“一老一小”",
    ],
    Theme.EXAMPLE: [
        "代表工作范例｜{region}代表票决民生实事",
        "{region}：代表履职服务中心的探索",
        "范例｜{name}代表牵头专业小组调研",
    ],
    Theme.DEMOCRACY: ["基层民主实践｜{region}民主恳谈会", "全过程人民民主在{region}", "{name}代表：把议事厅搬到村头"],
}
BODY = (
    "<p>{region}{name}代表深入基层，走访群众，收集意见建议。</p>"
    "<h3>倾听民声</h3><p>在代表联络站接待日上，{name}代表认真记录群众反映的问题，"
    "并与有关部门沟通协调，推动问题解决。</p>"
    "<blockquote>“代表就要为人民说话、为人民办事。”</blockquote>"
    "<p>下一步，{name}代表将继续履职尽责，把更多民生实事办到群众心坎上。</p>"
)

# (month, day, title, kind, series, theme)
KEY_DATES = [
    (1, 15, "省人民代表大会会议开幕", KeyDateKind.SESSION, "两会代表风采", Theme.VOICE),
    (3, 5, "全国人民代表大会会议开幕", KeyDateKind.SESSION, "两会代表风采", Theme.VOICE),
    (4, 3, "代表法颁布纪念日", KeyDateKind.ANNIVERSARY, "代表在身边", Theme.DUTY),
    (7, 1, "建党纪念日", KeyDateKind.ANNIVERSARY, "基层民主看浙江", Theme.DEMOCRACY),
    (9, 15, "人民代表大会制度建立纪念日", KeyDateKind.ANNIVERSARY, "人大制度在身边", Theme.DEMOCRACY),
    (10, 1, "国庆节", KeyDateKind.FESTIVAL, "代表在身边", Theme.STATION),
    (12, 4, "国家宪法日", KeyDateKind.ANNIVERSARY, "宪法宣传周", Theme.EXAMPLE),
]

PROVINCIAL_BRANDS = [
    ("人大代表联络站“五化”建设", "联络站阵地标准化、活动常态化、管理规范化、服务数字化、成果显性化。"),
    ("民生实事项目人大代表票决制", "由人大代表票决政府民生实事项目，代表全程参与项目监督。"),
    ("“双岗建功”主题活动", "代表在本职岗位和代表岗位上同步建功，四张清单闭环管理。"),
    ("“四建设两提高”代表工作体系", "两码、双联、团组、站点四项建设，提高代表履职能力和工作水平。"),
    ("代表履职“两码”管理", "代表码、活动码记录代表履职，形成全生命周期履职档案。"),
]
LOCAL_EXPERIENCES = {
    "330100": ["“代表议事厅”民主协商", "跨区域“三跨”代表专题小组"],
    "330200": ["代表履职服务中心建设", "“民情直通车”代表接访"],
    "330106": ["西湖区代表联络站“一站一品”"],
    "330212": ["鄞州区代表“民生议事堂”"],
    "330300": ["温州“代表夜访”活动"],
    "330600": ["绍兴“枫桥经验”与代表联络站融合"],
}


def _user(ctx, username: str) -> User:
    return ctx.shared.get(f"user:{username}") or User.objects.get(username=username)


def _editor(ctx) -> User:
    user = User.objects.filter(username="pubeditor").first() or user_create(
        username="pubeditor",
        password=ctx.shared["password"],
        role=Role.PROVINCE_STAFF,
        region=Region.objects.get(code="330000"),
        full_name="省人大代表工委宣传编辑",
        must_change_password=False,
    )
    ctx.logins.append((f"{user.get_role_display()} · 宣传编辑", user.username, ctx.shared["password"]))
    ctx.shared["user:pubeditor"] = user
    return user


def _key_dates(ctx, actor, start: date, end: date) -> list[KeyDate]:
    province = Region.objects.get(code="330000")
    created = []
    for year in range(start.year, end.year + 1):
        for month, day, title, kind, series, theme in KEY_DATES:
            when = date(year, month, day)
            if start <= when <= end:
                created.append(
                    services.key_date_create(
                        actor=actor,
                        region=province,
                        date=when,
                        title=title,
                        kind=kind,
                        series_title=series,
                        theme=theme,
                        note="围绕节点策划专题系列稿件。",
                    )
                )
    return created


def _deputies_by_region(author_codes: list[str]) -> dict[str, list[Deputy]]:
    result = {}
    for code in author_codes:
        prefix = Region.objects.get(code=code).scope_prefix
        result[code] = list(
            Deputy.objects.filter(region__code__startswith=prefix).select_related("person").order_by("pk")[:200]
        )
    return result


def _at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(ctx) -> None:
    if Post.objects.exists() or Brand.objects.exists():
        return
    editor = _editor(ctx)
    today = timezone.localdate()
    start, end = today - timedelta(days=330), today + timedelta(days=34)
    span = (end - start).days + 1
    count = ctx.scale(120, 240, 400)
    # Province size: one a day and more; smaller sizes leave gaps the calendar shows.
    offsets = sorted(ctx.rng.sample(range(span), min(count, span)))
    if count > span:
        offsets += sorted(ctx.rng.choices(range(span), k=count - span))
    key_dates = _key_dates(ctx, editor, start, end)
    deputies = _deputies_by_region([code for _, code, _ in DESKS])
    regions = {code: Region.objects.get(code=code) for _, code, _ in DESKS}
    themes = list(Theme)
    channels = [Channel.OFFICIAL_ACCOUNT] * 6 + [Channel.WEBSITE, Channel.MAGAZINE, Channel.NEWSPAPER, Channel.VIDEO]
    views: list[PostView] = []
    backdate: list[tuple[int, date]] = []
    for index, offset in enumerate(offsets):
        day = start + timedelta(days=offset)
        author_name, code, editor_name = ctx.rng.choice(DESKS)
        author, approver, region = _user(ctx, author_name), _user(ctx, editor_name), regions[code]
        key_date = next((k for k in key_dates if 0 <= (day - k.date).days < 7), None)
        theme = key_date.theme if key_date and ctx.rng.random() < 0.6 else themes[index % len(themes)]
        featured = ctx.rng.sample(deputies[code], k=min(len(deputies[code]), ctx.rng.choice([1, 1, 2])))
        name = featured[0].person.name if featured else names.person_name(ctx.rng)
        title = ctx.rng.choice(TITLES[theme]).format(name=name, region=region.name)
        post = services.post_create(
            actor=author,
            region=region,
            title=title,
            theme=theme,
            body=BODY.format(name=name, region=region.name),
            summary=f"{region.name}{name}代表履职故事。",
            channel=ctx.rng.choice(channels),
            byline=f"{region.name}人大常委会代表工委",
            planned_date=day,
            key_date=key_date,
            featured_deputies=featured,
        )
        if day > today and ctx.rng.random() < 0.35:
            continue  # still a draft
        services.post_submit_for_review(actor=author, post=post)
        if day > today + timedelta(days=10) and ctx.rng.random() < 0.5:
            continue  # waiting for review
        if ctx.rng.random() < 0.08:
            services.post_return(actor=approver, post=post, comments="请补充代表履职的具体事例和数据。")
            if day > today:
                continue
            services.post_submit_for_review(actor=author, post=post)
        services.post_approve(actor=approver, post=post, note="同意")
        if day > today:
            if day <= today + timedelta(days=7):
                services.post_schedule(actor=approver, post=post, publish_at=_at(day))
            continue
        services.post_publish(actor=approver, post=post)
        backdate.append((post.pk, day))
        base = ctx.rng.randint(800, 12000) * (3 if post.channel == Channel.OFFICIAL_ACCOUNT else 1)
        for d in range(min(10, (today - day).days + 1)):
            views.append(PostView(post=post, date=day + timedelta(days=d), views=max(1, int(base / (d + 1) ** 1.6))))
    # The workflow ran today; date the published posts and their steps on their plan day.
    for pk, day in backdate:
        Post.objects.filter(pk=pk).update(published_at=_at(day, 7), planned_date=day)
        PostTransition.objects.filter(post_id=pk).update(occurred_at=_at(day - timedelta(days=1), 16))
    PostView.objects.bulk_create(views, batch_size=1000)
    totals: dict[int, int] = {}
    for row in views:
        totals[row.post_id] = totals.get(row.post_id, 0) + row.views
    for pk, total in totals.items():
        Post.objects.filter(pk=pk).update(view_total=total)
    _brands(ctx, editor, today)
    ctx.stdout.write(f"  publicity: {len(offsets)} posts, {len(views)} daily view rows, {len(key_dates)} key dates")


def _brands(ctx, actor, today: date) -> None:
    province = Region.objects.get(code="330000")
    entries = [(province, BrandKind.PROVINCIAL_BRAND, name, text) for name, text in PROVINCIAL_BRANDS]
    for code, items in LOCAL_EXPERIENCES.items():
        region = Region.objects.filter(code=code).first()
        if region is None:
            continue
        for name in items:
            entries.append(
                (region, BrandKind.LOCAL_EXPERIENCE, name, f"{region.name}在代表工作中形成的经验做法：{name}。")
            )
    publications, instructions = [], []
    for region, kind, name, text in entries:
        brand = services.brand_create(
            actor=actor,
            region=region,
            kind=kind,
            name=name,
            year=ctx.rng.choice([today.year - 1, today.year]),
            description=text,
        )
        for _ in range(ctx.rng.randint(0, 3)):
            level = ctx.rng.choice([OutletLevel.NATIONAL, OutletLevel.NATIONAL, OutletLevel.PROVINCIAL])
            outlet = {"national": "《联络动态》", "provincial": "《浙江人大》"}[level]
            when = today - timedelta(days=ctx.rng.randint(10, 360))
            publications.append(
                BrandPublication(
                    brand=brand,
                    kind=ctx.rng.choice(list(PublicationKind)),
                    outlet=outlet,
                    outlet_level=level,
                    issue=f"{when.year}年第{ctx.rng.randint(1, 24)}期",
                    date=when,
                )
            )
        if ctx.rng.random() < 0.5:
            instructions.append(
                BrandInstruction(
                    brand=brand,
                    leader_name=names.person_name(ctx.rng),
                    leader_title=ctx.rng.choice(["省人大常委会主任", "省人大常委会副主任", "市人大常委会主任"]),
                    date=today - timedelta(days=ctx.rng.randint(5, 300)),
                    content="这一做法很好，请认真总结，在全省推广。",
                )
            )
    BrandPublication.objects.bulk_create(publications)
    BrandInstruction.objects.bulk_create(instructions)
