"""Excel exports of dashboards: the table on screen, and the yearly report workbook."""

from django.utils.translation import gettext as _

from core.exports import job_filters, xlsx_bytes
from core.jobs import JobOutcome, register_job
from regions.models import Region

from .views import dashboard_data


@register_job("stats.dashboard_export")
def dashboard_export(job, report) -> JobOutcome:
    region = Region.objects.get(code=job.params["region"])
    data = dashboard_data(user=job.owner, region=region, query=job_filters(job))
    sheets = {}
    for area in data["areas"]:
        columns = [_("地区"), *[str(m["label"]) for m in area["metrics"]], *[str(s["label"]) for s in area["shares"]]]
        rows = [
            [
                region.name + _("（合计）"),
                *[m["value"] for m in area["metrics"]],
                *[s["value"] for s in area["shares"]],
            ],
            [
                region.name + _("（上年同期）"),
                *[m["previous"] for m in area["metrics"]],
                *[s["previous"] for s in area["shares"]],
            ],
            *[[str(c["name"]), *c["values"], *c["shares"]] for c in area["children"]],
        ]
        sheets[str(area["label"])] = (columns, rows)
    report(90)
    name = f"{region.name}-{data['period_label']}-统计.xlsx"
    return JobOutcome(
        message=_("已导出 %(n)s 个统计表。") % {"n": len(sheets)}, file_name=name, file_content=xlsx_bytes(sheets)
    )


@register_job("stats.yearly_report")
def yearly_report(job, report) -> JobOutcome:
    """One sheet per area: every indicator for the region and each region below it, for the year."""
    query = job_filters(job)
    query["period"] = "year"
    region = Region.objects.get(code=job.params["region"])
    data = dashboard_data(user=job.owner, region=region, query=query)
    sheets = {}
    for area in data["areas"]:
        columns = [_("指标"), region.name, _("上年"), *[str(c["name"]) for c in area["children"]]]
        rows = [
            [str(m["label"]), m["value"], m["previous"], *[c["values"][i] for c in area["children"]]]
            for i, m in enumerate(area["metrics"])
        ]
        rows += [
            [str(s["label"]), s["value"], s["previous"], *[c["shares"][i] for c in area["children"]]]
            for i, s in enumerate(area["shares"])
        ]
        sheets[str(area["label"])] = (columns, rows)
    name = f"{region.name}{data['period_label']}人大代表工作统计年报.xlsx"
    return JobOutcome(message=_("年度报表已生成。"), file_name=name, file_content=xlsx_bytes(sheets))
