"""Demo data: handling units, a provincial session with suggestions in every state, a motion with
co-signers and key supervision."""

import datetime as dt

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_create
from core.demo import names
from deputies.choices import DeputyLevel, DeputyStatus
from deputies.models import Congress, Deputy, Person
from deputies.services import person_link_user
from regions.models import Region

from . import services
from .choices import ContactWay, ProposalCategory, ProposalKind, ReplyClass, Satisfaction
from .models import HandlingUnit, Session

ORDER = 40

UNITS = {
    "330000": [
        "浙江省发展和改革委员会",
        "浙江省教育厅",
        "浙江省民政厅",
        "浙江省交通运输厅",
        "浙江省卫生健康委员会",
        "浙江省住房和城乡建设厅",
        "浙江省农业农村厅",
        "浙江省生态环境厅",
    ],
    "330100": ["杭州市民政局", "杭州市交通运输局", "杭州市教育局"],
    "330200": ["宁波市民政局", "宁波市教育局"],
}
TOPICS = [
    ("加快农村养老服务体系建设", ProposalCategory.SOCIAL, "浙江省民政厅"),
    ("优化城乡公交线网", ProposalCategory.TRANSPORT, "浙江省交通运输厅"),
    ("推进义务教育优质均衡发展", ProposalCategory.EDUCATION, "浙江省教育厅"),
    ("加强基层医疗卫生人才队伍建设", ProposalCategory.HEALTH, "浙江省卫生健康委员会"),
    ("加快老旧小区改造和加装电梯", ProposalCategory.URBAN, "浙江省住房和城乡建设厅"),
    ("支持山区县特色农业发展", ProposalCategory.AGRICULTURE, "浙江省农业农村厅"),
    ("加强小流域水环境综合治理", ProposalCategory.ENVIRONMENT, "浙江省生态环境厅"),
    ("进一步优化民营经济发展环境", ProposalCategory.ECONOMY, "浙江省发展和改革委员会"),
]
# How many suggestions end in each state (about 60 in all at the small size).
PLAN = [
    ("draft", 4),
    ("submitted", 6),
    ("returned", 2),
    ("registered", 5),
    ("assigned", 6),
    ("handling", 9),
    ("replied", 10),
    ("closed", 14),
    ("rehandling", 2),
    ("closed_after_rehandling", 2),
]
CLASSES = [ReplyClass.A] * 7 + [ReplyClass.B] * 2 + [ReplyClass.C]


def _office(ctx):
    return ctx.shared.get("user:province") or User.objects.get(username="province")


def _unit_login(ctx, unit: HandlingUnit):
    password = ctx.shared["password"]
    user = User.objects.filter(username="unit").first()
    if user is None:
        user = user_create(
            username="unit",
            password=password,
            role=Role.UNIT_STAFF,
            full_name=f"{unit.name}建议办理处",
            must_change_password=False,
        )
        services.handling_unit_add_member(actor=_office(ctx), unit=unit, user=user)
    ctx.logins.append((f"{Role.UNIT_STAFF.label} · {unit.name}", "unit", password))
    return user


def _provincial_congress(ctx) -> Congress:
    province = Region.objects.get(code="330000")
    congress = Congress.objects.filter(region=province, level=DeputyLevel.PROVINCIAL).order_by("-term_number").first()
    if congress is None:
        congress = Congress.objects.create(
            region=province,
            level=DeputyLevel.PROVINCIAL,
            term_number=14,
            name="浙江省第十四届人民代表大会",
            start_date=dt.date(2023, 1, 13),
        )
    return congress


def _filers(ctx, congress: Congress) -> list[User]:
    """Deputy logins of the provincial congress: the deputies app's demo deputy plus three more."""
    office = _office(ctx)
    users = list(
        User.objects.filter(role=Role.DEPUTY, person__mandates__congress=congress).distinct().order_by("pk")[:4]
    )
    spare = Deputy.objects.filter(congress=congress, status=DeputyStatus.SERVING, person__user__isnull=True)
    hangzhou = Region.objects.get(code="330100")
    index = 2
    while len(users) < 4:
        deputy = spare.select_related("person").first()
        if deputy is None:
            person = Person.objects.create(name=names.person_name(ctx.rng), gender="female")
            deputy = Deputy.objects.create(person=person, congress=congress, level=congress.level, region=hangzhou)
        while User.objects.filter(username=f"deputy{index}").exists():
            index += 1
        user = user_create(
            username=f"deputy{index}",
            password=ctx.shared["password"],
            role=Role.DEPUTY,
            full_name=deputy.person.name,
            must_change_password=False,
        )
        person_link_user(actor=office, person=deputy.person, user=user)
        ctx.logins.append((f"{Role.DEPUTY.label} · {deputy.person.name}", user.username, ctx.shared["password"]))
        users.append(user)
    return users


