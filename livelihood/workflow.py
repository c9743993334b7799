"""The state machines of a livelihood-project call and of its vote, and who may act on them.

A call is open for deputies' proposals until the office opens the vote, which
closes it. The vote then runs draft → open → closed (counted) → published.
Only the office moves either; deputies of the call's congress propose while
the call is open and vote while the vote is open. A vote has no region of
its own: its services check the call's scope, so its flow is not scoped.
"""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.workflow import Workflow, action, transition
from deputies.choices import DeputyStatus
from deputies.selectors import deputy_mandates_for_user

from .choices import CallStatus, VoteStatus
from .models import LivelihoodCall, LivelihoodCallEvent, VoteSession, VoteSessionEvent


def is_deputy_of_congress(user, call: LivelihoodCall) -> bool:
    return roles.is_deputy(user) and deputy_mandates_for_user(user).filter(congress_id=call.congress_id).exists()


def is_serving_voter(user, vote: VoteSession) -> bool:
    return (
        roles.is_deputy(user)
        and deputy_mandates_for_user(user)
        .filter(congress_id=vote.call.congress_id, status=DeputyStatus.SERVING)
        .exists()
    )


def sees_results(user, vote: VoteSession) -> bool:
    """The office sees the count once closed; everyone else once it is published."""
    return vote.status == VoteStatus.PUBLISHED or roles.is_office_staff(user)


CALL_FLOW = Workflow(
    model=LivelihoodCall,
    event_model=LivelihoodCallEvent,
    event_fk="call",
    transitions=[
        transition(
            "close",
            sources=[CallStatus.OPEN],
            target=CallStatus.CLOSED,
            label=_("结束征集"),
            allowed=roles.is_office_staff,
        ),
    ],
    actions=[
        action("propose", label=_("提出项目建议"), allowed=is_deputy_of_congress, when=[CallStatus.OPEN]),
        action("add_candidate", label=_("新增候选项目"), allowed=roles.is_office_staff, when=[CallStatus.OPEN]),
        action("open_vote", label=_("开始票决"), allowed=roles.is_office_staff, when=[CallStatus.OPEN]),
        action("report_progress", label=_("报告进展"), allowed=roles.is_office_staff),
    ],
)

VOTE_FLOW = Workflow(
    model=VoteSession,
    event_model=VoteSessionEvent,
    event_fk="vote",
    scoped=False,
    transitions=[
        transition(
            "open",
            sources=[VoteStatus.DRAFT],
            target=VoteStatus.OPEN,
            label=_("开始票决"),
            allowed=roles.is_office_staff,
        ),
        transition(
            "close",
            sources=[VoteStatus.OPEN],
            target=VoteStatus.CLOSED,
            label=_("结束投票并计票"),
            allowed=roles.is_office_staff,
        ),
        transition(
            "publish",
            sources=[VoteStatus.CLOSED],
            target=VoteStatus.PUBLISHED,
            label=_("公布结果"),
            allowed=roles.is_office_staff,
        ),
    ],
    actions=[
        action("cast", label=_("投票"), allowed=is_serving_voter, when=[VoteStatus.OPEN]),
        action(
            "see_results", label=_("查看票决结果"), allowed=sees_results, when=[VoteStatus.CLOSED, VoteStatus.PUBLISHED]
        ),
    ],
)
