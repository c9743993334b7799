"""Registry of background job kinds; each app registers its handlers in ``<app>/jobs.py``.

A handler is ``handler(job: Job, report: Callable[[int], None]) -> JobOutcome``.
It reads its input from ``job.params`` / ``job.input_file`` and may call
``report(percent)`` as it goes (from outside its own transactions: a report
also counts as a heartbeat, and a heartbeat written inside a transaction is
not seen until it commits).

A handler is idempotent unless registered with ``idempotent=False``: a job
whose worker died is then run again once before it is marked failed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass
class JobOutcome:
    message: str = ""
    file_name: str = ""
    file_content: bytes = b""
    data: dict[str, Any] = field(default_factory=dict)
    failed: bool = False


JobHandler = Callable[..., JobOutcome]
_REGISTRY: dict[str, JobHandler] = {}
_NOT_IDEMPOTENT: set[str] = set()
_discovered = False


def register_job(kind: str, *, idempotent: bool = True) -> Callable[[JobHandler], JobHandler]:
    def decorator(handler: JobHandler) -> JobHandler:
        _REGISTRY[kind] = handler
        if idempotent:
            _NOT_IDEMPOTENT.discard(kind)
        else:
            _NOT_IDEMPOTENT.add(kind)
        return handler

    return decorator


def job_is_idempotent(kind: str) -> bool:
    """Whether running the job again after its worker died is safe (see the module docstring)."""
    job_handler(kind)
    return kind not in _NOT_IDEMPOTENT


def job_handler(kind: str) -> JobHandler:
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"No job handler registered for {kind!r}") from None


@register_job("core.selftest")
def _selftest(job, report) -> JobOutcome:
    """A no-op job the status page and the worker tests use to prove the queue works end to end."""
    import os

    report(100)
    return JobOutcome(message="ok", data={"echo": job.params.get("text", ""), "pid": os.getpid()})


@register_job("core.notification_email")
def _notification_email(job, report) -> JobOutcome:
    from .services import notification_email

    sent = notification_email(notification_ids=job.params["ids"])
    return JobOutcome(message=f"{sent} sent", data={"sent": sent})
