"""The roster workbook: one column spec for the template, the import and the export.

Offices keep their rosters in one sheet with Chinese headers. Import is
all-or-nothing: every row is checked and every problem reported as
(row, column, reason); only a clean file is written, in one transaction.
A row is matched to an existing mandate by ID number (its keyed hash) and
congress, so importing the same file again updates instead of duplicating.

A province's roster is 100,000 rows, so the import is built for that size
rather than hoping for it: the sheet is streamed (``deputies.xlsx``), rows are
checked against lookups loaded once (congresses) or once per batch (regions,
people, mandates), and clean rows are written in batches of ``BATCH_ROWS`` with
a fixed number of statements per batch (COPY on PostgreSQL, in a background
thread so that the next rows are read while the database writes). What is
written is what ``services.deputy_create`` / ``deputy_update`` would write
row by row: the same derived columns (stroke key, ID hash, birth date from the
ID), the ID number and mobile encrypted with the fields' key, tags replaced,
and one change-audit event per mandate created or updated, as ``core.audit``
records for a save.
"""

from __future__ import annotations

import datetime as dt
import gc
import hmac
import io
import json
import queue
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from operator import mul
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxLengthValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import client_ip, current_request
from core.choices import AuditAction
from core.exceptions import ApplicationError
from core.exports import xlsx_bytes
from core.models import AuditEvent
from core.scoping import region_in_scope
from regions.models import Region

from .choices import ETHNICITIES, DeputyStatus, Education, Gender, PoliticalAffiliation, SectorClass
from .models import Congress, Deputy, ExpertiseTag, Person, new_public_code
from .strokes import name_stroke_key
from .validators import (
    ID_WEIGHTS,
    id_birth_date,
    id_number_errors,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
    normalize_mobile,
    validate_mobile,
)
from .xlsx import UnreadableWorkbook, read_sheet


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    example: str = ""


# The headers are the file format, not interface text: they stay Chinese in every language.
COLUMNS = [
    Column("姓名", "name", True, "张三"),
    Column("性别", "gender", True, "男"),
    Column("民族", "ethnicity", False, "汉族"),
    Column("出生日期", "birth_date", False, "1975-06-01"),
    Column("身份证号码", "id_number", True, "330106197506010011"),
    Column("政治面貌", "political_affiliation", False, "中共党员"),
    Column("学历", "education", False, "大学本科"),
    Column("职业", "occupation", False, "工程师"),
    Column("工作单位及职务", "work_unit", False, "杭州市某某公司总工程师"),
    Column("手机号码", "mobile", False, "13800000000"),
    Column("电子邮箱", "email", False, ""),
    Column("通讯地址", "address", False, ""),
    Column("专业名片", "expertise_tags", False, "数字经济、科技创新"),
    Column("所属人大", "congress", True, "杭州市西湖区第十届人民代表大会"),
    Column("所属行政区划代码", "region", True, "330106"),
    Column("选举单位", "electoral_unit", False, "西溪街道选区"),
    Column("代表团", "delegation", False, ""),
    Column("代表类别", "sector_class", False, "专业技术人员"),
    Column("当选日期", "elected_on", False, "2021-12-20"),
]
HEADERS = [c.header for c in COLUMNS]
_BY_HEADER = {c.header: c for c in COLUMNS}
# Positions of the columns in a row's list of values (the order of COLUMNS).
(
    NAME,
    GENDER,
    ETHNICITY,
    BIRTH_DATE,
    ID_NUMBER,
    PARTY,
    EDUCATION,
    OCCUPATION,
    WORK_UNIT,
    MOBILE,
    EMAIL,
    ADDRESS,
    TAGS,
    CONGRESS,
    REGION,
    ELECTORAL_UNIT,
    DELEGATION,
    SECTOR,
    ELECTED_ON,
) = range(len(COLUMNS))
_REQUIRED = [i for i, c in enumerate(COLUMNS) if c.required]

# Rows written per batch: the statements per batch are fixed, so the count grows by one
# batch's worth per BATCH_ROWS rows, never per row.
BATCH_ROWS = 2000
# On PostgreSQL the writes run in a thread while the next rows are read (see _Statements).
BACKGROUND_WRITES = True


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


def template_xlsx() -> bytes:
    """The blank template offices fill in, with one example row (delete it before importing)."""
    return xlsx_bytes({_("代表名册"): (HEADERS, [[c.example for c in COLUMNS]])})


# Reading and checking
# ------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        return _("第%(row)d行 “%(column)s”：%(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00:00)?$")
_TAG_SPLIT = re.compile(r"[、,，;；\s]+")


