"""Reading an uploaded roster: the header row, then each row's cells in COLUMNS order."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

from ..xlsx import UnreadableWorkbook, read_sheet
from .columns import COLUMNS, HEADERS


class RosterFile:
    """The rows of an uploaded roster: (row number, the 19 cells' text in COLUMNS order).

    Opening it reads the header row and raises ApplicationError for a file that
    is not a workbook or lacks a required column. Rows whose roster cells are
    all empty are skipped; the row numbers are the sheet's.
    """

    def __init__(self, file):
        try:
            self._rows = read_sheet(file)
            first = next(self._rows, None)
        except UnreadableWorkbook as exc:
            raise ApplicationError(_("无法读取文件，请使用导入模板（.xlsx）。")) from exc
        # The header is the sheet's first row (pandas' header=0); a blank first row has no columns.
        header = first[1] if first is not None and first[0] == 1 else {}
        # As pandas names the columns: a repeated header gets ".1", ".2", ...; then trimmed, "*" dropped.
        positions: dict[str, str] = {}
        counts: dict[str, int] = {}
        for letters, text in header.items():
            count = counts.get(text, 0)
            counts[text] = count + 1
            name = f"{text}.{count}" if count else text
            positions[name.strip().rstrip("*")] = letters
        missing = [c.header for c in COLUMNS if c.required and c.header not in positions]
        if missing:
            raise ApplicationError(_("缺少必填列：%(columns)s") % {"columns": "、".join(missing)})
        self._letters = [positions.get(h) for h in HEADERS]

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        letters = self._letters
        try:
            for number, cells in self._rows:
                values = [cells.get(key, "").strip() if key else "" for key in letters]
                if any(values):
                    yield number, values
        except UnreadableWorkbook as exc:
            raise ApplicationError(_("无法读取文件，请使用导入模板（.xlsx）。")) from exc


def read_rows(file) -> list[dict[str, str]]:
    """Rows of the first sheet as {header: text}; raises ApplicationError for a missing column.

    For small files and tests; the import itself streams ``RosterFile``.
    """
    return [dict(zip(HEADERS, values, strict=True)) for _number, values in RosterFile(file)]
