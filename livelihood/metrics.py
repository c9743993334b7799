"""Figures of livelihood projects: deputies' proposed projects and the projects the vote passed."""

from django.utils.translation import gettext_lazy as _

from stats.metrics import Metric, register_area, register_metric

from .models import LivelihoodCandidate, LivelihoodProposal

register_area("livelihood", _("民生实事项目"))

register_metric(
    Metric(
        key="livelihood_proposals",
        label=_("民生实事项目建议"),
        area="livelihood",
        queryset=lambda: LivelihoodProposal.objects.all(),
        region_path="call__congress__region",
        date_path="created_at",
    )
)
register_metric(
    Metric(
        key="livelihood_elected",
        label=_("票决通过民生实事项目"),
        area="livelihood",
        queryset=lambda: LivelihoodCandidate.objects.filter(elected=True),
        region_path="call__congress__region",
    )
)