def seed(ctx) -> None:
    congress = _provincial_congress(ctx)
    if Session.objects.filter(congress=congress).exists():
        unit = HandlingUnit.objects.filter(name="浙江省民政厅").first()
        if unit is not None and User.objects.filter(username="unit").exists():
            ctx.logins.append((f"{Role.UNIT_STAFF.label} · {unit.name}", "unit", ctx.shared["password"]))
        for user in User.objects.filter(role=Role.DEPUTY, username__regex=r"^deputy[0-9]+$").order_by("username"):
            ctx.logins.append((f"{Role.DEPUTY.label} · {user.full_name}", user.username, ctx.shared["password"]))
        return
    rng, office = ctx.rng, _office(ctx)

    units: dict[str, HandlingUnit] = {}
    for code, unit_names in UNITS.items():
        region = Region.objects.get(code=code)
        for name in unit_names:
            units[name] = services.handling_unit_create(
                actor=office,
                region=region,
                name=name,
                contact_person=names.person_name(rng),
                contact_phone=f"0571-8{rng.randint(1000000, 9999999)}",
            )
    main_unit = units["浙江省民政厅"]
    unit_user = _unit_login(ctx, main_unit)
    # Every other provincial unit gets a staff account too, so that the flow can run through them.
    helpers: dict[int, User] = {main_unit.pk: unit_user}
    for name in UNITS["330000"]:
        unit = units[name]
        if unit.pk not in helpers:
            helper = user_create(
                username=f"unit-{unit.pk}",
                password=ctx.shared["password"],
                role=Role.UNIT_STAFF,
                full_name=f"{name}经办人",
                must_change_password=False,
            )
            services.handling_unit_add_member(actor=office, unit=unit, user=helper)
            helpers[unit.pk] = helper

    session = services.session_create(
        actor=office, congress=congress, name="省十四届人大三次会议", sequence=3, min_motion_cosigners=2
    )
    filers = _filers(ctx, congress)
    today = timezone.localdate()

    def file(index: int, target: str):
        topic, category, unit_name = TOPICS[index % len(TOPICS)]
        deputy = filers[index % len(filers)]
        proposal = services.proposal_create_draft(
            actor=deputy,
            session=session,
            kind=ProposalKind.SESSION_SUGGESTION,
            title=f"关于{topic}的建议" + ("" if index < len(TOPICS) else f"（{index // len(TOPICS) + 1}）"),
            body=f"近年来，{topic}取得一定进展，但仍存在短板。建议：一是加强统筹；二是加大投入；三是完善考核。",
            category=category,
        )
        if target == "draft":
            return
        services.proposal_submit(actor=deputy, proposal=proposal)
        if target == "submitted":
            return
        if target == "returned":
            services.proposal_return(actor=office, proposal=proposal, reason="请补充具体问题和数据。")
            return
        services.proposal_register(actor=office, proposal=proposal)
        if target == "registered":
            return
        lead = units[unit_name]
        co = [units["浙江省发展和改革委员会"]] if index % 5 == 0 and lead.name != "浙江省发展和改革委员会" else []
        services.proposal_assign(actor=office, proposal=proposal, lead_unit=lead, co_units=co)
        if target == "assigned":
            return
        staff_user = helpers[lead.pk]
        assignment = proposal.assignments.get(unit=lead, active=True)
        services.assignment_sign(actor=staff_user, assignment=assignment)
        for co_assignment in proposal.assignments.filter(role="co", active=True):
            services.cohandling_opinion_submit(
                actor=helpers[co_assignment.unit_id], assignment=co_assignment, opinion="同意主办单位意见，将配合落实。"
            )
        if target == "handling":
            if index % 3 == 0:
                # Demo only: an old assignment whose legal deadline has passed, for the overdue lists.
                type(proposal).objects.filter(pk=proposal.pk).update(
                    deadline=today - dt.timedelta(days=rng.randint(3, 20))
                )
            return
        services.contact_record(
            actor=staff_user,
            assignment=assignment,
            contacted_on=today,
            way=rng.choice(ContactWay.values),
            content="与代表当面沟通办理思路，听取意见。",
        )
        classification = rng.choice(CLASSES)
        services.reply_submit(
            actor=staff_user,
            proposal=proposal,
            text=f"关于您提出的“{topic}”的建议，我单位高度重视，已会同有关部门研究落实。",
            classification=classification,
            is_public=True,
        )
        if target == "replied":
            return
        if target in ("rehandling", "closed_after_rehandling"):
            services.reply_rate(
                actor=deputy,
                proposal=proposal,
                work_rating=Satisfaction.BASIC,
                result_rating=Satisfaction.UNSATISFIED,
                comment="答复缺少具体措施和时间表。",
            )
            if target == "rehandling":
                return
            services.contact_record(
                actor=staff_user, assignment=assignment, contacted_on=today, way=ContactWay.VISIT, content="再次走访"
            )
            services.reply_submit(
                actor=staff_user, proposal=proposal, text="补充答复：已列入明年计划。", classification=ReplyClass.B
            )
        services.reply_rate(
            actor=deputy,
            proposal=proposal,
            work_rating=rng.choice([Satisfaction.SATISFIED] * 4 + [Satisfaction.BASIC]),
            result_rating=rng.choice([Satisfaction.SATISFIED] * 3 + [Satisfaction.BASIC]),
        )

    index = 0
    for target, count in PLAN:
        for _ in range(ctx.scale(count, count * 5, count * 16)):
            file(index, target)
            index += 1

    # A motion with co-signers who confirmed in their own accounts.
    lead, *cosigners = filers
    motion = services.proposal_create_draft(
        actor=lead,
        session=session,
        kind=ProposalKind.MOTION,
        title="关于制定《浙江省居家养老服务条例》的议案",
        body="案由、依据和方案：……",
        category=ProposalCategory.GOVERNANCE,
    )
    services.proposal_invite_cosigners(
        actor=lead, proposal=motion, deputies=[Deputy.objects.get(person__user=u, congress=congress) for u in cosigners]
    )
    for user in cosigners:
        services.proposal_cosign_confirm(actor=user, proposal=motion)
    services.proposal_submit(actor=lead, proposal=motion)
    services.proposal_register(actor=office, proposal=motion)

    # Key supervision of two suggestions in handling.
    for proposal in session.proposals.filter(status="handling").order_by("pk")[:2]:
        supervision = services.key_supervision_set(
            actor=office,
            proposal=proposal,
            leader="省人大常委会副主任 " + names.person_name(rng),
            reason="群众关注度高",
        )
        services.supervision_record_add(
            actor=office, supervision=supervision, happened_on=today, content="召开督办座谈会，听取承办单位汇报。"
        )
