"""Bulk loading with PostgreSQL COPY, filling columns a generator does not set from field defaults.

Generators yield dicts of column values; everything else comes from the
field's default (or a type-appropriate filler for NOT NULL columns), so the
bench keeps working as models grow.
"""

import io
import secrets
from collections.abc import Iterable
from datetime import date, datetime

from django.db import connection, models
from django.utils import timezone

_NOW = None


def _filler(field: models.Field):
    global _NOW
    if _NOW is None:
        _NOW = timezone.now()
    if field.has_default():
        default = field.get_default()
        if callable(getattr(field, "default", None)) and field.unique:
            return field.default  # e.g. a random public code: call per row
        return default
    if field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return _NOW
    if isinstance(field, models.DateField):
        return _NOW.date()
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return 0
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    if field.unique:
        return lambda: secrets.token_hex(8)
    return ""


def _text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _escape(text: str) -> str:
    """COPY text format: backslash escapes, no raw tabs or newlines."""
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def copy_rows(model: type[models.Model], rows: Iterable[dict], *, batch: int = 200_000) -> int:
    """COPY rows (dicts keyed by column name, e.g. ``region_id``) into the model's table."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
    columns = [f.column for f in fields]
    fillers = {f.column: _filler(f) for f in fields}
    table = model._meta.db_table
    total = 0
    buffer = io.StringIO()

    def flush():
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)", buffer)
        buffer.seek(0)
        buffer.truncate()

    pending = 0
    for row in rows:
        values = []
        for column in columns:
            if column in row:
                value = row[column]
            else:
                value = fillers[column]
                if callable(value):
                    value = value()
            values.append(_escape(_text(value)) if value is not None else r"\N")
        buffer.write("\t".join(values) + "\n")
        pending += 1
        if pending >= batch:
            flush()
            total += pending
            pending = 0
    if pending:
        flush()
        total += pending
    return total


def reset_sequences(*models_: type[models.Model]) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)


def max_id(table: str) -> int:
    """The table's highest id so far (0 when empty): what rows copied next come after."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0]


def ids_after(table: str, after: int) -> list[int]:
    """Ids of the rows above ``after``, in order: the ids COPY gave the rows it loaded."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id > %s ORDER BY id", [after])
        return [row[0] for row in cursor.fetchall()]
