"""The liaison stations' state machines and who may move them.

An opinion item (民情民意) is registered, assigned, handled, answered and
closed by the office staff of its jurisdiction; the deputy it was assigned to
may record its handling too. Supervision (督办) is a step an office takes when
an item needs it: an item is answered straight after handling, or after
supervision. A closed item goes back to "assigned" only by reopening (an
office's decision with a reason, or the resident's "unsatisfied" rating, which
moves it with no actor).

An inspection problem is rectified by the office staff who see its station.
A reception's page offers recording the opinions it collected to the office
staff only.
"""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.rights import any_of
from core.workflow import Workflow, action, transition

from .choices import OpinionAction, OpinionStatus, ProblemStatus
from .models import InspectionProblem, InspectionProblemEvent, OpinionItem, OpinionTransition, Reception

staff = roles.is_office_staff


def is_assigned_deputy(user, item: OpinionItem) -> bool:
    """The deputy the item was handed to, who records its handling."""
    return (
        roles.is_deputy(user) and item.assigned_deputy_id is not None and item.assigned_deputy.person.user_id == user.pk
    )


def may_escalate(user, item: OpinionItem) -> bool:
    """A deputy who has not yet turned the item into a suggestion of their own."""
    return roles.is_deputy(user) and not item.suggestions.filter(deputy__person__user=user).exists()


OPINION_FLOW = Workflow(
    model=OpinionItem,
    event_model=OpinionTransition,
    event_fk="item",
    transitions=[
        transition(
            "register",
            sources=[OpinionStatus.PENDING],
            target=OpinionStatus.REGISTERED,
            label=OpinionAction.REGISTER.label,
            allowed=staff,
        ),
        transition(
            "assign",
            sources=[OpinionStatus.REGISTERED],
            target=OpinionStatus.ASSIGNED,
            label=OpinionAction.ASSIGN.label,
            allowed=staff,
        ),
        transition(
            "handle",
            sources=[OpinionStatus.ASSIGNED],
            target=OpinionStatus.HANDLED,
            label=OpinionAction.HANDLE.label,
            allowed=any_of(staff, is_assigned_deputy),
        ),
        transition(
            "supervise",
            sources=[OpinionStatus.HANDLED],
            target=OpinionStatus.SUPERVISED,
            label=OpinionAction.SUPERVISE.label,
            allowed=staff,
        ),
        transition(
            "reply",
            sources=[OpinionStatus.HANDLED, OpinionStatus.SUPERVISED],
            target=OpinionStatus.REPLIED,
            label=OpinionAction.REPLY.label,
            allowed=staff,
        ),
        transition(
            "close",
            sources=[OpinionStatus.REPLIED],
            target=OpinionStatus.CLOSED,
            label=OpinionAction.CLOSE.label,
            allowed=staff,
        ),
        transition(
            "reopen",
            sources=[OpinionStatus.CLOSED],
            target=OpinionStatus.ASSIGNED,
            label=OpinionAction.REOPEN.label,
            allowed=staff,
            danger=True,
        ),
    ],
    actions=[action("escalate", label=_("转为代表建议"), allowed=may_escalate)],
)

# The problem's page offers updating its rectification until it is rectified;
# the status chosen there decides which transition is taken.
PROBLEM_FLOW = Workflow(
    model=InspectionProblem,
    event_model=InspectionProblemEvent,
    event_fk="problem",
    transitions=[
        transition(
            "start_rectification",
            sources=[ProblemStatus.OPEN],
            target=ProblemStatus.RECTIFYING,
            label=_("开始整改"),
            allowed=staff,
        ),
        transition(
            "report_progress",
            sources=[ProblemStatus.OPEN, ProblemStatus.RECTIFYING],
            target=None,
            label=_("登记整改进展"),
            allowed=staff,
        ),
        transition(
            "rectify",
            sources=[ProblemStatus.OPEN, ProblemStatus.RECTIFYING],
            target=ProblemStatus.RECTIFIED,
            label=_("整改完成"),
            allowed=staff,
        ),
    ],
    actions=[
        action(
            "update_rectification",
            label=_("更新整改情况"),
            allowed=staff,
            when=[ProblemStatus.OPEN, ProblemStatus.RECTIFYING],
        ),
    ],
)

# A reception has no status; its page offers what the user may do from it.
RECEPTION_RIGHTS = Workflow(
    model=Reception,
    field=None,
    actions=[action("record_opinion", label=_("登记本次接待收集的民情民意"), allowed=staff)],
)
