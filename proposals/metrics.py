"""Figures of motions and suggestions: filing, A/B/C classification, satisfaction, overdue."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stats.metrics import Metric, Share, register_area, register_metric, register_share

from .choices import IN_HANDLING, ProposalStatus, ReplyClass, Satisfaction
from .models import Proposal, Rating, Reply

register_area("proposals", _("议案建议"))

register_metric(
    Metric(
        key="proposals_filed",
        label=_("提出议案建议"),
        area="proposals",
        queryset=lambda: Proposal.objects.filter(submitted_at__isnull=False),
        date_path="submitted_at",
        subgroup_path="kind",
    )
)
register_metric(
    Metric(
        key="proposals_by_state",
        label=_("议案建议（按状态）"),
        area="proposals",
        queryset=lambda: Proposal.objects.exclude(status=ProposalStatus.DRAFT),
        subgroup_path="status",
    )
)
# The classification that counts is the reply of the proposal's current round.
register_metric(
    Metric(
        key="replies",
        label=_("答复件数"),
        area="proposals",
        queryset=lambda: Reply.objects.filter(round=F("proposal__round")),
        region_path="proposal__region",
        date_path="submitted_at",
        subgroup_path="classification",
        changed_path="submitted_at",
    )
)
register_metric(
    Metric(
        key="ratings",
        label=_("代表评价件数"),
        area="proposals",
        queryset=lambda: Rating.objects.all(),
        region_path="reply__proposal__region",
        date_path="rated_at",
        subgroup_path="result_rating",
        changed_path="rated_at",
    )
)
register_metric(
    Metric(
        key="proposals_overdue",
        label=_("超期未答复"),
        area="proposals",
        queryset=lambda: Proposal.objects.filter(status__in=IN_HANDLING, deadline__lt=timezone.localdate()),
    )
)
register_share(
    Share(
        key="replies_a_share",
        label=_("A类答复占比"),
        area="proposals",
        numerator="replies",
        numerator_subgroup=ReplyClass.A,
        denominator="replies",
        # As the annual report counts it: "建议955件…A类807件，占84.5%" (of those answered).
        definition=_("A类答复 ÷ 已答复建议（按最新一轮答复）"),
    )
)
register_share(
    Share(
        key="ratings_satisfied_share",
        label=_("满意率"),
        area="proposals",
        numerator="ratings",
        numerator_subgroup=Satisfaction.SATISFIED,
        denominator="ratings",
        definition=_("评价满意 ÷ 代表评价件数"),
    )
)
register_share(
    Share(
        key="ratings_unsatisfied_share",
        label=_("不满意率"),
        area="proposals",
        numerator="ratings",
        numerator_subgroup=Satisfaction.UNSATISFIED,
        denominator="ratings",
        definition=_("评价不满意 ÷ 代表评价件数"),
    )
)
