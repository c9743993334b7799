"""Writing the security audit log (logins, denials, reveals, exports)."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class AuditSource:
    """Who made a change and from where: the actor-and-request columns of an audit event."""

    actor: Any  # an authenticated user, or None
    actor_username: str
    ip_address: str | None
    path: str


def audit_source(*, actor, request=None) -> AuditSource:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditSource(
        actor=user,
        actor_username=user.get_username() if user else "",
        ip_address=client_ip(request),
        path=request.path[:300] if request is not None else "",
    )


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
    source = audit_source(actor=actor, request=request)
    AuditEvent.objects.create(
        actor=source.actor,
        actor_username=source.actor_username,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        ip_address=source.ip_address,
        path=source.path,
        detail=detail or {},
    )


# Bulk writes: the rows audit_record would write, as text for core.bulk.CopyWriter
# ------------------------------------------------------------------------------

# The columns of the rows audit_rows gives, in order.
AUDIT_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "ip_address",
    "path",
    "detail",
)


def audit_rows(
    *,
    action: AuditAction,
    model: type[models.Model],
    targets: Iterable[tuple[Any, str, dict[str, Any]]],
    source: AuditSource,
    occurred_at: str,
    null: str | None = None,
) -> list[tuple]:
    """Audit events for many records of ``model``, one per (pk, repr, detail), as rows of text.

    Each row holds what ``audit_record`` stores for that target (the same
    target type, repr cut at 200, detail as JSON), in ``AUDIT_COLUMNS`` order,
    with ``null`` for NULL and the caller's ``occurred_at`` text (one instant
    for a whole batch, as the database would see it).
    """
    head = (
        occurred_at,
        str(source.actor.pk) if source.actor is not None else null,
        source.actor_username,
        str(action.value if isinstance(action, AuditAction) else action),
        model._meta.label,
    )
    tail = (source.ip_address or null, source.path)
    rows = []
    shared, shared_text = None, ""  # one detail object for many targets is serialised once
    for pk, text, detail in targets:
        if detail is not shared:
            shared, shared_text = detail, json.dumps(detail)
        rows.append((*head, str(pk), str(text)[:200], *tail, shared_text))
    return rows


def created_fields(model: type[models.Model]) -> list[str]:
    """The field names a create event lists (what record_saved writes for a new record)."""
    return sorted({f.name for f in model._meta.concrete_fields} - _TIMESTAMPS)


# Record changes
# ------------------------------------------------------------------------------
# Every create, update and delete of a regional record is logged with who, when,
# which fields and from which address. The request comes from core.request
# (CurrentRequestMiddleware); saves outside a request (tasks, commands) are
# logged without an actor.

__all__ = [
    "AUDIT_COLUMNS",
    "audit_record",
    "audit_rows",
    "audit_source",
    "client_ip",
    "created_fields",
    "current_request",
    "record_deleted",
    "record_saved",
    "request_context",
]
_TIMESTAMPS = frozenset({"created_at", "updated_at"})


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
    changed = [] if created else _changed_fields(instance)
    if not created and not changed:
        return
    fields = created_fields(type(instance)) if created else sorted(set(changed) - _TIMESTAMPS)
    request = current_request()
    audit_record(
        actor=getattr(request, "user", None),
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        request=request,
        target=instance,
        # Field names only: values may be personal identifiers.
        detail={"fields": fields},
    )
    instance._loaded_values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def record_deleted(sender, instance, **kwargs) -> None:
    request = current_request()
    audit_record(actor=getattr(request, "user", None), action=AuditAction.DELETE, request=request, target=instance)
