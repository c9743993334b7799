"""Every change made through the admin site is in the audit log.

Generated over every registered model admin: each change form the admin can
show is saved as shown, and each row the admin may delete is deleted; every
save and every delete must leave an audit event naming the actor, the target
and the client address (the admin site's own log, django_admin_log, is not
what the audit admin reads).
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from accounts.choices import Role
from core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def form_data(form) -> dict:
    """The change form posted back exactly as it was shown."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [getattr(v, "pk", v) for v in value]
        else:
            data[bound.html_name] = getattr(value, "pk", value)
    return data


def inline_data(response) -> dict:
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        prefix = formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(formset.initial_forms)),
                f"{prefix}-INITIAL_FORMS": str(len(formset.initial_forms)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for sub in formset.initial_forms:
            data.update(form_data(sub))
    return data


def audited(model, pk, actor) -> bool:
    return AuditEvent.objects.filter(
        actor=actor, target_type=model._meta.label, target_id=str(pk), ip_address="127.0.0.1"
    ).exists()


def test_every_admin_save_and_delete_is_audited(client):
    call_command("seed_demo", "--quiet-logins")
    client.raise_request_exception = False
    root = UserFactory(role=Role.SYSTEM_ADMIN, region=None, is_superuser=True, username="root")
    client.force_login(root)
    spare = UserFactory(username="spare")  # an ordinary account nothing else refers to, so it can go
    saved, deleted, missing, failed = [], [], [], []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        rows = model_admin.get_queryset(_request(root)).order_by("pk")
        record = rows.filter(pk=spare.pk).first() if model is type(spare) else rows.first()
        if record is None:
            continue
        try:
            change_url = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
        except NoReverseMatch:
            continue
        response = client.get(change_url)
        if response.status_code >= 500:
            failed.append(f"GET {change_url}")
        if response.status_code == 200 and "adminform" in response.context:
            form = response.context["adminform"].form
            if form.fields and model_admin.has_change_permission(_request(root), record):
                posted = client.post(change_url, {**form_data(form), **inline_data(response)})
                if posted.status_code >= 500:
                    failed.append(f"POST {change_url}")
                if posted.status_code == 302:
                    saved.append(model._meta.label)
                    if not audited(model, record.pk, root):
                        missing.append(f"change {model._meta.label}")
        if not model_admin.has_delete_permission(_request(root), record):
            continue
        delete_url = reverse("admin:{}_{}_delete".format(*info), args=[record.pk])
        try:
            client.post(delete_url, {"post": "yes"})
        except ProtectedError:
            continue
        if not model.objects.filter(pk=record.pk).exists():
            deleted.append(model._meta.label)
            if not audited(model, record.pk, root):
                missing.append(f"delete {model._meta.label}")
    assert not failed, failed  # an admin page never answers 500
    assert not missing, missing
    assert "accounts.User" in saved and "accounts.User" in deleted, (saved, deleted)
    assert len(saved) >= 10 and len(deleted) >= 20, (saved, deleted)


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request
