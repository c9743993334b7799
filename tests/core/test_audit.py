"""core.audit.audit_rows: bulk audit rows hold what audit_record stores for the same change."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from core.audit import AUDIT_COLUMNS, audit_record, audit_rows, audit_source, created_fields
from core.bulk import CopyWriter
from core.choices import AuditAction
from core.models import AuditEvent
from deputies.models import Deputy
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db

COMPARED = ("actor", "actor_username", "action", "target_type", "target_id", "target_repr", "ip_address", "path")


def event_values(event: AuditEvent) -> tuple:
    return (*(getattr(event, f) for f in COMPARED), event.detail)


@pytest.mark.parametrize("with_request", [True, False], ids=["request", "no request"])
def test_a_bulk_audit_row_equals_the_event_audit_record_writes(county_user, with_request):
    deputy = DeputyFactory()
    request = None
    if with_request:
        request = RequestFactory().post("/deputies/import/", REMOTE_ADDR="10.1.2.3")
        request.user = county_user
    detail = {"fields": ["electoral_unit"]}
    AuditEvent.objects.all().delete()
    audit_record(
        actor=getattr(request, "user", None), action=AuditAction.UPDATE, request=request, target=deputy, detail=detail
    )
    single = AuditEvent.objects.get()
    writer = CopyWriter()
    now = timezone.now()
    occurred = now.isoformat() if writer.postgres else connection.ops.adapt_datetimefield_value(now)
    source = audit_source(actor=getattr(request, "user", None), request=request)
    rows = audit_rows(
        action=AuditAction.UPDATE,
        model=Deputy,
        targets=[(deputy.pk, str(deputy), detail)],
        source=source,
        occurred_at=occurred,
        null=writer.null,
    )
    writer.insert(AuditEvent._meta.db_table, AUDIT_COLUMNS, rows)
    writer.close()
    bulk = AuditEvent.objects.exclude(pk=single.pk).get()
    assert event_values(bulk) == event_values(single)


def test_a_create_lists_the_fields_record_saved_lists():
    deputy = DeputyFactory()
    saved = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(deputy.pk), target_type="deputies.Deputy")
    assert saved.detail == {"fields": created_fields(Deputy)}
