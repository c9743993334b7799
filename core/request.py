"""The request being served, for code that has no request argument (audit, scoping).

A leaf module: it imports nothing of the portal, so the audit log, scoping and
the models can all use it without importing each other.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def current_request() -> HttpRequest | None:
    """The request being served in this context, or None (tasks, commands)."""
    return _current_request.get()


@contextmanager
def request_context(request: HttpRequest | None) -> Iterator[None]:
    """Attribute the work done inside the block to ``request``'s user and address."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)
