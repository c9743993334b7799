"""Reading an uploaded roster: the header row, then each row's cells in COLUMNS order."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

from ..xlsx import UnreadableWorkbook, read_sheet
from .columns import COLUMNS, HEADER_SCAN_ROWS, HEADERS, canonical_header


class RosterFile:
    """The rows of an uploaded roster: (row number, the 19 cells' text in COLUMNS order).

    Opening it finds the header row among the sheet's first rows (an office's
    register may open with title rows, merged title cells or notes), matches
    its headers by name or synonym (``columns.canonical_header``), and raises
    ApplicationError for a file that is not a workbook or lacks a required
    column. ``congress_chosen``: the import page names the congress, so the
    所属人大 column may be missing. Rows whose roster cells are all empty are
    skipped; the row numbers are the sheet's.
    """

    def __init__(self, file, *, congress_chosen: bool = False):
        try:
            self._rows = read_sheet(file)
            header = self._find_header()
        except UnreadableWorkbook as exc:
            raise ApplicationError(_("无法读取文件，请使用导入模板（.xlsx）。")) from exc
        positions = _positions(header)
        optional = {"所属人大"} if congress_chosen else set()
        missing = [c.header for c in COLUMNS if c.required and c.header not in positions and c.header not in optional]
        if missing:
            raise ApplicationError(_("缺少必填列：%(columns)s") % {"columns": "、".join(missing)})
        self._letters = [positions.get(h) for h in HEADERS]

    def _find_header(self) -> dict[str, str]:
        """The first of the sheet's first rows naming at least three roster columns (else the first row)."""
        first: dict[str, str] | None = None
        for number, cells in self._rows:
            if first is None:
                first = cells if number == 1 else {}  # a blank first row has no columns
            if len({found[0] for text in cells.values() if (found := canonical_header(text))}) >= 3:
                return cells
            if number >= HEADER_SCAN_ROWS:
                break
        return first or {}

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        letters = self._letters
        try:
            for number, cells in self._rows:
                values = [cells.get(key, "").strip() if key else "" for key in letters]
                if any(values):
                    yield number, values
        except UnreadableWorkbook as exc:
            raise ApplicationError(_("无法读取文件，请使用导入模板（.xlsx）。")) from exc


def _positions(header: dict[str, str]) -> dict[str, str]:
    """Roster header → the column letters holding it: the exact name first, then synonyms in order.

    A repeated header is named as pandas names it (".1", ".2", ...), so only its first
    occurrence counts.
    """
    best: dict[str, tuple[int, str]] = {}
    counts: dict[str, int] = {}
    for letters, text in header.items():
        count = counts.get(text, 0)
        counts[text] = count + 1
        found = canonical_header(text) if not count else None
        if found is not None:
            name, rank = found
            if name not in best or rank < best[name][0]:
                best[name] = (rank, letters)
    return {name: letters for name, (_rank, letters) in best.items()}


def read_rows(file) -> list[dict[str, str]]:
    """Rows of the first sheet as {header: text}; raises ApplicationError for a missing column.

    For small files and tests; the import itself streams ``RosterFile``.
    """
    return [dict(zip(HEADERS, values, strict=True)) for _number, values in RosterFile(file)]
