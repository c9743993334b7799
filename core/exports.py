"""Excel exports: one cell writer for every workbook, and list exports declared once.

Every cell of every workbook the portal writes goes through ``write_cell``: it decides the
type (numbers stay numbers, dates are dates in one format), keeps text that looks like a
formula as text, and ``write_sheet`` sets widths and print setup. Workbooks are written with
openpyxl's write-only mode, so a long list streams instead of being held as a DataFrame.

A list export is declared once, beside the app's jobs::

    register_export("publicity.posts_export", ListExport(
        filterset=PostFilterSet, selector=selectors.post_list, title=_("宣传稿件"),
        columns=[(_("标题"), "title"), (_("状态"), "get_status_display"), ...],
    ))

The list page names the same kind in ``export_kind``; ``ScopedListView`` stores the page's
query string with the job (``export_params``), and the job rebuilds exactly those filters
(``job_filters``) over the same selector, as the job's owner.
"""

import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from .jobs import JobOutcome, register_job

# What offices type into Excel, and what Excel shows back for a typed date.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

# Text starting with one of these is evaluated by Excel/WPS as a formula (or smuggles one in
# through a CSV round trip), so such text is written as text and flagged as typed-as-text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

MAX_CELL_TEXT = 32767  # Excel's limit; a longer cell makes Excel "repair" the whole file
_WIDTH_SAMPLE = 200  # rows read ahead to size columns before streaming the rest
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


# The cell writer
# ------------------------------------------------------------------------------


def cell_value(value: Any) -> Any:
    """The value as the workbook stores it: text, a number, or a naive local date/datetime."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and not math.isfinite(value):
        return ""  # NaN and infinities have no Excel cell (the file would need "repairing")
    if isinstance(value, Decimal) and not value.is_finite():
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, dt.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters openpyxl refuses
    return text[:MAX_CELL_TEXT]


def write_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """The one place a value becomes a cell of an exported workbook."""
    value = cell_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        # openpyxl stores any string starting with "=" as a formula unless told otherwise.
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def _display_width(value: Any) -> float:
    value = cell_value(value)
    if isinstance(value, dt.datetime):
        return 17
    if isinstance(value, dt.date):
        return 11
    text = str(value).split("\n", 1)[0]
    # CJK characters take two columns of width.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) + 2


def sheet_title(name: Any) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return _SHEET_TITLE_BAD.sub("_", str(name))[:31] or "Sheet"


def write_sheet(workbook: Workbook, name: Any, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> int:
    """Append one sheet (headers, then rows) to a write-only workbook; returns the number of rows."""
    sheet = workbook.create_sheet(sheet_title(name))
    rows = iter(rows)
    ahead = [list(row) for row in itertools.islice(rows, _WIDTH_SAMPLE)]
    for index, header in enumerate(headers, start=1):
        widths = [_display_width(header), *(_display_width(row[index - 1]) for row in ahead if len(row) >= index)]
        sheet.column_dimensions[get_column_letter(index)].width = min(_MAX_WIDTH, max(_MIN_WIDTH, *widths))
    # Printed lists repeat the header row, fit the page width, and run landscape.
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    header_cells = []
    for header in headers:
        cell = write_cell(sheet, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in itertools.chain(ahead, rows):
        sheet.append([write_cell(sheet, value) for value in row])
        count += 1
    return count


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[Any, tuple[Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """Build a workbook from {sheet name: (column headers, rows)}, every cell through ``write_cell``."""
    workbook = Workbook(write_only=True)
    for name, (headers, rows) in sheets.items():
        write_sheet(workbook, name, headers, rows)
    return workbook_bytes(workbook)


# List exports
# ------------------------------------------------------------------------------

Accessor = str | Callable[[Any], Any]

# A column accessor giving the row's position in the export (序号), counting from 1.
ROW_NUMBER = object()

_NOT_FILTERS = ("export", "page", "csrfmiddlewaretoken")


def export_params(query: QueryDict) -> dict[str, list[str]]:
    """The page's filters as a job stores them: every value of every key, without paging."""
    return {key: query.getlist(key) for key in query if key not in _NOT_FILTERS}


