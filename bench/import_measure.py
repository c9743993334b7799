"""Benchmark measure 5: the roster import from .xlsx against a raw COPY of the same rows.

Target: import rows/s ÷ COPY rows/s ≥ 0.2, and 100,000 rows in under 10 s.

On its own, against DATABASE_URL (PostgreSQL, migrated: the regions come with the migrations):

    createdb -h 127.0.0.1 -U postgres bench_imp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imp .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imp .venv/bin/python -m bench.import_measure --rows 100000

From bench/run.py, with Django set up and the connection on the bench database:

    from bench.import_measure import measure_roster_import
    report.update(measure_roster_import(rows=100_000))

What it does:
1. Writes a roster of ``rows`` valid deputies (every column filled, as an office would) with
   openpyxl's write-only mode: a congress per county of the loaded province, term 99 so that
   it meets no real congress, rows spread over the counties, ID numbers of those counties.
2. Imports it with the real import (``deputies.roster.roster_import``, what the job runs) as
   province staff, in a child process that reports the time (file opened to commit) and its
   peak memory, like the rollup measure.
3. Reads back every row the import wrote (people, mandates, tag links, change-audit events),
   deletes them, and loads exactly those rows again with ``bench.copy.copy_rows`` in one
   transaction: that is the COPY baseline, timed the same way (first COPY to commit).
4. Deletes the copied rows, the congresses, the new tags and the bench user, and vacuums: the
   database is left as found (only the id sequences have moved on).

Returns {"import_rows", "import_seconds", "import_rows_per_s", "copy_seconds", "copy_rows_per_s",
"ratio_import_vs_copy", "import_peak_mb"}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.memory import peak_mb

ROOT = Path(__file__).resolve().parent.parent
TERM = 99  # no real congress has it
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国红梅志文斌宇浩然晨曦"
TAGS = ["数字经济", "科技创新", "乡村振兴", "生态环境", "教育", "医疗卫生", "基层治理", "共同富裕"]
OCCUPATIONS = ["工程师", "教师", "医生", "农民", "企业管理人员", "社区工作者", "公务员", "律师"]


def _database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _setup():
    """The bench user (province staff) and one congress per county of the loaded province."""
    from accounts.choices import Role
    from accounts.models import User
    from deputies.models import Congress
    from regions.models import Region

    province = Region.objects.filter(level="province").order_by("code").first()
    if province is None:
        raise RuntimeError("No regions: migrate the database first.")
    counties = list(Region.objects.filter(level="county", code__startswith=province.code[:2]).order_by("code"))
    user, _ = User.objects.get_or_create(
        username="bench-import", defaults={"role": Role.PROVINCE_STAFF, "region": province, "is_staff": True}
    )
    congresses = []
    for county in counties:
        congress, _ = Congress.objects.get_or_create(
            region=county,
            level="county",
            term_number=TERM,
            defaults={"name": f"{county.name}（{county.code}）第{TERM}届人民代表大会"},
        )
        congresses.append((county, congress))
    return user, congresses


def write_roster(path: Path, rows: int, congresses) -> None:
    """``rows`` valid roster rows in the import's format, written with openpyxl's write-only mode."""
    from openpyxl import Workbook

    from deputies.roster import HEADERS
    from deputies.validators import id_check_char

    parties = ["中共党员", "群众", "无党派人士", "民盟盟员", "九三学社社员", "中共预备党员"]
    educations = ["大学本科", "硕士研究生", "大学专科", "博士研究生", "中专或高中"]
    sectors = ["工人", "农民", "专业技术人员", "党政机关干部", "企业负责人", "其他"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("代表名册")
    sheet.append(HEADERS)
    base = dt.date(1941, 1, 1)
    for i in range(rows):
        county, congress = congresses[i % len(congresses)]
        k = i // len(congresses)  # the row's number within its county: unique birth day and sequence
        male = i % 3 != 0
        birth = base + dt.timedelta(days=k // 500)
        first17 = f"{county.code}{birth:%Y%m%d}{(k % 500) * 2 + (1 if male else 0):03d}"
        tags = "、".join(TAGS[(i + j) % len(TAGS)] for j in range(i % 3 + 1))
        sheet.append(
            [
                SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[(i // 11) % len(GIVEN)],
                "男" if male else "女",
                "汉族" if i % 20 else "畲族",
                birth.isoformat(),
                first17 + id_check_char(first17),
                parties[i % len(parties)],
                educations[i % len(educations)],
                OCCUPATIONS[i % len(OCCUPATIONS)],
                f"{county.name}第{i % 97 + 1}工作单位 主任",
                f"199{i:08d}",
                f"deputy{i}@example.cn",
                f"{county.name}人民路{i % 500 + 1}号",
                tags,
                congress.name,
                county.code,
                f"{county.name}第{i % 40 + 1}选区",
                "" if i % 4 else f"{county.name}代表团",
                sectors[i % len(sectors)],
                "2021-12-20",
            ]
        )
    workbook.save(path)


def _child(path: Path, user_id: int) -> dict:
    """Run the import in a child process; it reports seconds (file opened to commit) and peak memory."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "false"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    out = subprocess.run(
        [sys.executable, "-m", "bench.import_measure", "--child", str(path), "--user", str(user_id)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"import child failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child_main(path: str, user_id: int) -> None:
    import django

    django.setup()
    from accounts.models import User
    from deputies.roster import roster_import

    actor = User.objects.get(pk=user_id)
    started = time.perf_counter()
    with open(path, "rb") as handle:
        result = roster_import(actor=actor, file=handle)
    seconds = time.perf_counter() - started
    if result["errors"]:
        raise SystemExit(f"import refused the file: {[str(e) for e in result['errors'][:5]]}")
    print(json.dumps({"seconds": seconds, "created": result["created"], "peak_mb": peak_mb()}))


def _written(congress_ids: list[int]) -> dict[str, list[dict]]:
    """Every row the import wrote, column by column, in id order."""
    from django.db import connection

    from core.models import AuditEvent
    from deputies.models import Deputy, Person

    def rows(sql: str, params) -> list[dict]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    deputies = rows(f"SELECT * FROM {Deputy._meta.db_table} WHERE congress_id = ANY(%s) ORDER BY id", [congress_ids])
    person_ids = sorted({d["person_id"] for d in deputies})
    links = Person.expertise_tags.through._meta.db_table
    return {
        "people": rows(f"SELECT * FROM {Person._meta.db_table} WHERE id = ANY(%s) ORDER BY id", [person_ids]),
        "deputies": deputies,
        "links": rows(f"SELECT * FROM {links} WHERE person_id = ANY(%s) ORDER BY id", [person_ids]),
        "audit": rows(
            f"SELECT * FROM {AuditEvent._meta.db_table} WHERE target_type = 'deputies.Deputy' "
            "AND target_id = ANY(%s) ORDER BY id",
            [[str(d["id"]) for d in deputies]],
        ),
    }


def _delete(congress_ids: list[int]) -> None:
    """Remove the bench mandates, their people, tag links and audit events (raw SQL: no signals)."""
    from django.db import connection, transaction

    from core.models import AuditEvent
    from deputies.models import Deputy, Person

    links = Person.expertise_tags.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id, person_id FROM {Deputy._meta.db_table} WHERE congress_id = ANY(%s)", [congress_ids])
        found = cursor.fetchall()
        deputy_ids = [str(d) for d, _p in found]
        person_ids = sorted({p for _d, p in found})
        cursor.execute(
            f"DELETE FROM {AuditEvent._meta.db_table} WHERE target_type = 'deputies.Deputy' AND target_id = ANY(%s)",
            [deputy_ids],
        )
        cursor.execute(f"DELETE FROM {Deputy._meta.db_table} WHERE congress_id = ANY(%s)", [congress_ids])
        # People who hold no other mandate (the bench's own ID numbers).
        cursor.execute(f"DELETE FROM {links} WHERE person_id = ANY(%s)", [person_ids])
        cursor.execute(
            f"DELETE FROM {Person._meta.db_table} p WHERE p.id = ANY(%s) "
            f"AND NOT EXISTS (SELECT 1 FROM {Deputy._meta.db_table} d WHERE d.person_id = p.id)",
            [person_ids],
        )


def _copy_baseline(written: dict[str, list[dict]]) -> float:
    """COPY the same rows into the same tables in one transaction; seconds from first COPY to commit."""
    from django.db import transaction

    from bench.copy import copy_rows, ids_after, max_id
    from core.models import AuditEvent
    from deputies.models import Deputy, Person

    through = Person.expertise_tags.through

    def without_id(rows):
        return ({k: v for k, v in r.items() if k != "id"} for r in rows)

    person_table, deputy_table = Person._meta.db_table, Deputy._meta.db_table
    started = time.perf_counter()
    with transaction.atomic():
        before = max_id(person_table)
        copy_rows(Person, without_id(written["people"]))
        person_map = dict(zip((p["id"] for p in written["people"]), ids_after(person_table, before), strict=True))
        before = max_id(deputy_table)
        copy_rows(Deputy, ({**d, "person_id": person_map[d["person_id"]]} for d in without_id(written["deputies"])))
        deputy_map = dict(zip((d["id"] for d in written["deputies"]), ids_after(deputy_table, before), strict=True))
        copy_rows(through, ({**r, "person_id": person_map[r["person_id"]]} for r in without_id(written["links"])))
        copy_rows(
            AuditEvent,
            ({**e, "target_id": str(deputy_map[int(e["target_id"])])} for e in without_id(written["audit"])),
        )
    return time.perf_counter() - started


def _vacuum() -> None:
    """Reclaim the deleted rows, so that the measures run after this one meet the tables as they were."""
    from django.db import connection

    from core.models import AuditEvent
    from deputies.models import Deputy, Person

    tables = [Person._meta.db_table, Deputy._meta.db_table, Person.expertise_tags.through._meta.db_table]
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run inside a transaction
        cursor.execute(f"VACUUM (ANALYZE) {', '.join([*tables, AuditEvent._meta.db_table])}")


def measure_roster_import(rows: int = 100_000) -> dict:
    """Import ``rows`` roster rows from .xlsx and COPY the same rows; see the module docstring."""
    from django.db import connection

    from deputies.models import Congress, ExpertiseTag

    user, congresses = _setup()
    congress_ids = [c.pk for _county, c in congresses]
    _delete(congress_ids)  # what an interrupted run may have left
    tags_before = set(ExpertiseTag.objects.values_list("pk", flat=True))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        started = time.perf_counter()
        write_roster(path, rows, congresses)
        print(f"[import] roster of {rows} rows written in {time.perf_counter() - started:.1f} s", flush=True)
        connection.close()  # the child gets the database to itself
        child = _child(path, user.pk)
    if child["created"] != rows:
        raise RuntimeError(f"import created {child['created']} mandates of {rows}")
    print(f"[import] {rows} rows imported in {child['seconds']:.2f} s", flush=True)
    written = _written(congress_ids)
    _delete(congress_ids)
    copy_seconds = _copy_baseline(written)
    print(f"[import] the same rows copied in {copy_seconds:.2f} s", flush=True)
    del written
    _delete(congress_ids)
    Congress.objects.filter(pk__in=congress_ids).delete()
    ExpertiseTag.objects.exclude(pk__in=tags_before).filter(people__isnull=True).delete()
    user.delete()
    _vacuum()
    import_rate = rows / child["seconds"]
    copy_rate = rows / copy_seconds
    return {
        "import_rows": rows,
        "import_seconds": round(child["seconds"], 2),
        "import_rows_per_s": round(import_rate),
        "copy_seconds": round(copy_seconds, 2),
        "copy_rows_per_s": round(copy_rate),
        "ratio_import_vs_copy": round(import_rate / copy_rate, 3),
        "import_peak_mb": round(child["peak_mb"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--user", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "false")
    if args.child:
        _child_main(args.child, args.user)
        return
    import django

    django.setup()
    print(json.dumps(measure_roster_import(args.rows), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
