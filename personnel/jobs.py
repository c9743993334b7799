"""Background exports of personnel lists, declared once (see core.exports)."""

from django.utils.translation import gettext_lazy as _

from core.exports import ListExport, register_export

from .filters import AppointmentCaseFilterSet
from .selectors import appointment_case_list

register_export(
    "personnel.appointment_cases",
    ListExport(
        filterset=AppointmentCaseFilterSet,
        selector=appointment_case_list,
        title=_("任免案"),
        file_name="appointment-cases",
        message=_("共导出%(count)s条任免案。"),
        columns=[
            (_("拟任人员"), "nominee_name"),
            (_("拟任职务"), "post"),
            (_("提请机关"), "get_nominating_body_display"),
            (_("人民代表大会"), "congress.name"),
            (_("提请日期"), "submitted_on"),
            (_("状态"), "get_status_display"),
            (_("考试成绩"), "exam_score"),
            (_("赞成票"), "votes_for"),
            (_("任命书编号"), "letter_number"),
            (_("宣誓日期"), "oath_date"),
        ],
    ),
)
