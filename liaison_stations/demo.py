"""Demo liaison stations across several counties, with their whole working life.

Everything is written through the services by the province staff demo
account. Only dates are moved into the past afterwards (created, due), so
that the demo shows history and overdue items.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from accounts.models import User
from core.demo import names
from deputies.models import Deputy
from regions.choices import RegionLevel
from regions.models import Region

from . import services
from .choices import (
    ConsultingBody,
    OpinionCategory,
    OpinionSource,
    OpinionStatus,
    ProblemCategory,
    ProblemStatus,
    Rating,
    SolicitationKind,
    StationKind,
)
from .models import OpinionItem, Station
from .querysets import today

ORDER = 20

# 西湖区, 拱墅区, 鄞州区, 鹿城区, 越城区, 义乌市
COUNTIES = ["330106", "330105", "330212", "330302", "330602", "330782"]
TOPICS = [
    "老旧小区加装电梯",
    "农贸市场改造",
    "学校周边交通安全",
    "养老服务中心建设",
    "垃圾分类",
    "停车难",
    "河道保洁",
    "社区食堂",
    "噪音扰民",
    "公交线路优化",
]
OPINIONS = [
    ("小区路灯损坏", "小区北门附近的路灯损坏一个多月，夜间出行很不方便，希望尽快修复。", OpinionCategory.URBAN),
    ("公交站台缺少遮雨棚", "公交站台没有遮雨棚，雨天候车的老人和学生淋雨，希望加装。", OpinionCategory.TRAFFIC),
    ("河道有异味", "村口河道夏季有明显异味，怀疑有污水直排，请有关部门检查。", OpinionCategory.ENVIRONMENT),
    ("社区医院挂号难", "社区卫生服务中心上午号源少，老人排队时间长，建议增加号源。", OpinionCategory.HEALTH),
    ("学校放学拥堵", "小学放学时段校门口道路拥堵严重，建议设置临时停车区和交通引导。", OpinionCategory.TRAFFIC),
    ("养老助餐点不足", "辖区老年人多，助餐点只有一个，希望增设老年食堂。", OpinionCategory.SOCIAL_SECURITY),
    ("夜间施工噪音", "附近工地夜间施工到凌晨，严重影响居民休息。", OpinionCategory.ENVIRONMENT),
    ("农贸市场环境差", "农贸市场地面湿滑、通风差，建议进行提升改造。", OpinionCategory.URBAN),
    ("灵活就业人员参保咨询", "希望出台更清楚的灵活就业人员参加社保的办事指引。", OpinionCategory.SOCIAL_SECURITY),
    ("小微企业融资难", "小微企业贷款手续复杂，希望推广更便利的普惠金融产品。", OpinionCategory.ECONOMY),
]
# Where demo items stop, so that every state appears.
TARGETS = [
    OpinionStatus.PENDING,
    OpinionStatus.REGISTERED,
    OpinionStatus.ASSIGNED,
    OpinionStatus.ASSIGNED,
    OpinionStatus.HANDLED,
    OpinionStatus.SUPERVISED,
    OpinionStatus.REPLIED,
    OpinionStatus.CLOSED,
    OpinionStatus.CLOSED,
    OpinionStatus.CLOSED,
]
FLOW = [
    OpinionStatus.REGISTERED,
    OpinionStatus.ASSIGNED,
    OpinionStatus.HANDLED,
    OpinionStatus.SUPERVISED,
    OpinionStatus.REPLIED,
    OpinionStatus.CLOSED,
]
UNITS = ["区住建局", "区城管局", "区交通运输局", "区生态环境分局", "区卫生健康局", "街道办事处", "区人力社保局"]
INDICATORS = [
    ("阵地建设", "场所、标识、设施达标", 20),
    ("制度建设", "接待、交办、反馈等制度健全", 15),
    ("代表进站", "代表定期进站接待群众", 25),
    ("民意办理", "民情民意按期办结、群众满意", 25),
    ("特色工作", "立法联系、协商议事等特色做法", 15),
]
PROBLEMS = [
    (ProblemCategory.FACILITY, "接待室标识标牌不规范"),
    (ProblemCategory.FACILITY, "站点无障碍设施缺失"),
    (ProblemCategory.SYSTEM, "民情民意台账登记不完整"),
    (ProblemCategory.SYSTEM, "代表进站排班表未公示"),
    (ProblemCategory.ACTIVITY, "本季度代表进站次数不足"),
    (ProblemCategory.ACTIVITY, "接待记录缺少群众反映内容"),
    (ProblemCategory.SERVICE, "群众反映事项反馈不及时"),
    (ProblemCategory.SERVICE, "办理结果未向群众答复"),
]


def _actor() -> User | None:
    return User.objects.filter(username="province").first() or User.objects.filter(is_superuser=True).first()


def _advance(item: OpinionItem, target: str, *, actor: User, rng, deputies: list[Deputy]) -> OpinionItem:
    """Move a registered (or pending) item up to ``target`` through the services."""
    if item.status == OpinionStatus.PENDING and target != OpinionStatus.PENDING:
        item = services.opinion_register(actor=actor, item=item)
    for step in FLOW[FLOW.index(item.status) + 1 : FLOW.index(target) + 1] if target != OpinionStatus.PENDING else []:
        if step == OpinionStatus.ASSIGNED:
            deputy = rng.choice(deputies) if deputies and rng.random() < 0.4 else None
            unit = "" if deputy else rng.choice(UNITS)
            item = services.opinion_assign(actor=actor, item=item, unit=unit, deputy=deputy)
        elif step == OpinionStatus.HANDLED:
            item = services.opinion_handle(actor=actor, item=item, result="已会同相关部门现场查看并落实整改。")
        elif step == OpinionStatus.SUPERVISED:
            item = services.opinion_supervise(actor=actor, item=item, note="经回访核实，办理情况属实。")
        elif step == OpinionStatus.REPLIED:
            item = services.opinion_reply(actor=actor, item=item, reply="您反映的问题已办理完毕，感谢您的关心和支持。")
        elif step == OpinionStatus.CLOSED:
            item = services.opinion_close(actor=actor, item=item)
    return item


def _stations(ctx, actor: User) -> list[Station]:
    per_county = max(1, ctx.scale(40, 200, 1200) // len(COUNTIES))
    stations = []
    for county_code in COUNTIES:
        county = Region.objects.filter(code=county_code).first()
        if county is None:
            continue
        townships = list(Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code"))
        local = list(
            Deputy.objects.filter(region__code__startswith=county_code[:4]).order_by("pk").values_list("pk", flat=True)
        )
        for n in range(per_county):
            township = townships[n % len(townships)]
            is_point = n >= len(townships) or rng_flag(ctx, 0.25)
            name = (
                f"{township.name}{ctx.rng.choice(names.STREETS)}社区代表联络点"
                if is_point
                else f"{township.name}人大代表联络站"
            )
            if Station.objects.filter(region=township, name=name).exists():
                continue
            deputies = Deputy.objects.filter(pk__in=ctx.rng.sample(local, min(len(local), ctx.rng.randint(2, 5))))
            stations.append(
                services.station_create(
                    actor=actor,
                    name=name,
                    kind=StationKind.POINT if is_point else StationKind.STATION,
                    region=township,
                    address=names.address(ctx.rng, township.name),
                    opening_hours=ctx.rng.choice(["每周三 9:00-11:30", "每月5日、20日全天", "工作日 14:00-17:00"]),
                    contact_name=names.person_name(ctx.rng),
                    contact_phone=f"0571-8{ctx.rng.randint(1000000, 9999999)}",
                    deputies=deputies,
                )
            )
    return stations


def rng_flag(ctx, probability: float) -> bool:
    return ctx.rng.random() < probability


def seed(ctx) -> None:
    if Station.objects.exists():
        return
    actor = _actor()
    if actor is None:
        ctx.stdout.write("liaison_stations: no province staff account, skipped")
        return
    now = today()
    stations = _stations(ctx, actor)
    mine = list(Deputy.objects.filter(pk__in=ctx.shared.get("deputy_mandates", [])))

    for station in stations:
        deputies = list(station.deputies.all())
        for _ in range(ctx.rng.randint(2, 5)):
            count = ctx.rng.randint(5, 40)
            services.reception_create(
                actor=actor,
                station=station,
                date=now - timedelta(days=ctx.rng.randint(1, 150)),
                visitor_count=count,
                topics="、".join(ctx.rng.sample(TOPICS, 2)),
                deputies=ctx.rng.sample(deputies, min(len(deputies), 2)),
                visitors=[{"name": names.person_name(ctx.rng)} for _ in range(ctx.rng.randint(0, 2))],
            )
        _opinions(ctx, actor, station, deputies + mine, now)
        services.consultation_create(
            actor=actor,
            station=station,
            date=now - timedelta(days=ctx.rng.randint(5, 200)),
            body_kind=ctx.rng.choice(ConsultingBody.values),
            body_name=ctx.rng.choice(["区人民法院", "区人民检察院", "区监察委员会", "区住建局", "区教育局"]),
            topic=ctx.rng.choice(["诉源治理进社区", "公益诉讼线索征集", "城中村改造征求意见", "校园周边安全治理"]),
            participants="驻站代表、社区居民代表、部门负责人",
            participant_count=ctx.rng.randint(8, 40),
            outcome="现场解答群众问题，形成问题清单并跟踪落实。",
        )
    if stations and mine:
        _for_demo_deputy(ctx, actor, stations[:3], mine[0], now)
    if stations:
        _solicitations(ctx, actor, stations, now)
        _evaluations(ctx, actor, stations, now)
        _inspection(ctx, actor, stations, now)


def _opinions(ctx, actor: User, station: Station, deputies: list[Deputy], now: dt.date) -> None:
    for n in range(ctx.rng.randint(3, 6)):
        title, content, category = ctx.rng.choice(OPINIONS)
        target = TARGETS[(station.pk + n) % len(TARGETS)]
        data = services.OpinionInput(
            title=title,
            content=content,
            category=category,
            location=names.address(ctx.rng, station.region.name),
            resident_name=names.person_name(ctx.rng),
        )
        if target == OpinionStatus.PENDING or rng_flag(ctx, 0.2):
            item = services.opinion_submit_public(station=station, deputy=None, data=data)
        else:
            item = services.opinion_create(actor=actor, station=station, data=data, source=OpinionSource.RECEPTION)
        item = _advance(item, target, actor=actor, rng=ctx.rng, deputies=deputies)
        if item.status == OpinionStatus.CLOSED and rng_flag(ctx, 0.6):
            rating = ctx.rng.choice(
                [Rating.SATISFIED, Rating.SATISFIED, Rating.BASICALLY_SATISFIED, Rating.UNSATISFIED]
            )
            services.opinion_rate_public(tracking_code=item.tracking_code, rating=rating, comment="")
        # History: move the item back in time; a third of the open ones are now overdue.
        age = ctx.rng.randint(3, 90)
        updates = {"created_at": item.created_at - timedelta(days=age)}
        if item.status != OpinionStatus.CLOSED and rng_flag(ctx, 0.35):
            updates["step_due_date"] = now - timedelta(days=ctx.rng.randint(1, 20))
        OpinionItem.objects.filter(pk=item.pk).update(**updates)


def _for_demo_deputy(ctx, actor: User, stations: list[Station], deputy: Deputy, now: dt.date) -> None:
    """Items handed to the demo deputy login, one of them overdue, so their home page has work."""
    for n, station in enumerate(stations):
        title, content, category = OPINIONS[n]
        item = services.opinion_create(
            actor=actor,
            station=station,
            data=services.OpinionInput(title=title, content=content, category=category),
            source=OpinionSource.DEPUTY,
        )
        item = services.opinion_assign(actor=actor, item=item, deputy=deputy, note="请代表跟踪督促办理。")
        if n == 0:
            OpinionItem.objects.filter(pk=item.pk).update(step_due_date=now - timedelta(days=2))


def _solicitations(ctx, actor: User, stations: list[Station], now: dt.date) -> None:
    projects = [
        ("浙江省电动自行车管理条例（修订草案）", SolicitationKind.REGULATION, "330000"),
        ("关于全省养老服务体系建设情况的监督议题", SolicitationKind.SUPERVISION, "330000"),
        ("杭州市物业管理条例（修订草案）", SolicitationKind.REGULATION, "330100"),
    ]
    for title, kind, region_code in projects:
        region = Region.objects.get(code=region_code)
        chosen = [s for s in stations if s.region.code.startswith(region.scope_prefix)]
        if not chosen:
            continue
        chosen = ctx.rng.sample(chosen, min(len(chosen), 8))
        solicitation = services.solicitation_create(
            actor=actor,
            region=region,
            title=title,
            kind=kind,
            start_date=now - timedelta(days=10),
            end_date=now + timedelta(days=20),
            stations=chosen,
            description="请各联络站组织代表和群众座谈，收集对草案的意见建议。",
        )
        for station in chosen:
            for _ in range(ctx.rng.randint(0, 3)):
                services.solicitation_opinion_add(
                    actor=actor,
                    solicitation=solicitation,
                    station=station,
                    clause=f"第{ctx.rng.randint(1, 40)}条",
                    content=ctx.rng.choice(
                        ["建议明确责任主体。", "建议增加过渡期规定。", "罚款标准建议分档设置。", "建议加强宣传解读。"]
                    ),
                    contributor_count=ctx.rng.randint(1, 6),
                )


def _evaluations(ctx, actor: User, stations: list[Station], now: dt.date) -> None:
    indicators = [{"name": n, "description": d, "weight": w} for n, d, w in INDICATORS]
    services.indicator_set_create(
        actor=actor,
        region=Region.objects.get(code="330000"),
        year=now.year,
        name=f"{now.year}年度全省人大代表联络站评价指标",
        indicators=indicators,
    )
    quarters = range(1, max(2, (now.month - 1) // 3 + 1))
    for station in stations:
        for quarter in quarters:
            evaluation = services.evaluation_self_score(
                actor=actor,
                station=station,
                year=now.year,
                quarter=quarter,
                scores=_random_scores(ctx, station, now.year),
            )
            if rng_flag(ctx, 0.7):
                services.evaluation_review_score(
                    actor=actor,
                    evaluation=evaluation,
                    scores=_random_scores(ctx, station, now.year),
                    note="整体运行规范。",
                )


def _random_scores(ctx, station: Station, year: int) -> dict:
    indicator_set = services._applicable_set(station, year)
    return {i.pk: ctx.rng.randint(60, 100) for i in indicator_set.indicators.all()}


def _inspection(ctx, actor: User, stations: list[Station], now: dt.date) -> None:
    hangzhou = [s for s in stations if s.region.code.startswith("3301")] or stations
    checked = ctx.rng.sample(hangzhou, min(len(hangzhou), 12))
    inspection = services.inspection_create(
        actor=actor,
        region=Region.objects.get(code="330100" if hangzhou is not stations else "330000"),
        title="人大代表联络站规范化建设专项督查",
        date=now - timedelta(days=45),
        stations=checked,
        summary="督查组实地查看站点，发现问题分四类列出清单，限期整改。",
    )
    for n, station in enumerate(checked):
        category, description = PROBLEMS[n % len(PROBLEMS)]
        problem = services.problem_add(
            actor=actor,
            inspection=inspection,
            station=station,
            category=category,
            description=description,
            owner=f"{station.region.name}人大工委",
            deadline=now + timedelta(days=(-10 if n % 3 == 0 else 20)),
        )
        if n % 2 == 0:
            services.problem_update_status(
                actor=actor, problem=problem, status=ProblemStatus.RECTIFIED, rectification="已按要求整改到位。"
            )
        elif n % 4 == 1:
            services.problem_update_status(actor=actor, problem=problem, status=ProblemStatus.RECTIFYING)
