"""Writing the security audit log (logins, denials, reveals, exports)."""

from typing import Any

from django.conf import settings
from django.db import models

from .choices import AuditAction


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is believed only for the configured number of proxies.

    With TRUSTED_PROXY_COUNT = 1 (one reverse proxy in front), the last
    address in the header is the one that proxy saw; anything before it was
    written by the client and could be forged.
    """
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor,
    action: AuditAction,
    request=None,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    from .models import AuditEvent

    user = actor if getattr(actor, "is_authenticated", False) else None
    AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user else "",
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        ip_address=client_ip(request),
        path=request.path[:300] if request is not None else "",
        detail=detail or {},
    )