def job_filters(job) -> QueryDict:
    """The page's filters, rebuilt from the job: the same QueryDict the list page filtered with."""
    query = QueryDict(mutable=True)
    for key, values in (job.params.get("filters") or {}).items():
        if values is None:
            continue
        query.setlist(key, [str(v) for v in values] if isinstance(values, list | tuple) else [str(values)])
    return query


class JobRequest:
    """The job's owner standing in for the request a FilterSet builds its choices from."""

    def __init__(self, user):
        self.user = user
        self.GET = QueryDict()


def _getter(accessor: Accessor) -> Callable[[Any], Any]:
    if callable(accessor):
        return accessor
    path = accessor.split(".")

    def get(record):
        value = record
        for name in path:
            if value is None:
                return ""
            value = getattr(value, name)
            if callable(value) and hasattr(value, "__self__"):  # get_status_display and the like
                value = value()
        return value

    return get


@dataclass(frozen=True)
class ListExport:
    """A list page's Excel export: its FilterSet, its selector and the columns it writes.

    ``selector(user=...)`` returns the page's base queryset (what the user may see); the page's
    FilterSet narrows it exactly as the page does. ``prepare`` adds the joins only the export's
    columns need. ``records`` turns the filtered queryset into the objects the accessors read
    (by default the rows themselves).
    """

    filterset: type
    selector: Callable[..., QuerySet]
    columns: Sequence[tuple[Any, Accessor]]
    title: Any
    file_name: str = ""
    message: Any = None  # "%(count)d" is the number of rows; a plain count by default
    prepare: Callable[[QuerySet], QuerySet] | None = None
    records: Callable[[QuerySet], Iterable[Any]] | None = None

    @property
    def headers(self) -> list[str]:
        return [str(label) for label, _accessor in self.columns]

    def queryset(self, *, user, filters: QueryDict) -> QuerySet:
        """What the list page shows ``user`` for ``filters``, in the page's order."""
        base = self.selector(user=user)
        filterset = self.filterset(data=filters, queryset=base, request=JobRequest(user))
        if not filterset.is_valid():
            return base.none()  # as the page: invalid filters list nothing
        queryset = filterset.qs
        return self.prepare(queryset) if self.prepare else queryset

    def rows(self, queryset: QuerySet) -> Iterator[list[Any]]:
        getters = [None if a is ROW_NUMBER else _getter(a) for _label, a in self.columns]
        records = self.records(queryset) if self.records else queryset.iterator(chunk_size=1000)
        for number, record in enumerate(records, start=1):
            yield [number if get is None else get(record) for get in getters]

    def sheet(self, *, user, filters: QueryDict) -> tuple[list[str], Iterator[list[Any]]]:
        """(headers, rows) for ``xlsx_bytes``, e.g. one sheet of a larger workbook."""
        return self.headers, self.rows(self.queryset(user=user, filters=filters))

    def run(self, job, report) -> JobOutcome:
        """The job handler: the owner's page, with the page's filters, as a workbook."""
        headers, rows = self.sheet(user=job.owner, filters=job_filters(job))
        workbook = Workbook(write_only=True)
        count = write_sheet(workbook, self.title, headers, rows)
        report(90)
        stem = self.file_name or str(self.title)
        return JobOutcome(
            message=str(self.message or _("已导出 %(count)d 条。")) % {"count": count},
            file_name=f"{stem}-{timezone.localdate():%Y%m%d}.xlsx",
            file_content=workbook_bytes(workbook),
            data={"rows": count},
        )


_EXPORTS: dict[str, ListExport] = {}


def register_export(kind: str, export: ListExport) -> ListExport:
    """Declare a list export once: the job kind a list view names in ``export_kind``."""
    _EXPORTS[kind] = export
    register_job(kind)(export.run)
    return export


def list_exports() -> dict[str, ListExport]:
    """Every registered list export by job kind (the apps' ``jobs`` modules are loaded first)."""
    autodiscover_modules("jobs")
    return dict(_EXPORTS)