# Free-text columns and the model fields that hold them: length and e-mail shape are checked
# by the fields' own validators (with Django's messages), so nothing too long or malformed is written.
_TEXT_FIELDS = {
    "姓名": (Person, "name"),
    "职业": (Person, "occupation"),
    "工作单位及职务": (Person, "work_unit"),
    "电子邮箱": (Person, "email"),
    "通讯地址": (Person, "address"),
    "选举单位": (Deputy, "electoral_unit"),
    "代表团": (Deputy, "delegation"),
}


def _field_errors(model, field: str, value: str) -> list[str]:
    try:
        model._meta.get_field(field).run_validators(value)
    except ValidationError as exc:
        return exc.messages
    return []


# Addresses of this shape pass Django's EmailValidator (a strict subset of what it accepts).
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9]{1,63}(?:\.[A-Za-z0-9]{1,63})*\.[A-Za-z]{2,63}", re.ASCII
)


def _plain_rule(model, field: str) -> tuple[int, re.Pattern | None] | None:
    """(maximum length, pattern) such that a value within both passes the field's validators without
    running them; None when the validators must always run."""
    limit, pattern = None, None
    for validator in model._meta.get_field(field).validators:
        if isinstance(validator, MaxLengthValidator):
            limit = validator.limit_value
        elif type(validator) is EmailValidator:
            pattern = _PLAIN_EMAIL
        else:
            return None
    return (limit, pattern) if limit is not None else None


def _parse_date(value: str) -> dt.date:
    match = _DATE_RE.match(value)
    if not match:
        raise ValueError(value)
    return dt.date(*(int(g) for g in match.groups()))


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


@dataclass(slots=True)
class CleanRow:
    """A checked row: the values to write, already converted and normalised."""

    row: int
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    political_affiliation: str
    education: str
    occupation: str
    work_unit: str
    id_number: str
    id_hash: str
    mobile: str | None  # None: the row leaves the mobile as it is
    email: str
    address: str
    tags: tuple[str, ...]
    congress: Congress
    region: Region
    electoral_unit: str
    delegation: str
    sector_class: str
    elected_on: dt.date | None


_ID_SHAPE = re.compile(r"[1-9][0-9]{16}[0-9X]", re.ASCII)
_ID_WEIGHT_SUM_48 = 48 * sum(ID_WEIGHTS)  # each ASCII digit's code is 48 + its value


