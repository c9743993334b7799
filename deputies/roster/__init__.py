"""The roster workbook: offices keep their rosters in one sheet with Chinese headers.

- ``columns``: the column declarations (template, import and export share them);
- ``read``: the uploaded sheet's header and rows;
- ``check``: per-row rules, every problem as (row, column, reason);
- ``write``: the all-or-nothing write, through the same derived values,
  encryption and audit rows as a single save, by COPY in batches;
- ``export``: the filtered list as rows, identifiers masked.

A province's roster is 100,000 rows, so the import is built for that size:
the sheet is streamed (``deputies.xlsx``), rows are checked against lookups
loaded once or once per batch, and clean rows are written with a fixed
number of statements per batch.
"""

from .columns import EXPORT_HEADERS, HEADERS, template_xlsx
from .export import export_rows
from .write import roster_import

__all__ = ["EXPORT_HEADERS", "HEADERS", "export_rows", "roster_import", "template_xlsx"]
