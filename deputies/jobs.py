"""Background jobs: roster import and roster export."""

from operator import itemgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.audit import audit_record
from core.choices import AuditAction
from core.exceptions import ApplicationError
from core.exports import ListExport, register_export
from core.jobs import JobOutcome, register_job

from . import selectors
from .filters import DeputyFilterSet
from .models import Congress
from .roster import EXPORT_HEADERS, export_rows, roster_import


@register_job("deputies.roster_import")
def roster_import_job(job, report) -> JobOutcome:
    actor = User.objects.get(pk=job.owner_id)
    congress = Congress.objects.filter(pk=job.params.get("congress")).first() if job.params.get("congress") else None
    report(5)
    try:
        with job.input_file.open("rb") as handle:
            result = roster_import(actor=actor, file=handle, congress=congress)  # streams the sheet while writing
    except ApplicationError as exc:
        return JobOutcome(message=str(exc.message), failed=True, data={"errors": []})
    finally:
        # The upload holds ID numbers in clear: it is not kept once read.
        job.input_file.delete(save=False)
    errors = result["errors"]
    if errors:
        lines = [_("导入未执行：发现 %(count)d 处错误，未保存任何数据。") % {"count": len(errors)}]
        lines += [str(e) for e in errors]
        return JobOutcome(message="\n".join(lines), failed=True, data={"errors": [e.as_dict() for e in errors]})
    audit_record(
        actor=actor, action=AuditAction.IMPORT, target=job, detail={k: result[k] for k in ("created", "updated")}
    )
    return JobOutcome(
        message=_("导入完成：新增 %(created)d 名，更新 %(updated)d 名。") % result,
        data={"created": result["created"], "updated": result["updated"]},
    )


# The roster's columns are the import template's (plus level and status), built by
# deputies.roster.export_rows with identifiers masked, so a re-import matches the export.
register_export(
    "deputies.roster_export",
    ListExport(
        filterset=DeputyFilterSet,
        selector=selectors.deputy_list,
        title=gettext_lazy("代表名册"),
        file_name="deputies",
        message=gettext_lazy("已导出 %(count)d 名代表（身份证号码、手机号码已脱敏）。"),
        columns=[(header, itemgetter(index)) for index, header in enumerate(EXPORT_HEADERS)],
        records=export_rows,
    ),
)
