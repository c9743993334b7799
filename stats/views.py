from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from core.scoping import region_in_scope
from core.services import job_start
from regions.models import Region

from .choices import Period
from .metrics import AREAS, SHARES, all_metrics
from .periods import period_from_query
from .selectors import figures_for_regions, last_run, share_value


def dashboard_data(*, user, region: Region, query) -> dict:
    """Everything a dashboard shows, from summary rows: the region, its children, shares."""
    period, period_label = period_from_query(query)
    children = list(region.children.order_by("code"))
    figures = figures_for_regions(user=user, regions=[region, *children], period=period)
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
                    {"key": m.key, "label": m.label, "value": figures[region.pk].get(m.key, 0)} for m in area_metrics
                ],
                "shares": [
                    {
                        "key": s.key,
                        "label": s.label,
                        "definition": s.definition,
                        "value": share_value(figures[region.pk], s.key),
                    }
                    for s in shares
                ],
                "children": [
                    {
                        "region": child,
                        "values": [figures[child.pk].get(m.key, 0) for m in area_metrics],
                        "shares": [share_value(figures[child.pk], s.key) for s in shares],
                    }
                    for child in children
                ],
            }
        )
    return {"region": region, "period": period, "period_label": period_label, "areas": areas, "children": children}


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "stats/dashboard.html"

    def get_region(self) -> Region:
        user = self.request.user
        code = self.request.GET.get("region")
        region = get_object_or_404(Region, code=code) if code else user.region
        if region is None or not region_in_scope(user, region):
            raise Http404
        return region

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in ("xlsx", "report"):
            region = self.get_region()
            kind = "stats.dashboard_export" if request.GET["export"] == "xlsx" else "stats.yearly_report"
            params = {key: request.GET.get(key) for key in request.GET if key != "export"}
            params["region"] = region.code
            job = job_start(actor=request.user, kind=kind, title=f"{region.name} 统计导出", params=params)
            return redirect("core:job_detail", pk=job.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.get_region()
        context.update(dashboard_data(user=self.request.user, region=region, query=self.request.GET))
        context["last_run"] = last_run()
        context["periods"] = Period.choices
        context["breadcrumbs"] = [r for r in [*region.ancestors(), region] if region_in_scope(self.request.user, r)]
        context["chart_data"] = {
            area["key"]: {
                "labels": [c["region"].name for c in area["children"]],
                "series": [
                    {"name": str(m["label"]), "values": [c["values"][i] for c in area["children"]]}
                    for i, m in enumerate(area["metrics"])
                ],
            }
            for area in context["areas"]
        }
        return context
