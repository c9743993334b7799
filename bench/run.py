"""`make bench`: province-scale figures measured side by side in one run on this machine.

    python -m bench.run [--scale 1.0] [--reuse]

Creates two PostgreSQL databases (the data at --scale and at 1% of it), loads
them with COPY, and reports the ratios the statistics issue sets as targets.
Results go to bench/results/latest.md (and a dated JSON file next to it).
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")


def _env(db_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": db_url, "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "config.settings.local"}


def _child(db_url: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.rollup_child", *args],
        env=_env(db_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _recreate(db_url: str) -> None:
    import psycopg2

    name = db_url.rsplit("/", 1)[1]
    admin = psycopg2.connect(db_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _use(db_url: str) -> None:
    from django.db import connections

    name = db_url.rsplit("/", 1)[1]
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name


def _checksum() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(concat_ws('|', metric, region_id, period_start, subgroup, value), ',' "
            "ORDER BY metric, region_id, period_start, subgroup)) FROM stats_regionstat"
        )
        return cursor.fetchone()[0] or ""


def _row_counts() -> dict:
    """What a reused database holds, for the report."""
    from django.db import connection

    tables = {
        "deputies": "deputies_deputy",
        "receptions": "liaison_stations_reception",
        "reception_deputies": "liaison_stations_reception_deputies",
        "opinions": "liaison_stations_opinionitem",
        "opinion_steps": "liaison_stations_opiniontransition",
        "proposals": "proposals_proposal",
        "posts": "publicity_post",
    }
    with connection.cursor() as cursor:
        counts = {}
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[label] = cursor.fetchone()[0]
    return counts


def _rollup_baseline() -> float:
    """The same figures by one hand-written GROUP BY ROLLUP per metric over the same rows.

    Each record region's own cells, its county's, its city's and the
    province's, as the rollup stores them; written to an index-free temporary
    table, since a rollup that keeps nothing has not done its job.
    """
    from django.db import connection, transaction

    from stats.metrics import all_metrics
    from stats.services import _leaf_queryset

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_baseline (city text, county text, region_id bigint, "
            "period_start date, subgroup text, value bigint) ON COMMIT DROP"
        )
        for metric in all_metrics().values():
            sql, params = _leaf_queryset(metric, None).query.sql_with_params()
            cursor.execute(
                "INSERT INTO bench_baseline SELECT substr(r.code, 1, 4), substr(r.code, 1, 6), leaf.rid, "
                "leaf.p, leaf.s, SUM(leaf.v) "
                f"FROM ({sql}) AS leaf(rid, p, s, v) JOIN regions_region r ON r.id = leaf.rid "
                "GROUP BY leaf.p, leaf.s, ROLLUP(substr(r.code, 1, 4), substr(r.code, 1, 6), leaf.rid)",
                params,
            )
    return time.perf_counter() - started


def _median_ms(client, url: str, n: int = 40) -> float:
    client.get(url)  # warm
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def _rps(client, url: str, seconds: float = 5.0) -> float:
    client.get(url)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        assert client.get(url).status_code == 200
        count += 1
    return count / (time.perf_counter() - started)


def _staff(code: str):
    from accounts.choices import Role
    from accounts.models import User
    from regions.models import Region

    region = Region.objects.get(code=code)
    role = {"province": Role.PROVINCE_STAFF, "city": Role.CITY_STAFF, "county": Role.COUNTY_STAFF}[region.level]
    user, _ = User.objects.get_or_create(username=f"bench-{code}", defaults={"role": role, "region": region})
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="keep the databases of the last run")
    args = parser.parse_args()
    os.environ.update(_env(BASE_URL))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.generate import add_one_day, generate
    from config.api_router import router
    from liaison_stations.models import Reception

    small_url, full_url = f"{BASE_URL}_small", BASE_URL
    report: dict = {"date": datetime.now().isoformat(timespec="seconds"), "scale": args.scale}
    report["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    for label, url, scale in (("small", small_url, args.scale * 0.01), ("full", full_url, args.scale)):
        if not args.reuse:
            _recreate(url)
        _use(url)
        if not args.reuse:
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            report[f"{label}_rows"] = generate(scale, log=lambda m, label=label: print(f"[{label}] {m}", flush=True))
            report[f"{label}_load_seconds"] = round(time.perf_counter() - started, 1)
        else:
            report[f"{label}_rows"] = _row_counts()
        print(f"[{label}] full rollup", flush=True)
        with connection.cursor() as cursor:  # from an empty summary table, as on first deployment
            cursor.execute("TRUNCATE stats_regionstat, stats_statrun, stats_statdirtymonth")
        report[f"{label}_rollup"] = _child(url)
        connection.close()

    # The dashboard at both sizes, in alternating rounds, so that whatever else
    # the machine is doing weighs on both alike.
    samples: dict[str, list[float]] = {"small": [], "full": []}
    for _ in range(5):
        for label, url in (("small", small_url), ("full", full_url)):
            _use(url)
            client = Client()
            client.force_login(_staff("330000"))
            samples[label].append(_median_ms(client, "/stats/?period=term", n=10))
    latency = {label: statistics.median(values) for label, values in samples.items()}

    # Full scale: the rest of the measures.
    _use(full_url)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        report["machine"]["postgresql"] = cursor.fetchone()[0]
    full = report["full_rollup"]
    baseline = _rollup_baseline()
    report["rollup_seconds"] = round(full["seconds"], 2)
    report["baseline_seconds"] = round(baseline, 2)
    report["ratio_rollup_vs_group_by_rollup"] = round(full["seconds"] / baseline, 2)
    report["rollup_peak_mb"] = round(full["peak_mb"], 1)
    clean = _checksum()

    add_one_day(scale=args.scale)
    incremental = _child(full_url, "--incremental")
    report["incremental_seconds"] = round(incremental["seconds"], 2)
    report["ratio_incremental_vs_full"] = round(incremental["seconds"] / full["seconds"], 3)
    after_day = _checksum()

    report["dashboard_median_ms_small"] = round(latency["small"], 1)
    report["dashboard_median_ms_full"] = round(latency["full"], 1)
    report["ratio_dashboard_full_vs_small"] = round(latency["full"] / latency["small"], 2)

    prefix = next(
        p
        for p, vs, _ in router.registry
        if getattr(vs, "queryset", None) is not None and vs.queryset.model is Reception
    )
    county = _staff("330106")
    client = Client()
    client.force_login(county)
    # A county office's receptions of the current year, newest first: scoped
    # (35,000 rows of the county among 3,000,000), filtered, 50 to a page.
    year_start = Reception.objects.aggregate(latest=Max("date"))["latest"].replace(month=1, day=1)
    api_url = f"/api/{prefix}/?page_size=50&ordering=-date&date_from={year_start:%Y-%m-%d}"
    report["api_url"] = api_url
    report["api_rps"] = round(_rps(client, api_url), 1)
    report["trivial_rps"] = round(_rps(client, "/health/live/"), 1)
    report["ratio_api_vs_trivial"] = round(report["api_rps"] / report["trivial_rps"], 2)
    # The same list unfiltered: every page of the county's five years counted.
    report["api_rps_unfiltered"] = round(_rps(client, f"/api/{prefix}/?page_size=50&ordering=-date"), 1)
    report["ratio_api_unfiltered_vs_trivial"] = round(report["api_rps_unfiltered"] / report["trivial_rps"], 2)
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            client.get(api_url.replace("page_size=50", f"page_size={size}"))
        counts.append(len(ctx.captured_queries))
    report["api_queries_page_5_vs_50"] = counts

    # Measure 5: the roster import of 100,000 rows against COPY of the same rows.
    from bench.import_measure import measure_roster_import

    report.update(measure_roster_import(rows=100_000))

    # Two rollups at once: the second returns at once, the figures do not change.
    first = subprocess.Popen(
        [sys.executable, "-m", "bench.rollup_child"], env=_env(full_url), cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    time.sleep(1.0)
    second = _child(full_url)
    first_out = json.loads(first.communicate()[0].strip().splitlines()[-1])
    report["concurrent_second_status"] = second["status"]
    report["concurrent_second_seconds"] = round(second["seconds"], 2)
    report["concurrent_figures_identical"] = _checksum() == after_day and first_out["status"] == "done"

    # A rollup killed in the middle, then run again: the figures equal a clean rebuild.
    victim = subprocess.Popen(
        [sys.executable, "-m", "bench.rollup_child"], env=_env(full_url), cwd=ROOT, stdout=subprocess.PIPE
    )
    time.sleep(max(1.0, full["seconds"] * 0.4))
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    report["killed_midway_figures_kept"] = _checksum() == after_day
    _child(full_url)
    report["after_kill_equals_clean_rebuild"] = _checksum() == after_day
    report["clean_checksum_changed_by_new_day"] = clean != after_day

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"results-{datetime.now():%Y%m%d-%H%M}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1)
    )
    lines = [f"# Benchmark results ({report['date']}, scale {args.scale})", "", f"Machine: {report['machine']}", ""]
    lines += ["| measure | value | target |", "|---|---|---|"]
    targets = {
        "ratio_rollup_vs_group_by_rollup": "≤ 1.5",
        "ratio_incremental_vs_full": "≤ 0.05",
        "ratio_dashboard_full_vs_small": "≤ 1.2",
        "dashboard_median_ms_full": "< 50 ms",
        "ratio_api_vs_trivial": "≥ 0.3",
        "api_queries_page_5_vs_50": "equal",
        "rollup_peak_mb": "< 300",
        "ratio_import_vs_copy": "≥ 0.2",
        "import_seconds": "< 10",
        "concurrent_second_status": "skipped",
        "concurrent_figures_identical": "True",
        "killed_midway_figures_kept": "True",
        "after_kill_equals_clean_rebuild": "True",
    }
    for key, value in report.items():
        if key not in ("machine", "date", "scale"):
            lines.append(f"| {key} | {value} | {targets.get(key, '')} |")
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
