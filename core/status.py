"""Read-only checks for the staff status page: database, broker, workers, last rollup."""

from django.conf import settings
from django.db import connections

from config.celery import app


def database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def broker_state() -> dict:
    """Broker and workers; in-process mode when no broker is configured."""
    if not settings.CELERY_BROKER_URL:
        return {"mode": "in-process", "broker": True, "workers": []}
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        broker = True
    except Exception:
        return {"mode": "broker", "broker": False, "workers": []}
    try:
        replies = app.control.ping(timeout=1.0) or []
    except Exception:
        replies = []
    return {"mode": "broker", "broker": broker, "workers": sorted(name for reply in replies for name in reply)}
