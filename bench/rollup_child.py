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
    print(json.dumps({"seconds": elapsed, "status": run.status, "kind": run.kind, "peak_mb": _peak_mb()}))


def _peak_mb() -> float:
    # VmHWM belongs to this program's own address space; ru_maxrss would also
    # carry the high-water mark of the parent that forked it (the generator).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
