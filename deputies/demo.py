"""Demo deputies of all five levels across Zhejiang, with groups, teams, contacts, training and activities.

Everything is written through the services, by the province staff demo
account, so the demo obeys the same rules as the portal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_create
from core.demo import names
from regions.choices import RegionLevel
from regions.models import Region

from . import services
from .choices import (
    ActivityKind,
    ContactKind,
    ContactWay,
    DeputyLevel,
    Education,
    Gender,
    GroupKind,
    MembershipRole,
    PoliticalAffiliation,
    SectorClass,
    TrainingClass,
)
from .models import Congress, Deputy, Group
from .validators import id_check_char

ORDER = 10

TERMS = {
    DeputyLevel.NATIONAL: 14,
    DeputyLevel.PROVINCIAL: 14,
    DeputyLevel.CITY: 15,
    DeputyLevel.COUNTY: 17,
    DeputyLevel.TOWNSHIP: 18,
}
TAGS = ["数字经济", "先进制造", "乡村振兴", "生态环保", "教育", "医疗卫生", "法律", "文化旅游", "海洋经济", "社会治理"]
TOPICS = ["老旧小区改造", "农村饮用水", "学校周边交通", "养老服务", "营商环境", "垃圾分类", "河道治理", "医保报销"]
PARTIES = [PoliticalAffiliation.CPC] * 6 + [
    PoliticalAffiliation.MASSES,
    PoliticalAffiliation.NON_PARTY,
    PoliticalAffiliation.CDL,
    PoliticalAffiliation.JS,
]
SECTORS = [SectorClass.WORKER, SectorClass.FARMER, SectorClass.PROFESSIONAL, SectorClass.CIVIL_SERVANT]
SECTORS += [SectorClass.ENTERPRISE, SectorClass.PROFESSIONAL, SectorClass.MILITARY, SectorClass.OTHER]
DEPUTY_USERNAME = "deputy"


def _congress_name(region: Region, level: str) -> str:
    term = "第{}届".format("十" + "一二三四五六七八九"[TERMS[level] - 11] if TERMS[level] > 10 else TERMS[level])
    if level == DeputyLevel.NATIONAL:
        return f"{term}全国人民代表大会"
    prefix = region.name
    if region.level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
        prefix = "".join(r.name for r in region.ancestors()[1:]) + region.name
    return f"{prefix}{term}人民代表大会"


def _congress(region: Region, level: str) -> Congress:
    congress, _created = Congress.objects.get_or_create(
        region=region,
        level=level,
        term_number=TERMS[level],
        defaults={"name": _congress_name(region, level), "start_date": dt.date(2022, 1, 1)},
    )
    return congress


class _People:
    """Repeatable person data from ctx.rng, with valid ID numbers."""

    def __init__(self, rng):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, area: Region) -> dict:
        rng = self.rng
        male = rng.random() < 0.7
        area_code = (area.code + "0000")[:6]
        while True:  # two demo people must never share an ID number
            birth = dt.date(rng.randint(1960, 1992), rng.randint(1, 12), rng.randint(1, 28))
            order = rng.randint(0, 498) * 2 + (1 if male else 0)
            first17 = f"{area_code}{birth:%Y%m%d}{order:03d}"
            if first17 not in self.used:
                self.used.add(first17)
                break
        return {
            "name": names.person_name(rng),
            "gender": Gender.MALE if male else Gender.FEMALE,
            "ethnicity": "汉族" if rng.random() < 0.95 else "畲族",
            "birth_date": birth,
            "id_number": first17 + id_check_char(first17),
            "mobile": "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
            "political_affiliation": rng.choice(PARTIES),
            "education": rng.choice(list(Education.values)),
            "occupation": rng.choice(names.OCCUPATIONS),
            "work_unit": rng.choice(names.UNITS),
            "address": names.address(rng, area.name),
            "expertise_tags": rng.sample(TAGS, k=rng.randint(1, 3)),
        }


def seed(ctx) -> None:
    if Deputy.objects.exists():
        user = User.objects.filter(username=DEPUTY_USERNAME).first()
        if user is not None:
            ctx.logins.append((str(Role.DEPUTY.label), DEPUTY_USERNAME, ctx.shared["password"]))
        ctx.shared["deputies"] = list(Deputy.objects.values_list("pk", flat=True))
        return
    rng = ctx.rng
    actor = ctx.shared.get("user:province") or User.objects.get(username="province")
    people = _People(rng)
    province = Region.objects.get(code="330000")
    cities = list(Region.objects.filter(parent=province).order_by("code"))
    counties = {c.pk: list(Region.objects.filter(parent=c).order_by("code")) for c in cities}
    made: dict[str, list[Deputy]] = {level: [] for level in DeputyLevel.values}

    def create(congress: Congress, region: Region, person: dict | None = None, **extra) -> Deputy:
        deputy = services.deputy_create(
            actor=actor,
            congress=congress,
            region=region,
            person=person or people.make(region),
            sector_class=rng.choice(SECTORS),
            elected_on=congress.start_date,
            **extra,
        )
        made[congress.level].append(deputy)
        return deputy

    # Congresses and deputies, level by level.
    national = _congress(province, DeputyLevel.NATIONAL)
    provincial = _congress(province, DeputyLevel.PROVINCIAL)
    for _ in range(ctx.scale(6, 30, 90)):
        city = rng.choice(cities)
        create(national, city, electoral_unit="浙江省人民代表大会", delegation="浙江代表团")
    for city in cities:
        for _ in range(max(1, ctx.scale(30, 200, 900) // len(cities))):
            create(provincial, city, electoral_unit=f"{city.name}人民代表大会", delegation=f"{city.name}代表团")
    for city in cities:
        congress = _congress(city, DeputyLevel.CITY)
        for _ in range(ctx.scale(6, 30, 200)):
            county = rng.choice(counties[city.pk])
            create(congress, county, electoral_unit=f"{county.name}人民代表大会", delegation=f"{county.name}代表团")
    per_county = ctx.scale(2, 10, 60)
    for city in cities:
        for county in counties[city.pk]:
            congress = _congress(county, DeputyLevel.COUNTY)
            towns = list(Region.objects.filter(parent=county).order_by("code")[:8]) or [county]
            for _ in range(per_county):
                town = rng.choice(towns)
                create(congress, town, electoral_unit=f"{town.name}选区")
    townships = list(
        Region.objects.filter(level=RegionLevel.TOWNSHIP, code__startswith="33", name__endswith="镇").order_by("code")
    )
    for town in rng.sample(townships, k=min(len(townships), ctx.scale(6, 20, 60))):
        congress = _congress(town, DeputyLevel.TOWNSHIP)
        for _ in range(ctx.scale(5, 15, 40)):
            create(congress, town, electoral_unit=f"{town.name}第{rng.randint(1, 9)}选区")

    # The demo deputy: one person, a provincial and a Hangzhou city mandate.
    hangzhou, xihu = Region.objects.get(code="330100"), Region.objects.get(code="330106")
    data = people.make(xihu) | {"name": "陈思远", "gender": Gender.MALE}
    data["id_number"] = data["id_number"][:16] + "1" + data["id_number"][17]
    data["id_number"] = data["id_number"][:17] + id_check_char(data["id_number"][:17])
    mine_provincial = create(provincial, hangzhou, person=data, delegation="杭州代表团")
    mine_city = create(_congress(hangzhou, DeputyLevel.CITY), xihu, person=data, delegation="西湖区代表团")
    user = User.objects.filter(username=DEPUTY_USERNAME).first() or user_create(
        username=DEPUTY_USERNAME,
        password=ctx.shared["password"],
        role=Role.DEPUTY,
        full_name="陈思远",
        must_change_password=False,
    )
    services.person_link_user(actor=actor, person=mine_provincial.person, user=user)
    ctx.logins.append((str(Role.DEPUTY.label), DEPUTY_USERNAME, ctx.shared["password"]))

    # Groups: a 代表小组 per county for city deputies, a 中心组 per city for provincial deputies.
    groups: list[Group] = []
    for city in cities:
        city_deputies = [d for d in made[DeputyLevel.CITY] if d.congress.region_id == city.pk]
        by_county: dict[int, list[Deputy]] = {}
        for deputy in city_deputies:
            by_county.setdefault(deputy.region_id, []).append(deputy)
        for county in counties[city.pk]:
            members = by_county.get(county.pk, [])
            if not members:
                continue
            group = services.group_create(
                actor=actor, name=f"{city.name}人大代表{county.name}小组", region=city, kind=GroupKind.GROUP
            )
            services.group_add_members(actor=actor, group=group, deputies=members[:1], role=MembershipRole.LEADER)
            services.group_add_members(actor=actor, group=group, deputies=members[1:])
            groups.append(group)
        members = [d for d in made[DeputyLevel.PROVINCIAL] if d.region_id == city.pk]
        if members:
            group = services.group_create(
                actor=actor, name=f"省人大代表{city.name}中心组", region=province, kind=GroupKind.CENTRAL
            )
            services.group_add_members(actor=actor, group=group, deputies=members[:1], role=MembershipRole.CONVENER)
            services.group_add_members(actor=actor, group=group, deputies=members[1:])
            groups.append(group)
    # Flexible groups by profession across the province.
    for tag in TAGS[:4]:
        members = [d for d in made[DeputyLevel.PROVINCIAL] if tag in {t.name for t in d.person.expertise_tags.all()}]
        group = services.group_create(
            actor=actor, name=f"{tag}专业代表小组", region=province, kind=GroupKind.PROFESSION, theme=tag
        )
        services.group_add_members(actor=actor, group=group, deputies=members[:12])
        groups.append(group)
    # "三跨" task teams: the province's spans Hangzhou and Ningbo; Hangzhou's spans its districts and levels.
    ningbo_code = "3302"
    span = [d for d in made[DeputyLevel.CITY] if d.region.code.startswith(("3301", ningbo_code))][:10]
    team = services.group_create(
        actor=actor,
        name="杭甬数字经济“三跨”任务组",
        region=province,
        kind=GroupKind.TASK_TEAM,
        theme="数字经济",
        cross_region=True,
        cross_level=True,
        cross_field=True,
    )
    services.group_add_members(actor=actor, group=team, deputies=span)
    services.group_add_members(actor=actor, group=team, deputies=[mine_provincial], role=MembershipRole.LEADER)
    hz_staff = ctx.shared.get("user:hangzhou") or actor
    hz_team = services.group_create(
        actor=hz_staff,
        name="杭州城西科创“三跨”任务组",
        region=hangzhou,
        kind=GroupKind.TASK_TEAM,
        theme="科技创新",
        cross_region=True,
        cross_level=True,
    )
    hz_members = [d for d in made[DeputyLevel.COUNTY] if d.region.code.startswith(("330106", "330110"))][:6]
    services.group_add_members(actor=hz_staff, group=hz_team, deputies=[mine_city, *hz_members])
    groups += [team, hz_team]

    # Dual contact, training and activities with check-ins.
    everyone = [d for level in made.values() for d in level]
    today = dt.date(2025, 6, 30)
    for deputy in everyone:
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice(list(ContactKind.values))
            services.contact_create(
                actor=actor,
                deputy=deputy,
                kind=kind,
                counterpart="常委会委员" + names.person_name(rng)
                if kind == ContactKind.COMMITTEE_DEPUTY
                else "社区居民",
                contacted_on=today - dt.timedelta(days=rng.randint(0, 360)),
                way=rng.choice(list(ContactWay.values)),
                topic=rng.choice(TOPICS),
                outcome=rng.choice(["已转交有关部门办理", "已答复", "形成建议", ""]),
            )
    courses = [
        ("省人大代表履职学习班", TrainingClass.CAPACITY, province, made[DeputyLevel.PROVINCIAL]),
        (
            "新任代表初任培训",
            TrainingClass.INITIAL,
            hangzhou,
            [d for d in made[DeputyLevel.CITY] if d.congress.region_id == hangzhou.pk],
        ),
        ("数字经济专题培训", TrainingClass.THEMATIC, province, made[DeputyLevel.NATIONAL] + span),
    ]
    for title, klass, region, attendees in courses:
        course = services.training_course_create(
            actor=actor,
            title=title,
            training_class=klass,
            region=region,
            start_date=dt.date(2025, 4, rng.randint(1, 28)),
            hours=Decimal("16.0"),
            location="浙江省人大常委会代表培训中心",
        )
        services.training_record_attendance(actor=actor, course=course, deputies=attendees)
    activities = [
        ("西湖区代表视察城中村改造", ActivityKind.INSPECTION, xihu),
        ("杭州市人大代表营商环境专题调研", ActivityKind.RESEARCH, hangzhou),
        ("省人大代表“三跨”任务组座谈会", ActivityKind.FORUM, province),
    ]
    for title, kind, region in activities:
        activity = services.activity_create(
            actor=actor, title=title, region=region, held_on=today - dt.timedelta(days=rng.randint(1, 60)), kind=kind
        )
        pool = [d for d in everyone if region.contains(d.region)]
        for deputy in rng.sample(pool, k=min(len(pool), 8)):
            services.check_in_by_staff(actor=actor, activity=activity, deputy=deputy, feedback="")
        services.check_in_by_staff(
            actor=actor, activity=activity, deputy=mine_city if region != province else mine_provincial
        )

    ctx.shared["deputies"] = [d.pk for d in everyone]
    ctx.shared["deputy_user"] = user
    ctx.shared["deputy_mandates"] = [mine_provincial.pk, mine_city.pk]
    ctx.shared["deputy_groups"] = [g.pk for g in groups]
    ctx.stdout.write(f"  deputies: {len(everyone)} mandates, {len(groups)} groups")
