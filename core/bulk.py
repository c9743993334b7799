"""Bulk writes: many rows in a fixed number of statements, inside the caller's transaction.

``CopyWriter`` is the transport of a bulk import: on PostgreSQL rows go in by
COPY and updates by one ``UPDATE … FROM unnest(…)`` per batch, run by a
background thread (psycopg2 lets the GIL go while the server works) so that
the caller reads and checks the next rows while the database writes. Elsewhere
(SQLite in tests) the same calls run at once with ``executemany``.

What is written is the caller's business: rows are tuples of text in the
columns' order, with ``writer.null`` for NULL, so that a caller can build them
with plain string operations (the hot loop of a 100,000-row import). The
stored values themselves come from the same functions as a single save
(derived columns, ``core.fields`` encryption, ``core.audit.audit_rows``).
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection

# COPY text format: the values are joined with these stand-ins, then the text is escaped and they
# become the separators (str.replace: far faster than translate() on non-ASCII text). Callers let
# no control character through (the workbook reader drops them); insert() checks the separators.
_COPY_ESCAPES = (
    ("\\", "\\\\"),
    ("\t", "\\t"),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\x00", "\t"),
    ("\x01", "\\N"),
    ("\x02", "\n"),
)
PG_NULL = "\x01"


def _copy_text(text: str) -> str:
    for old, new in _COPY_ESCAPES:
        if old in text:
            text = text.replace(old, new)
    return text


class CopyWriter:
    """Runs bulk statements in order, on the caller's connection and inside its transaction.

    On PostgreSQL the statements go to a background thread. The connection is
    never used by both threads at once: the thread holds ``lock`` per
    statement, and the caller's own queries run under ``exclusive()``. The
    thread is joined by ``close()`` before the transaction ends and its first
    error is raised in the caller. Every statement is logged like a query when
    queries are logged (so that query-count tests see them).
    """

    def __init__(self, *, background: bool = True, name: str = "bulk-writer"):
        self.postgres = connection.vendor == "postgresql"
        # The text a row holds for NULL: COPY's marker on PostgreSQL, None for executemany.
        self.null: str | None = PG_NULL if self.postgres else None
        self.lock = threading.Lock()
        self.error: BaseException | None = None
        self.cancelled = False
        self._queue: queue.Queue | None = None
        self._ids: dict[str, list[int]] = {}
        if self.postgres and background:
            connection.ensure_connection()
            self._raw = connection.connection
            self._queue = queue.Queue(maxsize=6)  # about a batch and a half ahead: enough to keep it busy
            self._thread = threading.Thread(target=self._work, name=name, daemon=True)
            self._thread.start()
            # Foreign keys checked as each statement runs, in this thread, not all at once at COMMIT.
            self._run("SET CONSTRAINTS ALL IMMEDIATE", lambda cursor: cursor.execute("SET CONSTRAINTS ALL IMMEDIATE"))

    def _work(self) -> None:
        """Run queued statements until told to stop; after an error or a cancel, only drain the queue."""
        cursor = None
        while (action := self._queue.get()) is not None:
            if self.error is not None or self.cancelled:
                continue
            try:
                with self.lock, connection.wrap_database_errors:  # Django's exception classes
                    cursor = cursor or self._raw.cursor()
                    action(cursor)
            except BaseException as exc:  # handed to the caller's thread
                self.error = exc
        if cursor is not None:
            cursor.close()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """The caller's own queries: not while a statement of the thread is running."""
        with self.lock:
            yield
        if self.error is not None:
            raise self.error

    def _run(self, label: str, action: Callable) -> None:
        if connection.queries_logged:
            connection.queries_log.append({"sql": label, "time": "0.000"})
        if self._queue is None:
            with connection.cursor() as cursor:
                action(cursor)
            return
        if self.error is not None:
            raise self.error
        self._queue.put(action)

    def close(self) -> None:
        """Wait for every statement to have run; raise the first error."""
        if self._queue is not None:
            self._queue.put(None)
            self._thread.join()
            self._queue = None
            if self.error is None and not self.cancelled:
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default again
        if self.error is not None:
            raise self.error

    def abandon(self) -> BaseException | None:
        """Stop the writer thread after a failure; its own error, if it had one, is the cause to report."""
        self.cancelled = True
        try:
            self.close()
        except BaseException as exc:
            return exc
        return None

    # Ids: on PostgreSQL taken from the table's sequence ahead of a COPY; elsewhere read back by the caller.

    def take_ids(self, table: str, count: int, *, ahead: int = 10_000) -> list[int]:
        """``count`` fresh ids of ``table``'s serial column (PostgreSQL), reserved ``ahead`` at a time."""
        pool = self._ids.setdefault(table, [])
        if len(pool) < count:
            want = max(count - len(pool), ahead)
            with self.exclusive(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) FROM generate_series(1, %s)",
                    [table, want],
                )
                pool.extend(cursor.fetchone()[0])
        taken, self._ids[table] = pool[:count], pool[count:]
        return taken

    # Statements

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Insert rows of text (or ``null``) values; on PostgreSQL by COPY."""
        if not rows:
            return
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        if self.postgres:
            text = "\x02".join(map("\x00".join, rows)) + "\x02"
            if text.count("\x02") != len(rows) or text.count("\x00") != len(rows) * (len(columns) - 1):
                raise ValueError("A value holds a control character.")  # callers never let one through
            sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
            # Encoded here and read in one go: psycopg2 in the writer thread needs the GIL back for
            # every read and encode, and each time may have to wait for this thread.
            data = _copy_text(text).encode("utf-8")
            buffer, size = io.BytesIO(data), len(data) + 1
            self._run(sql, lambda cursor: cursor.copy_expert(sql, buffer, size=size))
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"  # noqa: S608
            self._run(sql, lambda cursor: cursor.executemany(sql, rows))

    def update(self, table: str, columns: Sequence[tuple[str, str, bool]], rows: list[tuple]) -> None:
        """Update rows by id (each row: id, then the values): ``columns`` are (column, SQL type, keep
        the old value when the new one is NULL)."""
        if not rows:
            return
        quote = connection.ops.quote_name
        if self.postgres:
            sets = ", ".join(
                f"{quote(c)} = COALESCE(v.{quote(c)}, t.{quote(c)})" if keep else f"{quote(c)} = v.{quote(c)}"
                for c, _type, keep in columns
            )
            arrays = ", ".join(["%s::bigint[]", *(f"%s::{kind}[]" for _c, kind, _k in columns)])
            names = ", ".join(["id", *(quote(c) for c, _t, _k in columns)])
            sql = f"UPDATE {quote(table)} AS t SET {sets} FROM unnest({arrays}) AS v({names}) WHERE t.id = v.id"  # noqa: S608
            params = [[None if v == PG_NULL else v for v in values] for values in zip(*rows, strict=True)]
            self._run(sql, lambda cursor: cursor.execute(sql, params))
        else:
            sets = ", ".join(
                f"{quote(c)} = COALESCE(%s, {quote(c)})" if keep else f"{quote(c)} = %s" for c, _t, keep in columns
            )
            sql = f"UPDATE {quote(table)} SET {sets} WHERE id = %s"  # noqa: S608
            params = [(*values[1:], values[0]) for values in rows]
            self._run(sql, lambda cursor: cursor.executemany(sql, params))

    def delete_pairs(self, table: str, columns: tuple[str, str], pairs: list[tuple[int, int]]) -> None:
        """Delete the rows whose two integer ``columns`` hold one of ``pairs`` (e.g. many-to-many links)."""
        if not pairs:
            return
        quote = connection.ops.quote_name
        first, second = (quote(c) for c in columns)
        if self.postgres:
            sql = (
                f"DELETE FROM {quote(table)} AS t USING unnest(%s::bigint[], %s::bigint[]) AS v(a, b) "  # noqa: S608
                f"WHERE t.{first} = v.a AND t.{second} = v.b"
            )
            params = [[a for a, _b in pairs], [b for _a, b in pairs]]
            self._run(sql, lambda cursor: cursor.execute(sql, params))
        else:
            sql = f"DELETE FROM {quote(table)} WHERE {first} = %s AND {second} = %s"  # noqa: S608
            self._run(sql, lambda cursor: cursor.executemany(sql, pairs))