class RowChecker:
    """The per-row rules of the roster, with the lookups they need loaded once, not per row.

    ``check`` gives the same errors, in the same order and words, as checking
    the row field by field with the validators and services would; the fast
    paths only skip work for values that are plainly valid.
    """

    def __init__(self, user):
        self.user = user
        self.congresses = {c.name: c for c in Congress.objects.select_related("region")}
        self.regions: dict[str, Region | None] = {}
        self.genders = _labels(Gender)
        self.parties = _labels(PoliticalAffiliation)
        self.educations = _labels(Education)
        self.sectors = _labels(SectorClass)
        self.ethnicities = frozenset(ETHNICITIES)
        self.seen: dict[tuple[str, int], int] = {}
        self.today = dt.date.today()
        self.hash_key = settings.SECRET_KEY.encode("utf-8")  # validators.id_number_hash, inlined
        self._congress_scope: dict[int, bool] = {}
        self._placements: dict[tuple[int | None, str], str] = {}
        self._dates: dict[str, dt.date | None] = {}
        self._births: dict[str, dt.date | None] = {}
        self._text_checks = []
        for header, (model, field) in _TEXT_FIELDS.items():
            rule = _plain_rule(model, field)
            limit, pattern = rule if rule is not None else (-1, None)
            self._text_checks.append((HEADERS.index(header), header, model, field, limit, pattern))
        rule = _plain_rule(ExpertiseTag, "name")
        self._tag_limit = rule[0] if rule is not None and rule[1] is None else -1
        self.exclusive = nullcontext  # the writer's, once it runs in a thread

    def load_regions(self, codes: Iterable[str]) -> None:
        """Fetch the regions of a batch's codes not seen yet, in one query."""
        missing = {code for code in codes if code and code not in self.regions}
        if missing:
            with self.exclusive():
                found = {r.code: r for r in Region.objects.filter(code__in=missing)}
            for code in missing:
                self.regions[code] = found.get(code)

    def _date(self, text: str) -> dt.date | None:
        """The date of a cell, or None when it is not one (cached: rosters repeat dates)."""
        if text in self._dates:
            return self._dates[text]
        try:
            value = _parse_date(text)
        except ValueError:
            value = None
        if len(self._dates) < 100_000:
            self._dates[text] = value
        return value

    def _id_is_plainly_valid(self, number: str, birth: dt.date | None, male: bool | None) -> bool:
        """True when ``id_number_errors`` would find nothing; False means "ask it"."""
        if len(number) != 18 or not _ID_SHAPE.fullmatch(number):
            return False
        key = number[6:14]
        born = self._births.get(key, False)
        if born is False:
            born = self._births[key] = id_birth_date(number)
        if born is None or born > self.today or born.year < 1900:
            return False
        if birth is not None and born != birth:
            return False
        total = sum(map(mul, number[:17].encode("ascii"), ID_WEIGHTS)) - _ID_WEIGHT_SUM_48
        if "10X98765432"[total % 11] != number[17]:
            return False
        return male is None or ((ord(number[16]) - 48) % 2 == 1) == male

    def check(self, number: int, v: list[str]) -> tuple[CleanRow | None, list[RowError]]:
        errors: list[RowError] = []
        for index in _REQUIRED:
            if not v[index]:
                errors.append(RowError(number, HEADERS[index], _("必填")))
        for index, header, model, field, limit, pattern in self._text_checks:
            text = v[index]
            if text and (len(text) > limit or (pattern is not None and not pattern.fullmatch(text))):
                errors.extend(RowError(number, header, reason) for reason in _field_errors(model, field, text))
        tags = tuple(t for t in _TAG_SPLIT.split(v[TAGS]) if t) if v[TAGS] else ()
        for tag in tags:
            if len(tag) > self._tag_limit:
                errors.extend(RowError(number, "专业名片", r) for r in _field_errors(ExpertiseTag, "name", tag))
        gender = None
        if v[GENDER]:
            gender = self.genders.get(v[GENDER])
            if gender is None:
                errors.append(RowError(number, "性别", _("应为“男”或“女”")))
        ethnicity = v[ETHNICITY] or "汉族"
        if ethnicity not in self.ethnicities:
            errors.append(RowError(number, "民族", _("不是56个民族的规范名称")))
        choices = []
        for index, table in ((PARTY, self.parties), (EDUCATION, self.educations)):
            text = v[index]
            if text and text not in table:
                reason = _("不在可选值之内：%(values)s") % {"values": "、".join(table)}
                errors.append(RowError(number, HEADERS[index], reason))
            choices.append(table.get(text, ""))
        birth = None
        if v[BIRTH_DATE]:
            birth = self._date(v[BIRTH_DATE])
            if birth is None:
                errors.append(RowError(number, "出生日期", _("日期格式应为 2024-01-31")))
        id_number = ""
        raw_id = v[ID_NUMBER]
        if raw_id:
            male = None if gender is None else gender == Gender.MALE
            id_number = raw_id.upper() if raw_id.isalnum() else normalize_id_number(raw_id)
            if not self._id_is_plainly_valid(id_number, birth, male):
                errors.extend(
                    RowError(number, "身份证号码", r) for r in id_number_errors(raw_id, birth_date=birth, male=male)
                )
        mobile = None
        raw_mobile = v[MOBILE]
        if raw_mobile:
            if len(raw_mobile) == 11 and raw_mobile.isascii() and raw_mobile.isdigit() and raw_mobile[1] > "2":
                mobile = raw_mobile if raw_mobile[0] == "1" else None
            if mobile is None:
                try:
                    validate_mobile(raw_mobile)
                except Exception:
                    errors.append(RowError(number, "手机号码", _("不是有效的手机号码")))
                mobile = normalize_mobile(raw_mobile)
        congress = self.congresses.get(v[CONGRESS])
        if v[CONGRESS] and congress is None:
            errors.append(RowError(number, "所属人大", _("系统中没有名为“%(name)s”的人大") % {"name": v[CONGRESS]}))
        elif congress is not None and not self._congress_in_scope(congress):
            errors.append(RowError(number, "所属人大", _("该人大的代表不由您管理")))
        code = v[REGION]
        region = None
        if code:
            if code not in self.regions:
                self.load_regions([code])
            region = self.regions[code]
            problem = self._placement(congress, code, region)
            if problem == "unknown":
                errors.append(RowError(number, "所属行政区划代码", _("行政区划代码不存在")))
            elif problem == "scope":
                errors.append(RowError(number, "所属行政区划代码", _("不在您的管辖范围内")))
            elif problem == "area":
                errors.append(RowError(number, "所属行政区划代码", _("不在该人大的行政区域之内")))
        if v[SECTOR] and v[SECTOR] not in self.sectors:
            reason = _("不在可选值之内：%(values)s") % {"values": "、".join(self.sectors)}
            errors.append(RowError(number, "代表类别", reason))
        elected_on = None
        if v[ELECTED_ON]:
            elected_on = self._date(v[ELECTED_ON])
            if elected_on is None:
                errors.append(RowError(number, "当选日期", _("日期格式应为 2024-01-31")))
        if congress is not None and raw_id:
            key = (id_number, congress.pk)
            if key in self.seen:
                errors.append(RowError(number, "身份证号码", _("与第%(row)d行重复") % {"row": self.seen[key]}))
            else:
                self.seen[key] = number
        if errors:
            return None, errors
        return CleanRow(  # positional, in field order: this runs once per row
            number,
            v[NAME],
            gender,
            ethnicity,
            birth,
            choices[0],
            choices[1],
            v[OCCUPATION],
            v[WORK_UNIT],
            id_number,
            hmac.digest(self.hash_key, id_number.encode("utf-8"), "sha256").hex(),
            mobile,
            v[EMAIL],
            v[ADDRESS],
            tags,
            congress,
            region,
            v[ELECTORAL_UNIT],
            v[DELEGATION],
            self.sectors.get(v[SECTOR], ""),
            elected_on,
        ), []

    def _congress_in_scope(self, congress: Congress) -> bool:
        found = self._congress_scope.get(congress.pk)
        if found is None:
            found = self._congress_scope[congress.pk] = region_in_scope(self.user, congress.region)
        return found

    def _placement(self, congress: Congress | None, code: str, region: Region | None) -> str:
        """What is wrong with the region of a row ("" for nothing), cached per congress and code."""
        key = (congress.pk if congress is not None else None, code)
        found = self._placements.get(key)
        if found is None:
            if region is None:
                found = "unknown"
            elif not region_in_scope(self.user, region):
                found = "scope"
            elif congress is not None and not congress.region.contains(region):
                found = "area"
            else:
                found = ""
            self._placements[key] = found
        return found


