"""Demo data: the province-wide "双岗建功" campaign with its four lists at the
ratios of the 2024 report (work 11,887 : problems 9,857 : suggestions 6,872 :
results 403), a business-environment sub-activity with participation
(87,926 person-times, 5,401 activities, 20,736 problems), and leadership
instructions.

Rows are bulk-created for speed at province scale; every link is built
inside one campaign and region, so the services' rules hold by construction.
"""

import datetime
from collections import defaultdict

from campaigns.choices import ActivityType
from campaigns.models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    SuggestionProblem,
    WorkItem,
)
from deputies.models import Deputy
from regions.choices import RegionLevel
from regions.models import Region

ORDER = 30
CAMPAIGN_NAME = "“双岗建功”主题活动"
SUB_ACTIVITY_NAME = "代表当好营商环境宣传员、体验员"
START = datetime.date(2024, 3, 1)
END = datetime.date(2024, 12, 31)

WORK_TOPICS = [
    "组织代表开展{}专题调研",
    "围绕{}开展代表视察",
    "推动{}重点任务落实",
    "组织代表走访{}相关企业",
    "开展{}监督评议",
]
THEMES = [
    "营商环境优化",
    "共同富裕示范区建设",
    "数字经济发展",
    "乡村振兴",
    "生态环境保护",
    "基层社会治理",
    "养老服务",
    "义务教育",
    "医疗卫生",
    "安全生产",
]
PROBLEMS = [
    "{}领域审批环节多、办理时限长",
    "{}政策宣传不到位，群众知晓率低",
    "{}项目推进缓慢，资金落实不到位",
    "{}基础设施薄弱，群众反映强烈",
    "{}监管存在薄弱环节",
    "{}人才短缺，服务能力不足",
]
SUGGESTIONS = [
    "关于进一步优化{}工作机制的建议",
    "关于加大{}政策支持力度的建议",
    "关于加快补齐{}短板的建议",
    "关于健全{}长效监管机制的建议",
]
RESULTS = [
    "{}审批时限压缩至1个工作日",
    "出台{}专项扶持政策",
    "{}问题整改销号",
    "建成{}服务中心并投入使用",
]
LEADERS = [("省委书记", "王浩"), ("省人大常委会主任", "李建国"), ("省长", "陈志强")]


def _date(rng, start=START, end=END) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _pick_region(rng, province, cities, counties):
    roll = rng.random()
    if roll < 0.04:
        return province
    if roll < 0.18:
        return rng.choice(cities)
    return rng.choice(counties)


