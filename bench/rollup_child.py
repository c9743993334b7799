"""One statistics rollup in its own process, reporting time and peak memory as JSON."""

import json
import os
import sys
import time

from bench.memory import peak_mb


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from stats.services import stats_rebuild

    incremental = "--incremental" in sys.argv
    started = time.perf_counter()
    run = stats_rebuild(incremental=incremental)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "status": run.status, "kind": run.kind, "peak_mb": peak_mb()}))


if __name__ == "__main__":
    main()
