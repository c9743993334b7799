"""Running calls at the same moment in threads, for the races only a database with row locks shows."""

import threading
from collections.abc import Callable

from django.db import connections


def run_in_threads(functions: list[Callable[[], object]]) -> list[Exception]:
    """Start every function at once (a barrier), wait for all, and return the errors they raised."""

    barrier = threading.Barrier(len(functions))
    errors: list[Exception] = []

    def runner(fn):
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # collected and checked by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(fn,)) for fn in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
