"""Demo data: a finished livelihood-project vote of the provincial congress, with progress on the passed projects.

Runs after the proposals demo, whose deputy logins of the provincial congress propose and vote.
"""

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from deputies.choices import DeputyLevel
from deputies.models import Congress

from . import services
from .models import LivelihoodCall

ORDER = 45


def seed(ctx) -> None:
    congress = (
        Congress.objects.filter(region__code="330000", level=DeputyLevel.PROVINCIAL).order_by("-term_number").first()
    )
    if congress is None or LivelihoodCall.objects.filter(congress=congress).exists():
        return
    office = ctx.shared.get("user:province") or User.objects.get(username="province")
    filers = list(
        User.objects.filter(role=Role.DEPUTY, person__mandates__congress=congress).distinct().order_by("pk")[:4]
    )
    if not filers:
        return
    call = services.livelihood_call_create(
        actor=office,
        congress=congress,
        year=timezone.localdate().year + 1,
        title=f"{timezone.localdate().year + 1}年省政府民生实事项目征集",
        description="请各位代表围绕群众急难愁盼问题提出项目建议。",
    )
    ideas = [
        ("老旧小区加装电梯", "浙江省住房和城乡建设厅"),
        ("新建城乡社区老年食堂", "浙江省民政厅"),
        ("中小学校课后服务提质", "浙江省教育厅"),
        ("县域医共体远程诊疗全覆盖", "浙江省卫生健康委员会"),
        ("农村饮用水达标提标", "浙江省生态环境厅"),
    ]
    proposed = [
        services.livelihood_proposal_submit(
            actor=filers[i % len(filers)], call=call, title=title, description=f"建议实施{title}，惠及群众。"
        )
        for i, (title, _dept) in enumerate(ideas)
    ]
    candidates = [
        services.livelihood_candidate_create(
            actor=office, call=call, title=title, description=f"{title}项目", department=dept, sources=[source]
        )
        for (title, dept), source in zip(ideas, proposed, strict=True)
    ]
    # Few demo deputies have logins, so the quorum is set low enough for the demo vote to count.
    vote = services.vote_open(actor=office, call=call, places=3, quorum_percent=5, pass_percent=50)
    for voter in filers:
        choices = {}
        favourites = ctx.rng.sample(candidates, k=3)
        for candidate in candidates:
            choices[candidate.pk] = "for" if candidate in favourites else ctx.rng.choice(["against", "abstain"])
        services.ballot_cast(actor=voter, vote=vote, choices=choices)
    services.vote_close(actor=office, vote=vote)
    services.vote_publish(actor=office, vote=vote)
    for candidate in call.candidates.filter(elected=True):
        services.project_progress_report(
            actor=office,
            candidate=candidate,
            reported_on=timezone.localdate(),
            percent=ctx.rng.randint(10, 60),
            content="项目已启动，正在按计划推进。",
        )
