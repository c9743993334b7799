"""Demo data: a year of appointment cases at the province and Hangzhou, duty reports with
evaluations, and a review of Hangzhou's department heads with scores and ranking."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_create
from core.demo import names
from deputies.models import Congress
from regions.models import Region

from . import services
from .choices import Grade, MemberPosition, NominatingBody, RectificationStatus
from .models import (
    AppointmentCase,
    AppointmentCaseEvent,
    CommitteeMember,
    DutyReport,
    DutyReportEvent,
    ReviewedHeadEvent,
    ReviewPlan,
    ReviewPlanEvent,
)

ORDER = 60

YEAR = 2026
MEMBER_USERNAME = "changwei"
MEMBER_LOGIN = "常委会组成人员 · 民主测评"

# (region code, congress level, congress name, staff username, letter prefix, hall, first session number, posts)
BODIES = [
    (
        "330000",
        "provincial",
        "浙江省第十四届人民代表大会",
        "province",
        "浙人大常任",
        "浙江省人大常委会会议厅",
        21,
        [
            ("浙江省教育厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省科学技术厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省民政厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省财政厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省交通运输厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省水利厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省农业农村厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省卫生健康委员会主任", NominatingBody.GOVERNMENT),
            ("浙江省审计厅厅长", NominatingBody.GOVERNMENT),
            ("浙江省高级人民法院副院长", NominatingBody.COURT),
            ("浙江省高级人民法院审判员", NominatingBody.COURT),
            ("浙江省人民检察院副检察长", NominatingBody.PROCURATORATE),
            ("浙江省监察委员会委员", NominatingBody.SUPERVISORY),
            ("浙江省人大常委会法制工作委员会主任", NominatingBody.CHAIRPERSONS),
        ],
    ),
    (
        "330100",
        "city",
        "杭州市第十四届人民代表大会",
        "hangzhou",
        "杭人大常任",
        "杭州市人大常委会会议厅",
        30,
        [
            ("杭州市发展和改革委员会主任", NominatingBody.GOVERNMENT),
            ("杭州市教育局局长", NominatingBody.GOVERNMENT),
            ("杭州市城乡建设委员会主任", NominatingBody.GOVERNMENT),
            ("杭州市民政局局长", NominatingBody.GOVERNMENT),
            ("杭州市生态环境局局长", NominatingBody.GOVERNMENT),
            ("杭州市中级人民法院副院长", NominatingBody.COURT),
            ("杭州市人民检察院副检察长", NominatingBody.PROCURATORATE),
            ("杭州市监察委员会委员", NominatingBody.SUPERVISORY),
        ],
    ),
]
SESSION_DATES = [date(YEAR, m, d) for m, d in [(1, 15), (3, 26), (5, 28), (7, 30), (9, 24), (11, 20), (12, 24)]]
REVIEW_ITEMS = [
    ("依法行政", "20"),
    ("履职尽责", "30"),
    ("办理代表建议", "20"),
    ("作风建设", "15"),
    ("代表满意度", "15"),
]
REVIEW_HEADS = [
    ("杭州市教育局", "局长"),
    ("杭州市民政局", "局长"),
    ("杭州市交通运输局", "局长"),
    ("杭州市卫生健康委员会", "主任"),
    ("杭州市市场监督管理局", "局长"),
    ("杭州市住房保障和房产管理局", "局长"),
]


def _staff(ctx, username: str) -> User:
    return ctx.shared.get(f"user:{username}") or User.objects.get(username=username)


def _member_user(ctx) -> User:
    user = User.objects.filter(username=MEMBER_USERNAME).first() or user_create(
        username=MEMBER_USERNAME,
        password=ctx.shared["password"],
        role=Role.DEPUTY,
        full_name="省人大常委会委员（演示）",
        must_change_password=False,
    )
    return user


def seed(ctx) -> None:
    if AppointmentCase.objects.exists():
        if User.objects.filter(username=MEMBER_USERNAME).exists():
            ctx.logins.append((MEMBER_LOGIN, MEMBER_USERNAME, ctx.shared["password"]))
        return
    member_user = _member_user(ctx)
    ctx.logins.append((MEMBER_LOGIN, MEMBER_USERNAME, ctx.shared["password"]))
    congresses = {}
    for code, level, name, username, prefix, hall, first_number, posts in BODIES:
        actor = _staff(ctx, username)
        congress, _created = Congress.objects.get_or_create(
            region=Region.objects.get(code=code), level=level, term_number=14, defaults={"name": name}
        )
        congresses[code] = (congress, actor)
        roster = _roster(ctx, congress, actor, member_user if code == "330000" else None)
        sessions = [
            services.session_create(actor=actor, congress=congress, number=first_number + i, held_on=held_on)
            for i, held_on in enumerate(SESSION_DATES)
        ]
        _appointments(ctx, congress, actor, sessions, posts, prefix, hall, len(roster))
    province, province_actor = congresses["330000"]
    hangzhou, hangzhou_actor = congresses["330100"]
    _duty_report(ctx, province, province_actor, closed=True, upward=True)
    _duty_report(ctx, hangzhou, hangzhou_actor, closed=True, upward=False)
    _duty_report(ctx, province, province_actor, closed=False, upward=False)
    _review_plan(ctx, hangzhou, hangzhou_actor)
    _backdate_history()
    ctx.stdout.write(
        f"  personnel: {AppointmentCase.objects.count()} appointment cases, "
        f"{DutyReport.objects.count()} duty reports, {ReviewPlan.objects.count()} review plan"
    )


def _roster(ctx, congress: Congress, actor: User, member_user: User | None) -> list[CommitteeMember]:
    size = ctx.scale(25, 45, 65)
    positions = [MemberPosition.DIRECTOR] + [MemberPosition.VICE_DIRECTOR] * 5 + [MemberPosition.SECRETARY_GENERAL]
    positions += [MemberPosition.MEMBER] * (size - len(positions))
    roster = []
    for index, position in enumerate(positions):
        linked = member_user if index == len(positions) - 1 else None
        name = linked.full_name if linked else names.person_name(ctx.rng)
        roster.append(
            services.committee_member_create(actor=actor, congress=congress, name=name, position=position, user=linked)
        )
    return roster


def _appointments(ctx, congress, actor, sessions, posts, prefix, hall, members_total) -> None:
    letter = 0
    today = date(YEAR, 11, 25)
    count = ctx.scale(len(posts), len(posts) * 2, len(posts) * 4)
    for index in range(count):
        post, body = posts[index % len(posts)]
        session = sessions[index * len(sessions) // count]
        case = services.appointment_case_create(
            actor=actor,
            congress=congress,
            nominee_name=names.person_name(ctx.rng),
            nominee_gender=ctx.rng.choice(["male", "male", "female"]),
            nominee_current_post=ctx.rng.choice(names.UNITS) + ctx.rng.choice(["副主任", "副局长", "处长", "党组成员"]),
            post=post,
            nominating_body=body,
            submitted_on=session.held_on - timedelta(days=20),
        )
        upcoming = session.held_on > today
        if index == 2:
            services.appointment_case_withdraw(actor=actor, case=case, note="提请机关撤回")
            continue
        if not upcoming or ctx.rng.random() < 0.5:
            failed_first = index % 7 == 3
            services.appointment_case_record_exam(
                actor=actor,
                case=case,
                exam_date=min(session.held_on - timedelta(days=6), today - timedelta(days=3)),
                score=Decimal(ctx.rng.randint(45, 58) if failed_first else ctx.rng.randint(72, 98)),
                pass_mark=Decimal("60"),
            )
            if failed_first and session is not sessions[-2]:
                services.appointment_case_record_exam(
                    actor=actor,
                    case=case,
                    exam_date=session.held_on - timedelta(days=2),
                    score=Decimal(ctx.rng.randint(70, 90)),
                    pass_mark=Decimal("60"),
                )
        if upcoming:
            if ctx.rng.random() < 0.6:
                services.appointment_case_submit_for_review(actor=actor, case=case, session=session)
            continue
        services.appointment_case_submit_for_review(actor=actor, case=case, session=session)
        against = ctx.rng.randint(0, 2)
        abstain = ctx.rng.randint(0, 3)
        case = services.appointment_case_record_vote(
            actor=actor,
            case=case,
            vote_date=session.held_on,
            members_total=members_total,
            votes_for=members_total - against - abstain - ctx.rng.randint(0, 4),
            votes_against=against,
            votes_abstain=abstain,
            review_opinion="会议审议认为，被提请任命人员符合任职条件。",
        )
        if not case.exam_passed:
            continue  # stays approved: the exam gate holds the letter back
        letter += 1
        services.appointment_case_issue_letter(
            actor=actor, case=case, letter_number=f"{prefix}〔{YEAR}〕{letter}号", issued_on=session.held_on
        )
        if session is sessions[-2] and index % 2:
            continue  # letter issued, oath still to be recorded
        services.appointment_case_record_oath(actor=actor, case=case, oath_date=session.held_on, oath_place=hall)


def _duty_report(ctx, congress, actor, *, closed: bool, upward: bool) -> None:
    appointed = AppointmentCase.objects.filter(congress=congress, oath_date__isnull=False).order_by("vote_date").first()
    # The last session held (20 November) is where the open evaluation runs.
    session = list(congress.standing_committee_sessions.order_by("held_on"))[-2]
    report = services.duty_report_create(
        actor=actor,
        congress=congress,
        year=YEAR,
        person_name=appointed.nominee_name if appointed and closed else names.person_name(ctx.rng),
        post=appointed.post if appointed and closed else "浙江省生态环境厅厅长",
        special_committee=ctx.rng.choice(["财政经济委员会", "教育科学文化卫生委员会", "社会建设委员会"]),
        appointment=appointed if closed else None,
    )
    start = session.held_on - timedelta(days=40 if closed else 20)
    services.duty_report_preliminary_review(
        actor=actor, report=report, reviewed_on=start, opinion="述职报告内容全面，同意提请主任会议审议。"
    )
    services.duty_report_chairpersons_review(
        actor=actor, report=report, reviewed_on=start + timedelta(days=14), opinion="同意提请常委会会议听取述职并测评。"
    )
    services.duty_report_open_evaluation(actor=actor, report=report, session=session)
    if not closed:
        return  # members are voting online now (the demo member included)
    members = congress.committee_members.filter(is_active=True).count()
    present = members - ctx.rng.randint(2, 6)
    excellent = ctx.rng.randint(int(present * 0.5), int(present * 0.8))
    basic = ctx.rng.randint(0, 2)
    counts = {
        Grade.EXCELLENT: excellent,
        Grade.COMPETENT: present - excellent - basic,
        Grade.BASIC: basic,
        Grade.INCOMPETENT: 0,
    }
    services.evaluation_enter_paper_totals(actor=actor, report=report, counts=counts)
    services.duty_report_close_evaluation(actor=actor, report=report)
    services.duty_report_give_feedback(
        actor=actor,
        report=report,
        feedback_on=session.held_on + timedelta(days=10),
        feedback="测评结果为优秀和称职票占比较高。常委会组成人员建议进一步加强调查研究，认真办理代表建议。",
    )
    if upward:
        services.duty_report_report_upward(
            actor=actor, report=report, reported_on=session.held_on + timedelta(days=15), note="报送同级党委组织部门"
        )


def _review_plan(ctx, congress, actor) -> None:
    plan = services.review_plan_create(
        actor=actor,
        congress=congress,
        year=YEAR,
        title=f"{YEAR}年度杭州市政府组成部门负责人履职评议",
        survey_deadline=date(YEAR, 6, 30),
        notes="组织市人大代表对评议对象开展满意度测评，结合调查评估和述职情况评分排名，对排名靠后的部门跟踪整改。",
    )
    items = [
        services.review_plan_add_item(actor=actor, plan=plan, name=name, max_score=Decimal(score))
        for name, score in REVIEW_ITEMS
    ]
    heads = [
        services.review_plan_add_head(
            actor=actor, plan=plan, name=names.person_name(ctx.rng), department=dept, post=post
        )
        for dept, post in REVIEW_HEADS
    ]
    services.review_plan_start_survey(actor=actor, plan=plan)
    for head in heads:
        satisfied = ctx.rng.randint(180, 260)
        services.review_head_record_survey(
            actor=actor,
            head=head,
            satisfied=satisfied,
            basic=ctx.rng.randint(20, 60),
            unsatisfied=ctx.rng.randint(2, 20),
            opinions=ctx.rng.choice(["建议加快民生项目进度", "建议加强与代表的沟通联系", "建议提高建议办理实效"]),
        )
    services.review_plan_start_scoring(actor=actor, plan=plan)
    for head in heads:
        scores = {
            item.pk: (item.max_score * Decimal(ctx.rng.randint(70, 98)) / 100).quantize(Decimal("0.1"))
            for item in items
        }
        services.review_head_record_scores(actor=actor, head=head, scores=scores)
    services.review_plan_rank(actor=actor, plan=plan)
    lowest = sorted(plan.heads.all(), key=lambda h: h.rank)[-2:]
    services.review_head_record_rectification(
        actor=actor,
        head=lowest[0],
        status=RectificationStatus.DONE,
        requirement="针对代表意见制定整改清单，限期整改。",
        report="已完成整改事项5项，向市人大常委会书面报告。",
        rectified_on=date(YEAR, 10, 31),
    )
    services.review_plan_start_rectification(actor=actor, plan=plan)
    services.review_head_record_rectification(
        actor=actor,
        head=lowest[1],
        status=RectificationStatus.IN_PROGRESS,
        requirement="针对代表意见制定整改清单，限期整改。",
        report="整改方案已制定，正在推进。",
    )


def _backdate_history() -> None:
    """Date the demo history by the steps it records: the services stamp every row with 'now'."""
    tz = timezone.get_current_timezone()

    def stamp(events, day_of) -> None:
        rows = list(events)
        for index, event in enumerate(rows):
            day = day_of(event)
            if day is not None:
                event.occurred_at = datetime.combine(day, time(9 + index % 8, (index * 7) % 60), tzinfo=tz)
        if rows:
            type(rows[0]).objects.bulk_update(rows, ["occurred_at"])

    def case_day(event):
        case = event.case
        if not event.is_transition:
            return case.exam_date
        return {
            "registered": case.submitted_on,
            "under_review": (case.exam_date or case.submitted_on) + timedelta(days=1),
            "approved": case.vote_date,
            "rejected": case.vote_date,
            "appointed": case.letter_issued_on,
            "sworn": case.oath_date,
            "withdrawn": case.submitted_on + timedelta(days=5),
        }.get(event.to_status)

    def report_day(event):
        report = event.report
        held = report.session.held_on if report.session else None
        if not event.is_transition:
            return held
        return {
            "registered": report.preliminary_on - timedelta(days=10) if report.preliminary_on else None,
            "preliminary_reviewed": report.preliminary_on,
            "chairpersons_reviewed": report.chairpersons_on,
            "evaluating": held,
            "evaluated": held,
            "feedback_given": report.feedback_on,
            "reported": report.reported_on,
        }.get(event.to_status)

    plan_days = {
        ("", "draft"): date(YEAR, 3, 1),
        ("draft", "draft"): date(YEAR, 3, 5),
        ("draft", "surveying"): date(YEAR, 4, 1),
        ("surveying", "surveying"): date(YEAR, 6, 30),
        ("surveying", "scoring"): date(YEAR, 7, 10),
        ("scoring", "scoring"): date(YEAR, 8, 15),
        ("scoring", "ranked"): date(YEAR, 9, 1),
        ("ranked", "ranked"): date(YEAR, 9, 3),
        ("ranked", "rectifying"): date(YEAR, 9, 5),
        ("rectifying", "rectifying"): date(YEAR, 11, 10),
    }
    stamp(AppointmentCaseEvent.objects.select_related("case"), case_day)
    stamp(DutyReportEvent.objects.select_related("report__session"), report_day)
    stamp(ReviewPlanEvent.objects.all(), lambda e: plan_days.get((e.from_status, e.to_status)))
    head_days = {"survey": date(YEAR, 6, 30), "scores": date(YEAR, 8, 15), "rectification_done": date(YEAR, 9, 3)}
    stamp(ReviewedHeadEvent.objects.all(), lambda e: head_days.get(e.action, date(YEAR, 11, 10)))
