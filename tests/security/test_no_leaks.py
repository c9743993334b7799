"""Walk every page, API endpoint and admin change form with ids of records outside the caller's scope.

Nothing here names an app or a model: new models, views, viewsets and admin
classes are covered as they are added. The demo data gives every model rows
in several cities; each record is attacked by users who must not see it.
"""

import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import get_resolver, reverse

from accounts.choices import Role
from config.api_router import router
from core.models import RegionScopedModel
from regions.models import Region
from tests.factories import UserFactory
from tests.security.routes import step_pages, view_model, walk

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DENIED = {302, 400, 403, 404, 405}


def detail_routes(model):
    """Page routes of ``model`` whose only parameter is an integer: the record's primary key."""
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/")) or view_model(pattern) is not model:
            continue
        params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        if len(params) == 1 and params[0][0] == "int":
            yield route


def outsiders(obj) -> list:
    """Users of each role who must not see ``obj``: staff of another city and county, a deputy, a unit clerk."""
    code = None
    target = obj
    for part in type(obj).region_lookup.split("__"):
        target = getattr(target, part, None)
        if target is None:
            break
    code = target.code if target is not None else "330106"
    far_city = "330200" if not code.startswith("3302") else "330100"
    far_county = "330212" if not code.startswith("3302") else "330106"
    return [
        UserFactory(role=Role.CITY_STAFF, region=Region.objects.get(code=far_city)),
        UserFactory(role=Role.COUNTY_STAFF, region=Region.objects.get(code=far_county)),
        UserFactory(role=Role.DEPUTY, region=None, is_staff=False),
        UserFactory(role=Role.UNIT_STAFF, region=None, is_staff=False),
    ]


def marker(obj) -> str | None:
    """A string that identifies the record on a page (its own text), if distinctive enough."""
    text = str(obj)
    return text if len(text) >= 4 else None


def test_nobody_reaches_records_outside_their_jurisdiction(client, api_client):
    call_command("seed_demo", "--quiet-logins")
    attempts, leaks = Counter(), []
    scoped = [m for m in apps.get_models() if issubclass(m, RegionScopedModel) and m._meta.app_label != "stats"]
    api_routes = {
        vs.queryset.model: prefix for prefix, vs, _ in router.registry if getattr(vs, "queryset", None) is not None
    }
    for model in scoped:
        obj = model.objects.order_by("?").first()
        if obj is None:
            continue
        for user in outsiders(obj):
            if model.objects.visible_to(user).filter(pk=obj.pk).exists():
                continue  # legitimately visible (e.g. a member of a cross-region team)
            client.force_login(user)
            api_client.force_authenticate(user)
            text = marker(obj)
            for route in detail_routes(model):
                url = "/" + re.sub(r"<(?:\w+:)?\w+>", str(obj.pk), route)
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    attempts["page"] += 1
                    body = response.content.decode(errors="ignore") if response.status_code == 200 else ""
                    if response.status_code not in DENIED or (text and text in body):
                        leaks.append((user.role, method, url, response.status_code))
            if model in api_routes:
                url = f"/api/{api_routes[model]}/{obj.pk}/"
                for method in ("get", "patch", "put", "delete"):
                    response = getattr(api_client, method)(url, {}, format="json")
                    attempts["api"] += 1
                    if response.status_code not in DENIED:
                        leaks.append((user.role, method, url, response.status_code))
                listing = api_client.get(f"/api/{api_routes[model]}/", {"page_size": 200})
                attempts["api"] += 1
                if listing.status_code == 200 and obj.pk in [r.get("id") for r in listing.json().get("results", [])]:
                    leaks.append((user.role, "list", f"/api/{api_routes[model]}/", obj.pk))
            if model in admin.site._registry and user.is_staff:
                info = (model._meta.app_label, model._meta.model_name)
                for name in ("change", "delete", "history"):
                    url = reverse(f"admin:{info[0]}_{info[1]}_{name}", args=[obj.pk])
                    response = client.get(url)
                    attempts["admin"] += 1
                    if response.status_code == 200:
                        leaks.append((user.role, "admin", url, 200))
        if obj.pk and model.objects.filter(pk=obj.pk).count() != 1:
            leaks.append(("any", "deleted", model._meta.label, obj.pk))
    # Workflow step pages (core.views.TransitionView, ``<pk>/<step>/``): every step of every such view,
    # read and posted on a record the caller cannot see, is refused (403/404), never a server error.
    step_readers = [
        UserFactory(role=Role.CITY_STAFF, region=Region.objects.get(code="330100")),
        UserFactory(role=Role.COUNTY_STAFF, region=Region.objects.get(code="330106")),
        UserFactory(role=Role.CITY_STAFF, region=Region.objects.get(code="330200")),
        UserFactory(role=Role.DEPUTY, region=None, is_staff=False),
        UserFactory(role=Role.UNIT_STAFF, region=None, is_staff=False),
    ]
    steps, stepped = step_pages(), set()
    for sp in steps:
        for user in step_readers:
            obj = sp.unseen(user).order_by("?").first()
            if obj is None:
                continue
            client.force_login(user)
            url = sp.url(obj.pk)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                attempts["step"] += 1
                stepped.add(sp.route)
                if response.status_code not in (403, 404):
                    leaks.append((user.role, method, url, response.status_code))
    assert not leaks, leaks[:20]
    unreached = [sp.route for sp in steps if sp.route not in stepped and sp.view_class.model._default_manager.exists()]
    assert steps and not unreached, unreached
    # The walk must actually cover the apps: pages, API and admin of many models.
    assert attempts["page"] > 50 and attempts["api"] > 100 and attempts["admin"] > 50, attempts