def check_rows(rows: list[dict[str, str]], *, user) -> tuple[list[CleanRow], list[RowError]]:
    """Validate rows given as {header: text}, numbered from 2 as in a sheet; collect all errors."""
    checker = RowChecker(user)
    checker.load_regions(r.get("所属行政区划代码", "") for r in rows)
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    for index, raw in enumerate(rows):
        values = [str(raw.get(h, "")).strip() for h in HEADERS]
        if any(values):
            row, row_errors = checker.check(index + 2, values)
            errors.extend(row_errors)
            if row is not None:
                clean.append(row)
    return clean, errors


# Writing
# ------------------------------------------------------------------------------


class FernetBatch:
    """Fernet tokens for many values, readable by the encrypted field they are written to.

    The field's own Fernet, built once for the whole import (the field
    builds one per value), from ``cryptography``: no cipher code of ours.
    """

    def __init__(self, field):
        self._encrypt = field.f.encrypt

    def encrypt(self, values: list[str]) -> list[str]:
        return [self._encrypt(value.encode("utf-8")).decode("ascii") for value in values]


# COPY text format: the values are joined with these stand-ins, then the text is escaped and they
# become the separators (str.replace: far faster than translate() on non-ASCII text). The workbook
# reader lets no control character through, and insert() checks the count of separators.
_COPY_ESCAPES = (
    ("\\", "\\\\"),
    ("\t", "\\t"),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\x00", "\t"),
    ("\x01", "\\N"),
    ("\x02", "\n"),
)
_PG_NULL = "\x01"


def _copy_text(text: str) -> str:
    for old, new in _COPY_ESCAPES:
        if old in text:
            text = text.replace(old, new)
    return text


