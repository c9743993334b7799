"""One statistics rollup in its own process, reporting time and peak memory as JSON."""

import json
import os
import resource
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from stats.services import stats_rebuild

    incremental = "--incremental" in sys.argv
    started = time.perf_counter()
    run = stats_rebuild(incremental=incremental)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "status": run.status, "kind": run.kind, "peak_mb": peak_kb / 1024}))


if __name__ == "__main__":
    main()