def seed(ctx) -> None:
    province = Region.objects.get(code="330000")
    if Campaign.objects.filter(region=province, name=CAMPAIGN_NAME).exists():
        return
    rng = ctx.rng
    cities = list(Region.objects.filter(level=RegionLevel.CITY).order_by("code"))
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    deputies_by_city: dict[str, list[int]] = defaultdict(list)
    for pk, code in Deputy.objects.values_list("pk", "region__code"):
        deputies_by_city[code[:4]].append(pk)

    campaign = Campaign.objects.create(
        name=CAMPAIGN_NAME,
        region=province,
        start_date=START,
        end_date=END,
        description="全省各级人大组织代表在本职岗位和代表岗位上建功立业，"
        "以工作清单、问题清单、建议清单、成果清单“四张清单”闭环推进。",
    )
    campaign.participating_regions.set(cities)
    sub = Campaign.objects.create(
        name=SUB_ACTIVITY_NAME,
        parent=campaign,
        region=province,
        start_date=datetime.date(2024, 4, 1),
        end_date=END,
        description="组织代表当好营商环境宣传员、体验员、监督员，深入企业和政务服务一线体验办事流程。",
    )
    sub.participating_regions.set(cities)

    n_work = ctx.scale(238, 1189, 11887)
    n_problem = ctx.scale(197, 986, 9857)
    n_suggestion = ctx.scale(137, 687, 6872)
    n_result = ctx.scale(8, 40, 403)

    works = WorkItem.objects.bulk_create(
        [
            WorkItem(
                campaign=campaign,
                region=(region := _pick_region(rng, province, cities, counties)),
                title=rng.choice(WORK_TOPICS).format(rng.choice(THEMES)),
                responsible_unit=f"{region.name}人大常委会代表工委",
                due_date=_date(rng, datetime.date(2024, 6, 1)),
                listed_on=campaign.start_date,
            )
            for _ in range(n_work)
        ],
        batch_size=1000,
    )
    works_by_region = defaultdict(list)
    for work in works:
        works_by_region[work.region_id].append(work)

    problems = ProblemItem.objects.bulk_create(
        [
            ProblemItem(
                campaign=campaign,
                region_id=(work := rng.choice(works)).region_id,
                work_item=work,
                title=rng.choice(PROBLEMS).format(rng.choice(THEMES)),
                found_on=_date(rng),
            )
            for _ in range(n_problem)
        ],
        batch_size=1000,
    )
    region_codes = {r.pk: r.code for r in [province, *cities, *counties]}
    finders = []
    for problem in problems:
        pool = deputies_by_city.get(region_codes[problem.region_id][:4], [])
        for deputy_id in rng.sample(pool, k=min(len(pool), rng.randint(1, 2))):
            finders.append(ProblemItem.deputies.through(problemitem_id=problem.pk, deputy_id=deputy_id))
    ProblemItem.deputies.through.objects.bulk_create(finders, batch_size=2000)

    problems_by_region = defaultdict(list)
    for problem in problems:
        problems_by_region[problem.region_id].append(problem)
    suggestion_sources = []
    for _ in range(n_suggestion):
        seed_problem = rng.choice(problems)
        pool = problems_by_region[seed_problem.region_id]
        suggestion_sources.append(rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 1, 2, 3]))))
    suggestions = SuggestionItem.objects.bulk_create(
        [
            SuggestionItem(
                campaign=campaign,
                region_id=sources[0].region_id,
                title=rng.choice(SUGGESTIONS).format(rng.choice(THEMES)),
                formal_suggestion_number=f"2025-{index:04d}" if rng.random() < 0.15 else "",
                listed_on=max(problem.found_on for problem in sources),
            )
            for index, sources in enumerate(suggestion_sources, start=1)
        ],
        batch_size=1000,
    )
    SuggestionProblem.objects.bulk_create(
        [
            SuggestionProblem(suggestion=suggestion, problem=problem)
            for suggestion, sources in zip(suggestions, suggestion_sources, strict=True)
            for problem in {p.pk: p for p in sources}.values()
        ],
        batch_size=2000,
    )

    results = []
    for _ in range(n_result):
        if rng.random() < 0.85:
            suggestion = rng.choice(suggestions)
            results.append(
                ResultItem(
                    campaign=campaign,
                    region_id=suggestion.region_id,
                    suggestion=suggestion,
                    title=rng.choice(RESULTS).format(rng.choice(THEMES)),
                    achieved_on=_date(rng, datetime.date(2024, 7, 1)),
                )
            )
        else:
            work = rng.choice(works)
            results.append(
                ResultItem(
                    campaign=campaign,
                    region_id=work.region_id,
                    work_item=work,
                    title=rng.choice(RESULTS).format(rng.choice(THEMES)),
                    achieved_on=_date(rng, datetime.date(2024, 7, 1)),
                )
            )
    results = ResultItem.objects.bulk_create(results, batch_size=1000)

    # Participation in the business-environment sub-activity: on average about
    # 16 person-times and 4 problems reported per activity, as in the report.
    n_activities = ctx.scale(108, 540, 5401)
    activities = CampaignActivity.objects.bulk_create(
        [
            CampaignActivity(
                campaign=sub,
                region=(region := rng.choice(counties) if rng.random() < 0.85 else rng.choice(cities)),
                title=f"{region.name}代表营商环境{rng.choice(['体验', '宣讲', '走访', '座谈'])}活动",
                activity_type=rng.choice(
                    [ActivityType.EXPERIENCE, ActivityType.PUBLICITY, ActivityType.FORUM, ActivityType.SURVEY]
                ),
                held_on=_date(rng, datetime.date(2024, 4, 1)),
                person_times=rng.randint(6, 26),
                problems_reported=rng.randint(1, 7),
            )
            for _ in range(n_activities)
        ],
        batch_size=1000,
    )
    # Activities of the main campaign itself (surveys and inspections on the job).
    activities += CampaignActivity.objects.bulk_create(
        [
            CampaignActivity(
                campaign=campaign,
                region=(region := _pick_region(rng, province, cities, counties)),
                title=f"{region.name}代表“双岗建功”{rng.choice(['专题调研', '集中视察', '岗位建功交流'])}",
                activity_type=rng.choice([ActivityType.SURVEY, ActivityType.FORUM, ActivityType.RECEPTION]),
                held_on=_date(rng),
                person_times=rng.randint(5, 30),
                problems_reported=rng.randint(0, 5),
            )
            for _ in range(ctx.scale(40, 200, 2000))
        ],
        batch_size=1000,
    )
    takers = []
    for activity in activities:
        pool = deputies_by_city.get(region_codes[activity.region_id][:4], [])
        for deputy_id in rng.sample(pool, k=min(len(pool), activity.person_times, rng.randint(2, 6))):
            takers.append(CampaignActivity.deputies.through(campaignactivity_id=activity.pk, deputy_id=deputy_id))
    CampaignActivity.deputies.through.objects.bulk_create(takers, batch_size=2000)

    title, name = LEADERS[0]
    LeadershipInstruction.objects.create(
        campaign=campaign,
        region=province,
        report_title="关于全省“双岗建功”主题活动开展情况的报告",
        leader_name=name,
        leader_title=title,
        instructed_on=datetime.date(2024, 11, 8),
        text="“四张清单”闭环推进做法实、成效好，要总结经验、形成机制，持续发挥代表作用。",
        follow_up="已印发全省推广，并纳入明年代表工作要点。",
        followed_up_on=datetime.date(2024, 12, 2),
    )
    for (title, name), result in zip(LEADERS[1:], results[:2], strict=False):
        LeadershipInstruction.objects.create(
            campaign=campaign,
            result=result,
            region_id=result.region_id,
            report_title=result.title,
            leader_name=name,
            leader_title=title,
            instructed_on=_date(rng, datetime.date(2024, 9, 1)),
            text="请相关部门认真研究代表建议，抓好成果转化和推广。",
        )
    ctx.stdout.write(
        f"  campaigns: {n_work} work, {n_problem} problems, {n_suggestion} suggestions, "
        f"{n_result} results, {len(activities)} activities"
    )