class _Statements:
    """Runs the import's writes in order, on the caller's connection and inside its transaction.

    On PostgreSQL the statements go to a background thread (psycopg2 lets the
    GIL go while the server works), so the next rows are read and checked
    while the database writes. The connection is never used by both threads at
    once: the thread holds ``lock`` per statement, and the import's own queries
    run under ``exclusive()``. The thread is joined before the transaction ends
    and its first error is raised in the caller. Elsewhere statements run at
    once. Every statement is logged like a query when queries are logged.
    """

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.lock = threading.Lock()
        self.error: BaseException | None = None
        self.cancelled = False
        self._queue: queue.Queue | None = None
        if self.postgres and BACKGROUND_WRITES:
            connection.ensure_connection()
            self._raw = connection.connection
            self._queue = queue.Queue(maxsize=6)  # about a batch and a half ahead: enough to keep it busy
            self._thread = threading.Thread(target=self._work, name="roster-import-writer", daemon=True)
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

    def _run(self, label: str, action) -> None:
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

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        """Insert rows of text (or None) values; on PostgreSQL by COPY."""
        if not rows:
            return
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        if self.postgres:
            text = "\x02".join(map("\x00".join, rows)) + "\x02"
            if text.count("\x02") != len(rows) or text.count("\x00") != len(rows) * (len(columns) - 1):
                raise ValueError("A value holds a control character.")  # the reader never lets one through
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

    def update(self, table: str, columns: list[tuple[str, str, bool]], rows: list[tuple]) -> None:
        """Update rows by id: ``columns`` are (column, SQL type, keep the old value when NULL)."""
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
            params = [[None if v == _PG_NULL else v for v in values] for values in zip(*rows, strict=True)]
            self._run(sql, lambda cursor: cursor.execute(sql, params))
        else:
            sets = ", ".join(
                f"{quote(c)} = COALESCE(%s, {quote(c)})" if keep else f"{quote(c)} = %s" for c, _t, keep in columns
            )
            sql = f"UPDATE {quote(table)} SET {sets} WHERE id = %s"  # noqa: S608
            params = [(*values[1:], values[0]) for values in rows]
            self._run(sql, lambda cursor: cursor.executemany(sql, params))

    def delete_links(self, table: str, pairs: list[tuple[int, int]]) -> None:
        if not pairs:
            return
        quote = connection.ops.quote_name
        if self.postgres:
            sql = (
                f"DELETE FROM {quote(table)} AS t USING unnest(%s::bigint[], %s::bigint[]) AS v(p, g) "  # noqa: S608
                "WHERE t.person_id = v.p AND t.expertisetag_id = v.g"
            )
            params = [[p for p, _g in pairs], [g for _p, g in pairs]]
            self._run(sql, lambda cursor: cursor.execute(sql, params))
        else:
            sql = f"DELETE FROM {quote(table)} WHERE person_id = %s AND expertisetag_id = %s"  # noqa: S608
            self._run(sql, lambda cursor: cursor.executemany(sql, pairs))


@dataclass(slots=True)
class _PersonState:
    """A person as this import leaves them: id, birth date and tags, for later rows of the same person."""

    pk: int | None
    birth_date: dt.date | None
    tags: tuple[str, ...] | None  # None: not known (a person already in the database, tags not loaded)


# Fields of a mandate an import row sets (besides the person); their change is what the audit lists.
_MANDATE_FIELDS = ("region_id", "electoral_unit", "delegation", "sector_class", "elected_on")
_CREATED_FIELDS = sorted({f.name for f in Deputy._meta.concrete_fields} - {"created_at", "updated_at"})
_PERSON_COLUMNS = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "political_affiliation",
    "education",
    "occupation",
    "work_unit",
    "id_number",
    "id_number_hash",
    "mobile",
    "email",
    "address",
    "name_stroke_key",
    "updated_at",
]
_DEPUTY_COLUMNS = [
    "id",
    "person_id",
    "congress_id",
    "level",
    "region_id",
    "electoral_unit",
    "delegation",
    "sector_class",
    "elected_on",
    "status",
    "status_changed_on",
    "status_reason",
    "public_code",
    "created_at",
    "updated_at",
]
_AUDIT_COLUMNS = [
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "ip_address",
    "path",
    "detail",
]


