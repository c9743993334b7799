"""FilterSets shared by list pages and API endpoints."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import LivelihoodCandidate, LivelihoodProposal


class LivelihoodProposalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), field_name="title", lookup_expr="icontains")
    merged = django_filters.BooleanFilter(label=_("已归并"), field_name="candidate", lookup_expr="isnull", exclude=True)

    class Meta:
        model = LivelihoodProposal
        fields = ["q", "call", "merged"]


class LivelihoodCandidateFilterSet(django_filters.FilterSet):
    class Meta:
        model = LivelihoodCandidate
        fields = ["call", "elected"]
