"""The deputy mandate's state machine and who may move it.

A mandate ends once (resignation, termination, death) and never comes back:
a new election is a new mandate. Only the office of the congress that elected
the deputy ends the mandate; offices below see it but do not manage it.
"""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.scoping import region_in_scope
from core.workflow import Workflow, transition

from .choices import DeputyStatus
from .models import Deputy, DeputyStatusChange


def manages_mandate(user, deputy: Deputy) -> bool:
    return roles.is_office_staff(user) and region_in_scope(user, deputy.congress.region)


MANDATE_FLOW = Workflow(
    model=Deputy,
    event_model=DeputyStatusChange,
    event_fk="deputy",
    transitions=[
        transition(
            "resign",
            sources=[DeputyStatus.SERVING],
            target=DeputyStatus.RESIGNED,
            label=_("登记辞职"),
            allowed=manages_mandate,
            danger=True,
        ),
        transition(
            "terminate",
            sources=[DeputyStatus.SERVING],
            target=DeputyStatus.TERMINATED,
            label=_("终止代表资格"),
            allowed=manages_mandate,
            danger=True,
        ),
        transition(
            "decease",
            sources=[DeputyStatus.SERVING],
            target=DeputyStatus.DECEASED,
            label=_("登记去世"),
            allowed=manages_mandate,
            danger=True,
        ),
    ],
)

# The status form offers a target status; each target has exactly one transition.
ACTION_FOR_STATUS = {t.target: t.name for t in MANDATE_FLOW.transitions}