class RosterWriter:
    """Writes checked rows in batches, as the services would row by row; see the module docstring."""

    def __init__(self, actor):
        self.actor = actor
        self.statements = _Statements()
        self.postgres = self.statements.postgres
        self.null = _PG_NULL if self.postgres else None
        self.created = self.updated = 0
        self.people: dict[str, _PersonState] = {}  # by ID hash, everyone this import wrote
        self.tag_ids: dict[str, int] = {}
        self.encrypt_id = FernetBatch(Person._meta.get_field("id_number"))
        self.encrypt_mobile = FernetBatch(Person._meta.get_field("mobile"))
        self.links = Person.expertise_tags.through._meta.db_table
        self._ids: dict[type, list[int]] = {Person: [], Deputy: []}
        self._dates: dict[dt.date, str] = {}
        # The change audit of a save (core.audit.record_saved): the request's user and address, if any.
        request = current_request()
        user = getattr(request, "user", None)
        user = user if getattr(user, "is_authenticated", False) else None
        self.audit = (
            str(user.pk) if user else self.null,
            user.get_username() if user else "",
            client_ip(request) or self.null,
            request.path[:300] if request is not None else "",
        )

    # Ids: on PostgreSQL taken from the table's sequence ahead of the COPY; elsewhere read back.

    def _take_ids(self, model, count: int) -> list[int]:
        pool = self._ids[model]
        if len(pool) < count:
            want = max(count - len(pool), 5 * BATCH_ROWS)
            with self.statements.exclusive(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) FROM generate_series(1, %s)",
                    [model._meta.db_table, want],
                )
                pool.extend(cursor.fetchone()[0])
        taken, self._ids[model] = pool[:count], pool[count:]
        return taken

    def _tags(self, names: set[str]) -> None:
        missing = sorted(n for n in names if n not in self.tag_ids)
        if not missing:
            return
        with self.statements.exclusive():
            found = dict(ExpertiseTag.objects.filter(name__in=missing).values_list("name", "pk"))
            new = [n for n in missing if n not in found]
            if new:
                ExpertiseTag.objects.bulk_create([ExpertiseTag(name=n) for n in new], ignore_conflicts=True)
                found = dict(ExpertiseTag.objects.filter(name__in=missing).values_list("name", "pk"))
        self.tag_ids.update(found)

    def _iso(self, day: dt.date) -> str:
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = day.isoformat()
        return text

    def _people_by_hash(self, digests: set[str]) -> list[tuple[int, str, dt.date | None]]:
        if self.postgres:  # one array parameter rather than thousands of placeholders
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, id_number_hash, birth_date FROM {Person._meta.db_table} "  # noqa: S608
                    "WHERE id_number_hash = ANY(%s)",
                    [list(digests)],
                )
                return cursor.fetchall()
        return list(Person.objects.filter(id_number_hash__in=digests).values_list("pk", "id_number_hash", "birth_date"))

    def write(self, rows: list[CleanRow]) -> list[RowError]:
        """Write one batch; rows that the database shows to be wrong come back as errors, nothing written."""
        null = self.null
        now = timezone.now()
        now_text = now.isoformat() if self.postgres else connection.ops.adapt_datetimefield_value(now)
        # Who is known already: people by ID hash (this import's own from memory), their mandates.
        unknown = {r.id_hash for r in rows if r.id_hash not in self.people}
        mandates: dict[tuple[int, int], dict[str, Any]] = {}
        visible: set[int] = set()
        with self.statements.exclusive():
            if unknown:
                for pk, digest, birth in self._people_by_hash(unknown):
                    self.people[digest] = _PersonState(pk, birth, None)
            known = {r.id_hash: self.people[r.id_hash] for r in rows if r.id_hash in self.people}
            if known:
                person_ids = {p.pk for p in known.values()}
                congress_ids = {r.congress.pk for r in rows}
                for m in Deputy.objects.filter(person_id__in=person_ids, congress_id__in=congress_ids).values(
                    "pk", "person_id", "congress_id", *_MANDATE_FIELDS
                ):
                    mandates[m["person_id"], m["congress_id"]] = m
            if mandates:
                ids = [m["pk"] for m in mandates.values()]
                visible = set(Deputy.objects.visible_to(self.actor).filter(pk__in=ids).values_list("pk", flat=True))

        # Fold the rows into one final state per person, as saving them one by one would leave it.
        people: dict[str, dict[str, Any]] = {}
        creates: list[tuple[CleanRow, dict[str, Any]]] = []
        updates: list[tuple[CleanRow, dict[str, Any]]] = []
        errors: list[RowError] = []
        for row in rows:
            state = known.get(row.id_hash)
            person = people.get(row.id_hash)
            if person is None:
                person = people[row.id_hash] = {
                    "state": state,
                    "birth_date": state.birth_date if state is not None else None,
                    "mobile": None,
                }
            # Saving keeps the stored birth date when the row has none; the ID number must then match it.
            kept = person["birth_date"] if row.birth_date is None else None
            if kept is not None and kept != id_birth_date(row.id_number):
                reasons = id_number_errors(row.id_number, birth_date=kept, male=row.gender == Gender.MALE)
                errors.append(RowError(row.row, "身份证号码", " ".join(reasons)))
                continue
            person["row"] = row
            if row.birth_date is not None:
                person["birth_date"] = row.birth_date
            if row.mobile is not None:
                person["mobile"] = row.mobile
            mandate = mandates.get((state.pk, row.congress.pk)) if state is not None else None
            if mandate is None:
                creates.append((row, person))
            elif mandate["pk"] not in visible:
                # The ID belongs to a mandate of this congress out of the user's reach.
                errors.append(RowError(row.row, "所属人大", _("该人员在本届人大已有代表资格。")))
            else:
                updates.append((row, mandate))
        if errors:
            return errors

        # People: new ones inserted with their ids, known ones updated (mobile kept when the file has none).
        order = list(people.values())
        tokens = self.encrypt_id.encrypt([p["row"].id_number for p in order])
        with_mobile = [p for p in order if p["mobile"] is not None]
        mobile_tokens = self.encrypt_mobile.encrypt([p["mobile"] for p in with_mobile])
        for person, token in zip(with_mobile, mobile_tokens, strict=True):
            person["mobile_token"] = token
        new_people = [p for p in order if p["state"] is None]
        if self.postgres:
            for person, pk in zip(new_people, self._take_ids(Person, len(new_people)), strict=True):
                person["pk"] = pk
        inserts, changes = [], []
        for person, token in zip(order, tokens, strict=True):
            row = person["row"]
            birth = person["birth_date"] or id_birth_date(row.id_number)
            person["birth_date"] = birth
            values = (
                row.name,
                row.gender,
                row.ethnicity,
                self._iso(birth) if birth is not None else null,
                row.political_affiliation,
                row.education,
                row.occupation,
                row.work_unit,
                token,
                row.id_hash,
                person.get("mobile_token", null),
                row.email,
                row.address,
                name_stroke_key(row.name),
                now_text,
            )
            if person["state"] is None:
                head = (str(person["pk"]),) if self.postgres else ()
                inserts.append((*head, *values, now_text, null))
            else:
                person["pk"] = person["state"].pk
                changes.append((person["pk"], *values))
        table = Person._meta.db_table
        id_column = ["id"] if self.postgres else []
        self.statements.insert(table, [*id_column, *_PERSON_COLUMNS, "created_at", "user_id"], inserts)
        kinds = {"birth_date": "date", "updated_at": "timestamptz", "id_number": "text", "mobile": "text"}
        self.statements.update(table, [(c, kinds.get(c, "varchar"), c == "mobile") for c in _PERSON_COLUMNS], changes)
        if new_people and not self.postgres:
            digests = [p["row"].id_hash for p in new_people]
            ids = dict(Person.objects.filter(id_number_hash__in=digests).values_list("id_number_hash", "pk"))
            for person in new_people:
                person["pk"] = ids[person["row"].id_hash]

        # Tags: each written person ends with exactly the tags of their last row.
        self._tags({t for p in order for t in p["row"].tags})
        stale = [p for p in order if p["state"] is not None and p["state"].tags is None]
        current: dict[int, set[str]] = {}
        if stale:
            names = {pk: name for name, pk in self.tag_ids.items()}
            through = Person.expertise_tags.through.objects.filter(person_id__in=[p["pk"] for p in stale])
            with self.statements.exclusive():
                links = list(through.values_list("person_id", "expertisetag_id", "expertisetag__name"))
            for person_id, tag_id, tag_name in links:
                names.setdefault(tag_id, tag_name)
                current.setdefault(person_id, set()).add(tag_name)
            self.tag_ids.update({name: pk for pk, name in names.items()})
        added, removed = [], []
        for person in order:
            wanted = set(person["row"].tags)
            state = person["state"]
            known_tags = state is not None and state.tags is not None
            before = set(state.tags) if known_tags else current.get(person["pk"], set())
            added += [(str(person["pk"]), str(self.tag_ids[n])) for n in sorted(wanted - before)]
            removed += [(person["pk"], self.tag_ids[n]) for n in sorted(before - wanted)]
            self.people[person["row"].id_hash] = _PersonState(person["pk"], person["birth_date"], tuple(wanted))
        self.statements.delete_links(self.links, removed)
        if not self.postgres:
            added = [(int(p), int(g)) for p, g in added]
        self.statements.insert(self.links, ["person_id", "expertisetag_id"], added)

        # Mandates, and the change audit a save of each would have recorded.
        audit = []
        actor_id, username, address, path = self.audit
        created_detail = json.dumps({"fields": _CREATED_FIELDS})
        deputy_ids = self._take_ids(Deputy, len(creates)) if self.postgres else [None] * len(creates)
        deputies = []
        codes = []
        for (row, person), pk in zip(creates, deputy_ids, strict=True):
            code = new_public_code()
            codes.append(code)
            deputies.append(
                (
                    str(pk) if pk is not None else null,
                    str(person["pk"]),
                    str(row.congress.pk),
                    row.congress.level,
                    str(row.region.pk),
                    row.electoral_unit,
                    row.delegation,
                    row.sector_class,
                    self._iso(row.elected_on) if row.elected_on is not None else null,
                    DeputyStatus.SERVING.value,
                    null,
                    "",
                    code,
                    now_text,
                    now_text,
                )
            )
        columns = _DEPUTY_COLUMNS if self.postgres else _DEPUTY_COLUMNS[1:]
        self.statements.insert(Deputy._meta.db_table, columns, deputies if self.postgres else [d[1:] for d in deputies])
        if not self.postgres and codes:
            ids = dict(Deputy.objects.filter(public_code__in=codes).values_list("public_code", "pk"))
            deputy_ids = [ids[code] for code in codes]
        for (row, _person), pk in zip(creates, deputy_ids, strict=True):
            audit.append(
                (
                    now_text,
                    actor_id,
                    username,
                    AuditAction.CREATE.value,
                    "deputies.Deputy",
                    str(pk),
                    row.name[:200],
                    address,
                    path,
                    created_detail,
                )
            )
        changes = []
        for row, mandate in updates:
            new = (row.region.pk, row.electoral_unit, row.delegation, row.sector_class, row.elected_on)
            changed = [
                f.removesuffix("_id") for f, value in zip(_MANDATE_FIELDS, new, strict=True) if mandate[f] != value
            ]
            changes.append((mandate["pk"], *new[:4], new[4].isoformat() if new[4] is not None else None, now_text))
            audit.append(
                (
                    now_text,
                    actor_id,
                    username,
                    AuditAction.UPDATE.value,
                    "deputies.Deputy",
                    str(mandate["pk"]),
                    row.name[:200],
                    address,
                    path,
                    json.dumps({"fields": sorted(changed)}),
                )
            )
        self.statements.update(
            Deputy._meta.db_table,
            [
                ("region_id", "bigint", False),
                ("electoral_unit", "varchar", False),
                ("delegation", "varchar", False),
                ("sector_class", "varchar", False),
                ("elected_on", "date", False),
                ("updated_at", "timestamptz", False),
            ],
            changes,
        )
        self.statements.insert(AuditEvent._meta.db_table, _AUDIT_COLUMNS, audit)
        self.created += len(creates)
        self.updated += len(updates)
        return []

    def finish(self) -> None:
        self.statements.close()

    def abandon(self) -> BaseException | None:
        """Stop the writer thread after a failure; its own error, if it had one, is the cause to report."""
        self.statements.cancelled = True
        try:
            self.statements.close()
        except BaseException as exc:
            return exc
        return None


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in rows:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk job, and put it back afterwards.

    An import allocates millions of short-lived objects while keeping a
    hundred thousand (who was written); the collector's repeated passes over
    those took a fifth of the time and find next to nothing: reference
    counting frees the import's objects, and the few cycles (querysets) are
    collected once the import is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@transaction.atomic
