"""Excel output: the one place pandas meets the portal's exports."""

import io
from collections.abc import Iterable, Sequence

import pandas as pd


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """Build a workbook from {sheet name: (column headers, rows)}."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, (columns, rows) in sheets.items():
            frame = pd.DataFrame(list(rows), columns=list(columns))
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            for index, column in enumerate(columns, start=1):
                width = max(
                    [len(str(column)) * 2, *(len(str(v)) * 1.6 for v in frame.iloc[:200, index - 1])], default=10
                )
                sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(60, max(10, width))
    return buffer.getvalue()
