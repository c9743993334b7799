"""Writing the security audit log (logins, denials, reveals, exports)."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from .choices import AuditAction
from .request import current_request, request_context


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
    # Looked up, not imported: core.models imports scoping, which audits denials.
    AuditEvent = apps.get_model("core", "AuditEvent")
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


# Record changes
# ------------------------------------------------------------------------------
# Every create, update and delete of a regional record is logged with who, when,
# which fields and from which address. The request comes from core.request
# (CurrentRequestMiddleware); saves outside a request (tasks, commands) are
# logged without an actor.

__all__ = ["audit_record", "client_ip", "current_request", "record_deleted", "record_saved", "request_context"]


def _changed_fields(instance) -> list[str]:
    loaded = getattr(instance, "_loaded_values", None)
    if loaded is None:
        return []
    return [
        field.name
        for field in instance._meta.concrete_fields
        if field.attname in loaded and loaded[field.attname] != getattr(instance, field.attname)
    ]


def record_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    fields = [f.name for f in instance._meta.concrete_fields] if created else _changed_fields(instance)
    if not created and not fields:
        return
    request = current_request()
    audit_record(
        actor=getattr(request, "user", None),
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        request=request,
        target=instance,
        # Field names only: values may be personal identifiers.
        detail={"fields": sorted(set(fields) - {"created_at", "updated_at"})},
    )
    instance._loaded_values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def record_deleted(sender, instance, **kwargs) -> None:
    request = current_request()
    audit_record(actor=getattr(request, "user", None), action=AuditAction.DELETE, request=request, target=instance)