def roster_import(*, actor, file) -> dict[str, Any]:
    """Import an uploaded roster; with any error nothing is written and every error is returned.

    Raises ApplicationError when the file cannot be read or lacks a required column.
    """
    with _collector_paused():
        return _roster_import(actor, file)


def _roster_import(actor, file) -> dict[str, Any]:
    roster = RosterFile(file)
    checker = RowChecker(actor)
    writer = RosterWriter(actor)
    checker.exclusive = writer.statements.exclusive
    size = BATCH_ROWS if writer.postgres else min(BATCH_ROWS, connection.features.max_query_params - 99)
    errors: list[RowError] = []
    try:
        for batch in _batches(roster, size):
            checker.load_regions(values[REGION] for _number, values in batch)
            clean = []
            for number, values in batch:
                row, row_errors = checker.check(number, values)
                if row_errors:
                    errors.extend(row_errors)
                elif not errors:
                    clean.append(row)
            if clean and not errors:
                errors.extend(writer.write(clean))
        writer.finish()
    except BaseException as exc:
        cause = writer.abandon()
        if cause is not None and cause is not exc:
            raise cause from exc  # the database's own error, not the aborted transaction it left
        raise
    if errors:
        transaction.set_rollback(True)
        errors.sort(key=lambda e: e.row)
        return {"created": 0, "updated": 0, "errors": errors}
    return {"created": writer.created, "updated": writer.updated, "errors": []}


# Export
# ------------------------------------------------------------------------------


EXPORT_HEADERS = [*HEADERS[:13], "代表层级", *HEADERS[13:], "状态"]


def export_rows(queryset) -> list[list[Any]]:
    """Roster rows with identifiers masked; the queryset is exactly what the user filtered."""
    rows = []
    for d in queryset:
        p = d.person
        rows.append(
            [
                p.name,
                p.get_gender_display(),
                p.ethnicity,
                p.birth_date.isoformat() if p.birth_date else "",
                mask_id_number(p.id_number),
                p.get_political_affiliation_display(),
                p.get_education_display(),
                p.occupation,
                p.work_unit,
                mask_mobile(p.mobile),
                p.email,
                p.address,
                "、".join(t.name for t in p.expertise_tags.all()),
                d.get_level_display(),
                d.congress.name,
                d.region.code,
                d.electoral_unit,
                d.delegation,
                d.get_sector_class_display(),
                d.elected_on.isoformat() if d.elected_on else "",
                d.get_status_display(),
            ]
        )
    return rows
