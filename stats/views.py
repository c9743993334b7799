from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.exports import export_params
from core.scoping import region_in_scope
from core.services import job_start
from regions.models import Region

from .choices import Period
from .metrics import AREAS, SHARES, all_metrics
from .periods import period_from_query
from .selectors import figures_with_year_before, last_run, share_value


def dashboard_data(*, user, region: Region, query) -> dict:
    """Everything a dashboard shows, from summary rows: the region, its children, shares."""
    period, period_label = period_from_query(query)
    children = list(region.children.order_by("code"))
    figures, before = figures_with_year_before(user=user, regions=[region, *children], period=period)
    own = held_at_region_itself(figures[region.pk], [figures[child.pk] for child in children])
    own_before = held_at_region_itself(before[region.pk], [before[child.pk] for child in children])
    metrics = all_metrics()
    areas = []
    for area_key, area_label in AREAS.items():
        area_metrics = [m for m in metrics.values() if m.area == area_key]
        if not area_metrics:
            continue
        shares = [s for s in SHARES.values() if s.area == area_key]
        areas.append(
            {
                "key": area_key,
                "label": area_label,
                "metrics": [
                    {
                        "key": m.key,
                        "label": m.label,
                        **compared(
                            figures[region.pk].get(m.key, 0), None if m.is_stock else before[region.pk].get(m.key, 0)
                        ),
                    }
                    for m in area_metrics
                ],
                "shares": [
                    {
                        "key": s.key,
                        "label": s.label,
                        "definition": s.definition,
                        "value": share_value(figures[region.pk], s.key),
                        "previous": share_value(before[region.pk], s.key),
                    }
                    for s in shares
                ],
                "children": [
                    {
                        "region": child,
                        "name": _("本级") if child == region else child.name,
                        "own": child == region,
                        "values": [cells.get(m.key, 0) for m in area_metrics],
                        "previous": [cells_before.get(m.key, 0) for m in area_metrics],
                        "shares": [share_value(cells, s.key) for s in shares],
                    }
                    for child, cells, cells_before in [
                        *(
                            [(region, own, own_before)]
                            if children and any(own.get(m.key) or own_before.get(m.key) for m in area_metrics)
                            else []
                        ),
                        *((child, figures[child.pk], before[child.pk]) for child in children),
                    ]
                ],
            }
        )
    return {"region": region, "period": period, "period_label": period_label, "areas": areas, "children": children}


def compared(value: int, previous: int | None) -> dict:
    """A figure beside the same period a year before: "6269条，比去年增加2257条（56.3%）".

    ``previous`` None: a stock figure (as of now), which has no year before.
    """
    change = None if previous is None else value - previous
    return {
        "value": value,
        "previous": previous,
        "change": change,
        "change_share": change / previous if previous else None,
    }


def held_at_region_itself(total: dict[str, int], children: list[dict[str, int]]) -> dict[str, int]:
    """The records of a region that belong to none of its children (a province's own suggestions).

    The rollup sums every record into each level above it, so the region's
    figure less its children's is exactly what it holds itself; with this
    "本级" row the rows of a table always add up to the total shown.
    """
    return {key: value - sum(child.get(key, 0) for child in children) for key, value in total.items()}


EXPORT_KINDS = {"xlsx": "stats.dashboard_export", "report": "stats.yearly_report"}


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "stats/dashboard.html"

    def get_region(self) -> Region:
        user = self.request.user
        code = self.request.GET.get("region")
        region = get_object_or_404(Region, code=code) if code else user.region
        if region is None or not region_in_scope(user, region):
            raise Http404
        return region

    def post(self, request, *args, **kwargs):
        """The export buttons: a POST (never a GET) to the dashboard's own URL and query string."""
        kind = EXPORT_KINDS.get(request.POST.get("export", ""))
        if kind is None:
            return HttpResponseNotAllowed(["GET"])
        region = self.get_region()
        job = job_start(
            actor=request.user,
            kind=kind,
            title=f"{region.name} 统计导出",
            params={"region": region.code, "filters": export_params(request.GET)},
        )
        return redirect("core:job_detail", pk=job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.get_region()
        context.update(dashboard_data(user=self.request.user, region=region, query=self.request.GET))
        context["last_run"] = last_run()
        context["periods"] = Period.choices
        context["breadcrumbs"] = [r for r in [*region.ancestors(), region] if region_in_scope(self.request.user, r)]
        context["chart_data"] = {
            area["key"]: {
                "labels": [str(c["name"]) for c in area["children"]],
                "series": [
                    {"name": str(m["label"]), "values": [c["values"][i] for c in area["children"]]}
                    for i, m in enumerate(area["metrics"])
                ],
            }
            for area in context["areas"]
        }
        return context
