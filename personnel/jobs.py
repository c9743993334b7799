"""Background exports of personnel lists."""

from django.utils.translation import gettext as _

from core.exports import xlsx_bytes
from core.jobs import JobOutcome, register_job

from .selectors import appointment_case_list


@register_job("personnel.appointment_cases")
def export_appointment_cases(job, report) -> JobOutcome:
    """Appointment cases the job's owner sees, filtered as on the list page."""
    filters = {key: values[-1] for key, values in job.params.get("filters", {}).items() if values}
    cases = appointment_case_list(user=job.owner, filters=filters)
    columns = [
        _("拟任人员"),
        _("拟任职务"),
        _("提请机关"),
        _("人民代表大会"),
        _("提请日期"),
        _("状态"),
        _("考试成绩"),
        _("赞成票"),
        _("任命书编号"),
        _("宣誓日期"),
    ]
    rows = [
        [
            case.nominee_name,
            case.post,
            case.get_nominating_body_display(),
            case.congress.name,
            case.submitted_on.isoformat(),
            case.get_status_display(),
            float(case.exam_score) if case.exam_score is not None else "",
            case.votes_for if case.votes_for is not None else "",
            case.letter_number,
            case.oath_date.isoformat() if case.oath_date else "",
        ]
        for case in cases
    ]
    report(90)
    return JobOutcome(
        message=_("共导出%(count)s条任免案。") % {"count": len(rows)},
        file_name="appointment-cases.xlsx",
        file_content=xlsx_bytes({str(_("任免案")): (columns, rows)}),
    )
