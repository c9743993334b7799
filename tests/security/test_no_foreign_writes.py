"""Try to create records in, or move records to, a region outside the writer's jurisdiction.

The companion of ``test_no_leaks``: that walk attacks records the caller must
not see; this one attacks the writes the caller *may* make. Every API endpoint
of the router that accepts POST, PUT or PATCH, every admin add and change form
of a region-scoped model and every page form found in the URL patterns is
submitted by the staff of a city and of a county, by a deputy and by a
handling-unit clerk, with a valid-looking payload (serialised from a record the
caller may see, or the form's own initial data) whose region-like fields
(regions, and records of region-bound models: stations, deputies, groups,
campaigns, sessions, congresses ...) point into another city, one at a time
and all together. Fields that name a user the form or serializer does not
offer (author, created_by ...) are added to every payload, pointing to a user
of that other city.

The workflow step pages (``core.views.TransitionView``, whose forms are in
their ``actions`` table rather than a ``form_class``) are walked from that
table: each step is taken on a record of the writer's own the step applies to,
its regional fields pointed abroad as on other pages; and each step page is
read and posted (its form's valid-looking data, and the foreign variants) on a
record the writer cannot see, which must be refused (403/404) and change
nothing at all in the database.

Each attempt runs in a savepoint that is rolled back afterwards, and passes if:

* no row of any region-scoped model was created in, moved to or from, or saved
  in a region outside the caller's jurisdiction (per model, the count, id sum
  and last ``updated_at`` of those rows are the same before and after: one
  query); for staff that is everything outside their region, for a deputy or a
  clerk (whose records also sit at their congress's or unit's level) the other
  city,
* the record a detail write addressed was not moved out of the jurisdiction,
  and no accepted write names a region of the other city,
* rows the request created carry the caller, or nobody, in every user field the
  endpoint does not offer, and a deputy's own rows belong to that deputy.

Server errors and records of the other city accepted as mere references (a
congress, a user) are not foreign writes: they are reported as warnings.

Nothing here names an app, a model or a view: endpoints, forms and fields are
discovered, so new ones are covered as they are added.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import ManyToManyRawIdWidget, RelatedFieldWidgetWrapper
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction
from django.forms.models import BaseModelForm
from django.forms.widgets import ChoiceWidget
from django.urls import get_resolver, reverse
from django.utils import timezone
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.choices import Role
from config.api_router import router
from core.models import RegionScopedModel
from core.rights import can
from core.views import add_submission_key
from regions.models import Region
from tests.factories import UserFactory
from tests.security.routes import StepPage, step_pages, view_model, walk

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOME_CITY, HOME_COUNTY = "330100", "330106"  # the writers' city (杭州) and county (西湖区)
FOREIGN_CITY = "330200"  # the city every payload points into (宁波)
FOREIGN = FOREIGN_CITY[:4]
TEXT = "Probe of foreign writes"
MISSING = object()

SCOPED = [m for m in apps.get_models() if issubclass(m, RegionScopedModel)]
# Every table, for steps that must change nothing (sessions: the test client's own login).
ALL_TABLES = [
    m
    for m in apps.get_models(include_auto_created=True)
    if m._meta.managed and not m._meta.proxy and m._meta.app_label not in ("sessions",)
]
USER_MODEL = settings.AUTH_USER_MODEL


# The writers
# ------------------------------------------------------------------------------


@dataclass
class Writer:
    label: str
    user: object
    prefix: str  # the writer's own region codes start with this
    # Staff may write nowhere outside their prefix. A deputy's or a clerk's records also sit at the levels
    # of their congresses and units (a provincial deputy's motions are the province's), so for them
    # "foreign" is the other city that every payload points into.
    staff: bool = True

    def is_foreign(self, code: str) -> bool:
        return not code.startswith(self.prefix) if self.staff else code.startswith(FOREIGN)


def writers() -> list[Writer]:
    city = UserFactory(role=Role.CITY_STAFF, region=Region.objects.get(code=HOME_CITY))
    county = UserFactory(role=Role.COUNTY_STAFF, region=Region.objects.get(code=HOME_COUNTY))
    found = [Writer("city staff", city, city.region.scope_prefix), Writer("county staff", county, HOME_COUNTY)]
    home = HOME_CITY[:4]
    owner_models = [m for m in SCOPED if m.owner_lookup]
    for user in type(city).objects.filter(role=Role.DEPUTY, is_active=True).order_by("pk"):
        # A deputy of the demo elected in the home city, with nothing of their own in the other one.
        codes = set()
        for model in owner_models:
            codes.update(
                model.objects.filter(**{model.owner_lookup: user}).values_list(
                    f"{model.region_lookup}__code", flat=True
                )
            )
        if any(c.startswith(home) for c in codes) and not any(c.startswith(FOREIGN) for c in codes):
            found.append(Writer("deputy", user, home, staff=False))
            break
    clerk = type(city).objects.filter(role=Role.UNIT_STAFF, is_active=True).order_by("pk").first()
    if clerk is not None:
        found.append(Writer("unit clerk", clerk, home, staff=False))
    return found


# What counts as a foreign write
# ------------------------------------------------------------------------------


def region_of(obj) -> Region | None:
    """The record's region (a record that is not region-scoped: the region it names, if any)."""
    target = obj
    lookup = getattr(type(obj), "region_lookup", None) or region_field(type(obj))
    if lookup is None:
        return None
    for part in lookup.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def foreign_signature(writer: Writer) -> list[tuple]:
    """Per region-scoped model, of the rows foreign to ``writer``: how many, the sum of their ids, the last save.

    One query. A row created abroad, moved abroad or in from abroad, or saved while abroad changes it.
    """
    parts, params = [], []
    quote = connection.ops.quote_name
    for i, model in enumerate(SCOPED):
        lookup = f"{model.region_lookup}__code__startswith"
        rows = model._default_manager.all()
        rows = rows.exclude(**{lookup: writer.prefix}) if writer.staff else rows.filter(**{lookup: FOREIGN})
        rows = rows.order_by().annotate(fw_id=models.F("pk"), fw_at=models.F("updated_at")).values("fw_id", "fw_at")
        sql, p = rows.query.sql_with_params()
        alias = f"fw{i}"
        parts.append(
            f"SELECT {i}, COUNT(*), COALESCE(SUM({alias}.{quote('fw_id')}), 0), "
            f"CAST(MAX({alias}.{quote('fw_at')}) AS TEXT)"
            f" FROM ({sql}) {alias}"
        )
        params.extend(p)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return sorted(cursor.fetchall())


def database_signature() -> list[tuple]:
    """Of every table of the portal: its row count, highest integer id and last ``updated_at``. One query."""
    parts = []
    quote = connection.ops.quote_name
    for i, model in enumerate(ALL_TABLES):
        pk = model._meta.pk
        top = f"MAX({quote(pk.column)})" if isinstance(pk, models.AutoField | models.BigAutoField) else "NULL"
        columns = {f.name: f.column for f in model._meta.concrete_fields}
        # As text: a UNION's columns must share one type on PostgreSQL, and some tables have no updated_at.
        saved = f"CAST(MAX({quote(columns['updated_at'])}) AS TEXT)" if "updated_at" in columns else "NULL"
        parts.append(f"SELECT {i}, COUNT(*), {top}, {saved} FROM {quote(model._meta.db_table)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return sorted(cursor.fetchall())


def changed_tables(before, after) -> list[str]:
    return [ALL_TABLES[a[0]]._meta.label for a, b in zip(before, after, strict=True) if a != b]


def user_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.many_to_one and f.related_model._meta.label == apps.get_model(USER_MODEL)._meta.label
    ]


def region_field(model) -> str | None:
    """The path to a region on a model that is not region-scoped but names one (e.g. a congress)."""
    for f in model._meta.concrete_fields:
        if f.many_to_one and f.related_model is Region:
            return f.name
    return None


def is_regional(model) -> bool:
    """Region-like related records: regions, region-scoped records, records naming a region, users."""
    if model is None:
        return False
    return (
        model is Region
        or issubclass(model, RegionScopedModel)
        or region_field(model) is not None
        or model._meta.label == apps.get_model(USER_MODEL)._meta.label
    )


class Foreign:
    """Records and regions of the other city, chosen once per related model."""

    def __init__(self, sentinel):
        self.sentinel = sentinel
        self.cache = {}

    def record(self, model, like=None):
        if model._meta.label == self.sentinel._meta.label:
            return self.sentinel
        if model is Region:
            level = like.level if isinstance(like, Region) else "city"
            key = (Region, level)
            if key not in self.cache:
                self.cache[key] = Region.objects.filter(code__startswith=FOREIGN, level=level).order_by(
                    "code"
                ).first() or Region.objects.get(code=FOREIGN_CITY)
            return self.cache[key]
        if model not in self.cache:
            if issubclass(model, RegionScopedModel):
                lookup = f"{model.region_lookup}__code__startswith"
            elif region_field(model):
                lookup = f"{region_field(model)}__code__startswith"
            else:
                lookup = None
            rows = model._default_manager.order_by("pk")
            self.cache[model] = rows.filter(**{lookup: FOREIGN}).first() if lookup else None
        return self.cache[model]


def prefer_home(queryset, prefix):
    """A record of ``queryset`` inside ``prefix`` where there is one, else any."""
    model = queryset.model
    lookup = None
    if model is Region:
        lookup = "code__startswith"
    elif issubclass(model, RegionScopedModel):
        lookup = f"{model.region_lookup}__code__startswith"
    elif region_field(model):
        lookup = f"{region_field(model)}__code__startswith"
    ordered = queryset.order_by("pk") if not queryset.ordered else queryset
    if lookup:
        found = ordered.filter(**{lookup: prefix}).first()
        if found is not None:
            return found
    return ordered.first()


def id_number(area: str = "330106") -> str:
    """A well-formed resident ID number (GB 11643 check character)."""
    body = f"{area}19800101{123:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def text_for(name: str, min_length=None, max_length=None) -> str:
    if "phone" in name or "mobile" in name:
        return "13800000000"
    if "id_number" in name:
        return id_number()
    if "url" in name:
        return "https://example.com/"
    if "email" in name:
        return "probe@example.com"
    value = TEXT
    if min_length and len(value) < min_length:
        value = (value + " ") * (min_length // len(value) + 1)
    return value[:max_length] if max_length else value


# The walk's bookkeeping
# ------------------------------------------------------------------------------


class _Undo(Exception):
    pass


@dataclass
class Walk:
    foreign: Foreign
    attempts: Counter = field(default_factory=Counter)
    accepted: Counter = field(default_factory=Counter)
    endpoints: set = field(default_factory=set)
    failures: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    references: list = field(default_factory=list)
    signatures: dict = field(default_factory=dict)

    def attempt(
        self,
        kind,
        endpoint,
        writer,
        variant,
        send,
        *,
        model=None,
        target=None,
        offered=(),
        probes,
        accepted,
        refused=None,
    ):
        """Run ``send`` in a savepoint, check the invariants, roll back.

        ``refused``: the statuses the request must get (a step on a record the writer cannot see);
        such a request must also change nothing at all in the database.
        """
        owner = writer.user
        # Every attempt is rolled back, so the rows abroad are the same before each one: taken once per writer.
        if writer.label not in self.signatures:
            self.signatures[writer.label] = foreign_signature(writer)
        before = self.signatures[writer.label]
        try:
            with transaction.atomic():
                last = (model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0) if model else 0
                everything = database_signature() if refused else None
                response = send()
                status = response.status_code
                self.attempts[kind] += 1
                self.attempts[writer.label] += 1
                self.endpoints.add((kind, endpoint))
                if accepted(status):
                    self.accepted[f"{kind} {variant.split(':')[0]}"] += 1
                problems = []
                if status >= 500:  # not a foreign write, but worth knowing: reported, not failed
                    self.errors.append((kind, endpoint, writer.label, variant, status))
                if refused and status not in refused:
                    problems.append(f"answered {status} on a record the writer cannot see")
                if refused:
                    try:
                        changed = changed_tables(everything, database_signature())
                    except DatabaseError as exc:
                        changed = [f"database left broken: {exc}"]
                    if changed:
                        problems.append(f"a refused step changed {changed}")
                try:
                    after = foreign_signature(writer)
                except DatabaseError as exc:  # the request left the transaction broken
                    problems.append(f"database left broken: {exc}")
                    after = before
                moved = [SCOPED[a[0]]._meta.label for a, b in zip(before, after, strict=True) if a != b]
                if moved:
                    problems.append(f"rows written outside the jurisdiction: {moved}")
                if target is not None and not problems:
                    fresh = type(target)._default_manager.filter(pk=target.pk).first()
                    region, was = (region_of(fresh) if fresh is not None else None), region_of(target)
                    if region is not None and writer.is_foreign(region.code) and region != was:
                        problems.append(f"record moved to {region.code}")
                if model is not None and not problems:
                    problems += self.check_created(model, last, owner, offered)
                if model is not None and probes and accepted(status) and not problems:
                    problems += self.check_references(model, last, target, probes, (kind, endpoint, writer.label))
                for problem in problems:
                    self.failures.append((kind, endpoint, writer.label, variant, status, problem))
                raise _Undo
        except _Undo:
            pass

    def check_references(self, model, last, target, probes, where) -> list[str]:
        """Did a foreign record the payload named end up on the rows written? Regions fail; others are noted."""
        ids = list(model._default_manager.filter(pk__gt=last).values_list("pk", flat=True))
        if isinstance(target, model):
            ids.append(target.pk)
        problems = []
        for name, record in probes.items():
            try:
                f = model._meta.get_field(name)
            except Exception:  # a payload field that is not one of the model's
                continue
            if not (f.many_to_one or f.many_to_many) or not f.concrete:
                continue
            if model._default_manager.filter(pk__in=ids, **{name: record.pk}).exists():
                if record._meta.label == Region._meta.label:
                    problems.append(f"{name} now names the foreign region {record.code}")
                else:
                    self.references.append((*where, f"{name} = {record._meta.label} {record.pk} ({record})"))
        return problems

    @staticmethod
    def check_created(model, last, owner, offered) -> list[str]:
        problems = []
        created = model._default_manager.filter(pk__gt=last)
        if not created.exists():
            return problems
        for name in user_fields(model):
            if name in offered:
                continue
            wrong = created.exclude(**{name: owner}).exclude(**{f"{name}__isnull": True})
            if wrong.exists():
                problems.append(f"{name} of a new row is not the writer: {list(wrong.values_list(name, flat=True))}")
        owned = issubclass(model, RegionScopedModel) and model.owner_lookup and owner.role == Role.DEPUTY
        if owned and created.exclude(**{model.owner_lookup: owner}).exists():
            problems.append(f"a new row ({model.owner_lookup}) belongs to someone else")
        return problems


def variants(base: dict, relations: dict, foreign_of, whole_foreign: dict | None):
    """The baseline, each relation pointed abroad on its own, all at once, and a copy of a foreign record.

    Yields (name, payload, {field: the foreign record it names}).
    """
    yield "baseline", base, {}
    swapped, records = {}, {}
    for name, (related, home) in relations.items():
        picked = foreign_of(name, related, home)
        if picked is MISSING:
            continue
        swapped[name], records[name] = picked
        yield f"foreign:{name}", {**base, name: swapped[name]}, {name: records[name]}
    if len(swapped) > 1:
        yield "foreign:all", {**base, **swapped}, records
    if whole_foreign:
        yield "foreign:copy", whole_foreign, {}


# Forms (pages and admin)
# ------------------------------------------------------------------------------


def unwrap(widget):
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def first_choice(f):
    for key, label in f.choices:
        if isinstance(label, list | tuple):  # an option group
            for sub, _label in label:
                if sub not in ("", None):
                    return sub
        elif key not in ("", None):
            return getattr(key, "value", key)
    return None


def guess_form_value(name, f, prefix):
    if isinstance(f, forms.ModelMultipleChoiceField):
        found = prefer_home(f.queryset, prefix)
        return [found] if found is not None else []
    if isinstance(f, forms.ModelChoiceField):
        return prefer_home(f.queryset, prefix)
    if isinstance(f, forms.MultipleChoiceField):
        return [first_choice(f)]
    if isinstance(f, forms.ChoiceField):
        return first_choice(f)
    if isinstance(f, forms.SplitDateTimeField | forms.DateTimeField):
        return timezone.localtime()
    if isinstance(f, forms.DateField):
        return timezone.localdate()
    if isinstance(f, forms.TimeField):
        return dt.time(9, 0)
    if isinstance(f, forms.IntegerField):  # also decimals and floats
        if "year" in name:
            return timezone.localdate().year
        low = f.min_value if f.min_value is not None else 1
        return max(low, 1) if f.max_value is None or f.max_value >= 1 else f.max_value
    if isinstance(f, forms.BooleanField):
        return True
    if isinstance(f, forms.JSONField):
        return "{}"
    if isinstance(f, forms.FileField):
        return None
    if isinstance(f, forms.CharField):
        return text_for(name, f.min_length, f.max_length)
    return "1"


def encode(widget, name: str, value, data: dict) -> None:
    """The POST data a browser would send for ``value`` in ``widget``."""
    widget = unwrap(widget)
    if isinstance(widget, forms.FileInput):
        return
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
            encode(sub, name + suffix, part, data)
        return
    if isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value) and value not in ("False", "false", "0"):
            data[name] = "on"
        return
    if isinstance(widget, forms.NullBooleanSelect):
        data[name] = widget.format_value(value)
        return
    if getattr(widget, "allow_multiple_selected", False):
        values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        data[name] = [str(v) for v in values]
        return
    if isinstance(value, list | tuple) and not isinstance(widget, ManyToManyRawIdWidget):
        value = value[0] if value else None
    if isinstance(widget, ManyToManyRawIdWidget) and not isinstance(value, list | tuple):
        value = [] if value in (None, "") else [value]
    if value is None:
        data[name] = ""
    elif isinstance(widget, ChoiceWidget):
        data[name] = str(value)
    else:
        shown = widget.format_value(value)
        data[name] = "" if shown is None else str(shown)


def offered_choices(f, value):
    """Of the related ids in ``value``, those the form offers (a copied record may name others)."""
    key = f.to_field_name or "pk"
    if isinstance(f, forms.ModelMultipleChoiceField):
        wanted = [v for v in (value or []) if v not in (None, "")]
        return [v for v in wanted if f.queryset.filter(**{key: v}).exists()]
    if value in (None, "") or not f.queryset.filter(**{key: value}).exists():
        return None
    return value


def renamed(name: str, value, max_length=None):
    """A copied name or title made new, so that a unique name does not refuse the copy."""
    if not isinstance(value, str) or not value or not ("name" in name or "title" in name):
        return value
    value = f"{value} {TEXT}"
    return value[-max_length:] if max_length else value


def model_values(form, obj) -> dict:
    """Python values of ``obj`` for the fields of ``form`` (a record serialised through a form)."""
    values = {}
    for name in form.fields:
        try:
            f = obj._meta.get_field(name)
        except Exception:  # a form field that is not a model field
            continue
        if f.many_to_many:
            values[name] = list(getattr(obj, name).all()) if obj.pk else []
        elif f.concrete:
            values[name] = getattr(obj, name)
    return values


class FormPayload:
    """One form's fields: a valid-looking payload, and the fields that point at regional records."""

    def __init__(self, form, writer, sentinel, *, values=None, foreign_values=None, model=None, creating=False):
        self.form = form
        self.sentinel = sentinel  # a user of the other city, put in every user field the form does not offer
        self.model = model
        self.values = {}
        self.relations = {}
        fk_names = fk_map(model)
        for bf in form:
            f = bf.field
            value = values[bf.name] if values and bf.name in values else bf.value()
            value = f.prepare_value(value) if not isinstance(value, str) else value
            if isinstance(f, forms.ModelChoiceField):
                value = offered_choices(f, value)
            if value in (None, "", [], ()) and f.required:
                value = f.prepare_value(guess_form_value(bf.name, f, writer.prefix))
            elif creating and values and bf.name in values:
                value = renamed(bf.name, value, f.max_length if isinstance(f, forms.CharField) else None)
            self.values[bf.name] = value
            related = f.queryset.model if isinstance(f, forms.ModelChoiceField) else fk_names.get(bf.name)
            if is_regional(related) and not isinstance(unwrap(f.widget), forms.FileInput):
                self.relations[bf.name] = (related, (f, value))
        self.foreign_values = foreign_values

    def offered(self):
        return set(self.form.fields)

    def data(self, values: dict, extra: dict | None = None) -> dict:
        data = dict(extra or {})
        for bf in self.form:
            encode(bf.field.widget, bf.html_name, values.get(bf.name), data)
        data.pop("submission_key", None)
        if self.model is not None:
            for name in user_fields(self.model):
                if name not in self.form.fields:
                    data[name] = str(self.sentinel.pk)
        return data

    def whole_foreign(self):
        if not self.foreign_values:
            return None
        values = dict(self.values)
        for name, value in self.foreign_values.items():
            if name in self.form.fields:
                values[name] = self.form.fields[name].prepare_value(value)
        return values


def fk_map(model) -> dict:
    """Field name -> related model for the foreign keys of ``model`` (for plain fields that carry ids)."""
    if model is None:
        return {}
    return {
        f.name: f.related_model
        for f in model._meta.get_fields()
        if (f.many_to_one or f.many_to_many) and f.concrete and f.related_model is not None
    }


def form_foreign_of(foreign: Foreign):
    def pick(name, related, home):
        f, home = home
        many = isinstance(f, forms.ModelMultipleChoiceField | forms.MultipleChoiceField)
        like = None
        if related is Region:
            pk = home[0] if isinstance(home, list | tuple) and home else home
            like = Region.objects.filter(pk=pk).first() if str(pk or "").isdigit() else None
            if like is None and isinstance(pk, str):
                like = Region.objects.filter(code=pk).first()
        record = foreign.record(related, like)
        if record is None:
            return MISSING
        value = record.code if related is Region and isinstance(home, str) and len(home) >= 6 else record.pk
        return ([value] if many else value), record

    return pick


# URL patterns
# ------------------------------------------------------------------------------


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def page_forms():
    """Page routes whose view renders a form, with the models their one integer parameter may name."""
    routes = list(walk(get_resolver().url_patterns))
    for route, pattern in routes:
        cls = getattr(pattern.callback, "view_class", None)
        if route.startswith(("admin/", "api/")) or cls is None or getattr(cls, "form_class", None) is None:
            continue
        params = PARAM.findall(route)
        if any(kind != "int" for kind, _name in params) or len(params) > 1:
            continue
        candidates = []
        if params:
            head = route[: route.index(">") + 1]
            own = view_model(pattern)
            if own is not None:
                candidates.append(own)
            for other_route, other in routes:  # the detail page at the same address names the record
                if PARAM.sub("<>", other_route) == PARAM.sub("<>", head) + "/" and view_model(other) is not None:
                    candidates.append(view_model(other))
            app = apps.get_containing_app_config(cls.__module__)
            candidates += [m for m in SCOPED if app is not None and m._meta.app_label == app.label]
            candidates = [m for i, m in enumerate(candidates) if m not in candidates[:i]]
        yield route, cls, candidates


def visible_record(model, writer):
    """A record the writer may see, in their own region where there is one."""
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        return None
    rows = manager.visible_to(writer.user).order_by("pk")
    if issubclass(model, RegionScopedModel):
        found = rows.filter(**{f"{model.region_lookup}__code__startswith": writer.prefix}).first()
        if found is not None:
            return found
    return rows.first()


def foreign_record(model):
    if not issubclass(model, RegionScopedModel):
        return None
    return model._default_manager.filter(**{f"{model.region_lookup}__code__startswith": FOREIGN}).order_by("pk").first()


def walk_pages(client, walk_state: Walk, writer: Writer, sentinel) -> None:
    client.force_login(writer.user)
    for route, _cls, candidates in page_forms():
        url, target, response = None, None, None
        if not candidates and PARAM.search(route):
            continue
        for model in candidates or [None]:
            record = visible_record(model, writer) if model is not None else None
            if model is not None and record is None:
                continue
            url = "/" + PARAM.sub(str(record.pk), route) if record is not None else "/" + route
            response = client.get(url)
            if response.status_code == 200 and response.context and "form" in response.context:
                target = record
                break
            response = None
        if response is None:
            continue
        form = response.context["form"]
        model = form._meta.model if isinstance(form, BaseModelForm) else None
        editing = isinstance(form, BaseModelForm) and form.instance.pk is not None
        values = foreign_values = None
        if model is not None and not editing:
            template = visible_record(model, writer)
            values = model_values(form, template) if template is not None else None
            abroad = foreign_record(model)
            foreign_values = model_values(form, abroad) if abroad is not None else None
        payload = FormPayload(
            form, writer, sentinel, values=values, foreign_values=foreign_values, model=model, creating=not editing
        )
        if not payload.relations and model is None:
            continue  # nothing regional to point elsewhere
        endpoint = f"page {route}"
        for variant, values_, probes in variants(
            payload.values, payload.relations, form_foreign_of(walk_state.foreign), payload.whole_foreign()
        ):
            walk_state.attempt(
                "page",
                endpoint,
                writer,
                variant,
                lambda u=url, v=values_, p=payload: client.post(u, p.data(v)),
                probes=probes,
                model=model,
                target=target,
                offered=payload.offered(),
                accepted=lambda status: status == 302,
            )


# Workflow step pages (core.views.TransitionView: the forms are in the view's ``actions`` table)
# ------------------------------------------------------------------------------

REFUSED = {403, 404}
SCAN = 200  # records looked at, per step, for one the step applies to


def step_name(sp: StepPage) -> str:
    return sp.page.action or sp.slug.replace("-", "_")


def step_target(sp: StepPage, writer: Writer):
    """A record the writer may take the step on now (so its page shows the form), in their region if any."""
    rows = sp.target_queryset(writer.user).order_by("pk")
    name = step_name(sp)
    return next((obj for obj in rows[:SCAN] if can(writer.user, name, obj)), None)


def unseen_target(sp: StepPage, writer: Writer, sentinel):
    """A record the writer cannot see, preferably of the other city and one its staff could take the step on."""
    model = sp.view_class.model
    rows = sp.unseen(writer.user).order_by("pk")
    if issubclass(model, RegionScopedModel):
        abroad = rows.filter(**{f"{model.region_lookup}__code__startswith": FOREIGN})
        rows = abroad if abroad.exists() else rows
    candidates = list(rows[:SCAN])
    name = step_name(sp)
    return next((obj for obj in candidates if can(sentinel, name, obj)), candidates[0] if candidates else None)


def step_form(sp: StepPage, user, target):
    """The step's form as its page would render it for ``user`` on ``target`` (None if it cannot be built)."""
    try:
        form = sp.page.form_class(user=user, target=target)
    except Exception:  # a form that needs what only a visible record has: the writer's own form is used
        return None
    add_submission_key(form)
    return form


def walk_steps(client, walk_state: Walk, writer: Writer, sentinel, pages: list[StepPage]) -> None:
    """Every step page: taken on the writer's own record, pointed abroad; posted to a record they cannot see."""
    client.force_login(writer.user)
    foreign_of = form_foreign_of(walk_state.foreign)
    for sp in pages:
        own_payload = None
        # The writer's own record: the page's form, each regional field pointed abroad (as other pages).
        record = step_target(sp, writer)
        if record is not None:
            url = sp.url(record.pk)
            response = client.get(url)
            if response.status_code >= 500:
                walk_state.errors.append(("step", f"GET {sp.route}", writer.label, "baseline", response.status_code))
            elif response.status_code == 200 and response.context and "form" in response.context:
                form = response.context["form"]
                model = form._meta.model if isinstance(form, BaseModelForm) else None
                own_payload = FormPayload(form, writer, sentinel, model=model)
                for variant, values, probes in variants(own_payload.values, own_payload.relations, foreign_of, None):
                    walk_state.attempt(
                        "page",
                        f"step {sp.route}",
                        writer,
                        variant,
                        lambda u=url, v=values, p=own_payload: client.post(u, p.data(v)),
                        probes=probes,
                        model=model,
                        target=record,
                        offered=own_payload.offered(),
                        accepted=lambda status: status == 302,
                    )
        # A record the writer cannot see: read or posted, refused (403/404), and nothing changes.
        unseen = unseen_target(sp, writer, sentinel)
        if unseen is None:
            continue
        url = sp.url(unseen.pk)
        form = step_form(sp, writer.user, unseen) or step_form(sp, sentinel, unseen)
        payload = FormPayload(form, writer, sentinel) if form is not None else own_payload
        attempts = [("read", lambda u=url: client.get(u), {})]
        if payload is not None:
            attempts += [
                (f"unseen {variant}", lambda u=url, v=values, p=payload: client.post(u, p.data(v)), probes)
                for variant, values, probes in variants(payload.values, payload.relations, foreign_of, None)
            ]
        else:
            attempts.append(("unseen empty", lambda u=url: client.post(u, {}), {}))
        for variant, send, probes in attempts:
            walk_state.attempt(
                "step",
                f"step {sp.route}",
                writer,
                variant,
                send,
                probes=probes,
                target=unseen,
                accepted=lambda status: status < 400,
                refused=REFUSED,
            )


# Admin
# ------------------------------------------------------------------------------


def admin_payload(response, writer, sentinel, *, values=None, foreign_values=None, keep_inlines: bool):
    form = response.context["adminform"].form
    payload = FormPayload(
        form,
        writer,
        sentinel,
        values=values,
        foreign_values=foreign_values,
        model=form._meta.model,
        creating=not keep_inlines,
    )
    extra = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        kept = list(formset.initial_forms) if keep_inlines else []
        prefix = formset.prefix
        extra.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(kept)),
                f"{prefix}-INITIAL_FORMS": str(len(kept)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for sub in kept:
            for bf in sub:
                encode(bf.field.widget, bf.html_name, bf.value(), extra)
    return payload, extra


def walk_admin(client, walk_state: Walk, writer: Writer, sentinel) -> None:
    client.force_login(writer.user)
    for model in admin.site._registry:
        if not issubclass(model, RegionScopedModel):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        foreign_of = form_foreign_of(walk_state.foreign)
        accepted = lambda status: status == 302  # noqa: E731
        # Adding: a copy of a visible record, pointed abroad.
        add_url = reverse("admin:{}_{}_add".format(*info))
        response = client.get(add_url)
        if response.status_code == 200 and "adminform" in response.context:
            form = response.context["adminform"].form
            template = visible_record(model, writer)
            abroad = foreign_record(model)
            payload, extra = admin_payload(
                response,
                writer,
                sentinel,
                values=model_values(form, template) if template is not None else None,
                foreign_values=model_values(form, abroad) if abroad is not None else None,
                keep_inlines=False,
            )
            for variant, values, probes in variants(
                payload.values, payload.relations, foreign_of, payload.whole_foreign()
            ):
                walk_state.attempt(
                    "admin",
                    f"admin add {model._meta.label}",
                    writer,
                    variant,
                    lambda v=values, p=payload, e=extra, u=add_url: client.post(u, p.data(v, e)),
                    probes=probes,
                    model=model,
                    offered=payload.offered(),
                    accepted=accepted,
                )
        # Moving: a visible record's change form, pointed abroad.
        record = visible_record(model, writer)
        if record is None:
            continue
        change_url = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
        response = client.get(change_url)
        if response.status_code != 200 or "adminform" not in response.context:
            continue
        if not response.context["adminform"].form.fields:
            continue  # read-only
        payload, extra = admin_payload(response, writer, sentinel, keep_inlines=True)
        for variant, values, probes in variants(payload.values, payload.relations, foreign_of, None):
            walk_state.attempt(
                "admin",
                f"admin change {model._meta.label}",
                writer,
                variant,
                lambda v=values, p=payload, e=extra, u=change_url: client.post(u, p.data(v, e)),
                probes=probes,
                target=record,
                model=model,
                offered=payload.offered(),
                accepted=accepted,
            )


# API
# ------------------------------------------------------------------------------


def api_endpoints() -> list:
    """(path, method, callback) of every write the router's viewsets accept, custom actions included."""
    registered = {viewset for _prefix, viewset, _basename in router.registry}
    return [
        (path, method, callback)
        for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints()
        if getattr(callback, "cls", None) in registered and method in ("POST", "PUT", "PATCH")
    ]


def request_serializer(generator, path, method, callback, writer):
    """The view as the writer would reach it, and the serializer its request body goes through."""
    view = generator.create_view(callback, method)
    request = Request(APIRequestFactory().generic(method, path))
    request.user = writer.user
    view.request = request
    try:
        serializer = view.schema.get_request_serializer()
    except Exception:  # a view the schema cannot describe has nothing to fill in
        return view, None
    if isinstance(serializer, type):
        serializer = serializer(context=view.get_serializer_context())
    if serializer is not None and not hasattr(serializer, "fields"):
        serializer = None
    return view, serializer


def related_model_of(f):
    if isinstance(f, serializers.ManyRelatedField):
        f = f.child_relation
    if isinstance(f, serializers.RelatedField):
        queryset = f.queryset
        if queryset is None:
            try:
                queryset = f.get_queryset()
            except Exception:
                return None
        return queryset.model if queryset is not None else None
    return None


def represent(f, obj):
    if isinstance(f, serializers.ManyRelatedField):
        return [f.child_relation.to_representation(obj)]
    if isinstance(f, serializers.RelatedField):
        return f.to_representation(obj)
    return obj.pk


def api_value(f, obj):
    if obj is None:
        return MISSING
    try:
        attribute = f.get_attribute(obj)
        if attribute is None:
            return None
        return f.to_representation(attribute)
    except Exception:  # a field the record does not have
        return MISSING


def allowed_related(f, writer):
    """The related records a relation field accepts from ``writer`` (regions: those of the writer's jurisdiction)."""
    child = f.child_relation if isinstance(f, serializers.ManyRelatedField) else f
    try:
        allowed = child.get_queryset()
    except Exception:  # a field that cannot list its choices
        return None
    if allowed is None:
        return None
    if hasattr(allowed, "visible_to"):
        allowed = allowed.visible_to(writer.user)
    elif allowed.model is Region and writer.staff:
        allowed = allowed.filter(code__startswith=writer.prefix)
    return allowed


def offered_related(f, value, writer):
    """Of the related ids in ``value``, those the field accepts from ``writer``."""
    allowed = allowed_related(f, writer)
    if allowed is None:
        return value
    child = f.child_relation if isinstance(f, serializers.ManyRelatedField) else f
    key = child.slug_field if isinstance(child, serializers.SlugRelatedField) else "pk"
    many = isinstance(f, serializers.ManyRelatedField)
    kept = [v for v in (value if many else [value]) if v not in (None, "") and allowed.filter(**{key: v}).exists()]
    return kept if many else (kept[0] if kept else None)


def guess_api_value(name, f, writer):
    if isinstance(f, serializers.ManyRelatedField | serializers.RelatedField):
        allowed = allowed_related(f, writer)
        found = prefer_home(allowed, writer.prefix) if allowed is not None else None
        return represent(f, found) if found is not None else MISSING
    if isinstance(f, serializers.MultipleChoiceField):
        return [next(iter(f.choices))] if f.choices else []
    if isinstance(f, serializers.ChoiceField):
        return next(iter(f.choices)) if f.choices else ""
    if isinstance(f, serializers.DateTimeField):
        return timezone.now().isoformat()
    if isinstance(f, serializers.DateField):
        return timezone.localdate().isoformat()
    if isinstance(f, serializers.IntegerField):
        if "year" in name:
            return timezone.localdate().year
        return max(f.min_value or 1, 1)
    if isinstance(f, serializers.DecimalField | serializers.FloatField):
        return "1"
    if isinstance(f, serializers.BooleanField):
        return False
    if isinstance(f, serializers.DictField | serializers.JSONField):
        return {}
    if isinstance(f, serializers.ListField):
        return []
    if isinstance(f, serializers.EmailField):
        return "probe@example.com"
    if isinstance(f, serializers.URLField):
        return "https://example.com/"
    if isinstance(f, serializers.CharField):
        return text_for(name, f.min_length, f.max_length)
    return MISSING


def api_payload(serializer, obj, writer, *, own=True, creating=False):
    """Values of ``obj`` through ``serializer``; ``own``: keep only related records the writer may name."""
    values, relations = {}, {}
    fields = {n: f for n, f in serializer.fields.items() if not f.read_only}
    fk_names = fk_map(getattr(getattr(serializer, "Meta", None), "model", None))
    for name, f in fields.items():
        value = api_value(f, obj)
        if own and value is not MISSING and isinstance(f, serializers.ManyRelatedField | serializers.RelatedField):
            value = offered_related(f, value, writer)
        blank = value == "" and isinstance(f, serializers.CharField) and not f.allow_blank
        if value is MISSING or blank or (value in (None, "", []) and f.required):
            value = guess_api_value(name, f, writer)
        elif creating and isinstance(f, serializers.CharField):
            value = renamed(name, value, f.max_length)
        if value is MISSING:
            continue
        values[name] = value
        related = related_model_of(f) or fk_names.get(name)
        if is_regional(related):
            relations[name] = (related, (f, value))
    return values, relations


def api_foreign_of(foreign: Foreign):
    def pick(name, related, home):
        f, value = home
        like = None
        if related is Region:  # keep the level of the region the payload named (a station sits in a township ...)
            first = value[0] if isinstance(value, list) and value else value
            lookup = {"code": first} if isinstance(first, str) else {"pk": first}
            like = Region.objects.filter(**lookup).first() if first not in (None, "", []) else None
        record = foreign.record(related, like)
        if record is None:
            return MISSING
        if isinstance(f, serializers.RelatedField | serializers.ManyRelatedField):
            return represent(f, record), record
        return record.pk, record

    return pick


def listed_ids(api_client, list_path: str) -> list[int]:
    response = api_client.get(list_path, {"page_size": 100})
    if response.status_code != 200:
        return []
    body = response.json()
    rows = body.get("results", body) if isinstance(body, dict) else body
    return [row["id"] for row in rows if isinstance(row, dict) and "id" in row]


def pick_listed(model, ids, writer):
    if not ids:
        return None
    rows = model._default_manager.filter(pk__in=ids)
    if issubclass(model, RegionScopedModel):
        within = rows.filter(**{f"{model.region_lookup}__code__startswith": writer.prefix})
        rows = within if within.exists() else rows
    return rows.order_by("pk").first()


def walk_api(api_client, walk_state: Walk, writer: Writer, sentinel, endpoints) -> None:
    api_client.force_authenticate(writer.user)
    listings = {}
    generator = SchemaGenerator()  # one per walk: the views' schemas refer back to it weakly
    for path, method, callback in endpoints:
        view, serializer = request_serializer(generator, path, method, callback, writer)
        if serializer is None:
            continue
        queryset = getattr(view, "queryset", None)
        model = queryset.model if queryset is not None else None
        list_path = path.split("{", 1)[0]
        if list_path not in listings:
            listings[list_path] = listed_ids(api_client, list_path)
        detail = "{" in path
        record = pick_listed(model, listings[list_path], writer) if model is not None else None
        if detail and record is None:
            continue
        url = re.sub(r"\{\w+\}", str(record.pk), path) if detail else path
        creating = not detail and view.action == "create"
        template = record if (creating or method in ("PUT", "PATCH")) else None
        values, relations = api_payload(serializer, template, writer, creating=creating)
        if not relations and not creating:
            continue  # a step with nothing regional in it
        serializer_model = getattr(getattr(serializer, "Meta", None), "model", None) or model
        offered = {n for n, f in serializer.fields.items() if not f.read_only}
        injected = {}
        if creating or method in ("PUT", "PATCH"):
            injected = {n: sentinel.pk for n in user_fields(serializer_model) if n not in offered}
        whole_foreign = None
        if creating and serializer_model is not None:
            abroad = foreign_record(serializer_model)
            if abroad is not None:
                whole_foreign, _relations = api_payload(serializer, abroad, writer, own=False, creating=True)
        send = getattr(api_client, method.lower())
        for variant, payload, probes in variants(values, relations, api_foreign_of(walk_state.foreign), whole_foreign):
            walk_state.attempt(
                "api",
                f"{method} {path}",
                writer,
                variant,
                lambda p=payload, u=url, s=send, i=injected: s(u, {**p, **i}, format="json"),
                probes=probes,
                model=serializer_model if creating or method in ("PUT", "PATCH") else None,
                target=record if detail else None,
                offered=offered,
                accepted=lambda status: 200 <= status < 300,
            )


# The test
# ------------------------------------------------------------------------------


def test_nobody_writes_outside_their_jurisdiction(client, api_client):
    call_command("seed_demo", "--quiet-logins")
    client.raise_request_exception = False
    api_client.raise_request_exception = False
    sentinel = UserFactory(role=Role.CITY_STAFF, region=Region.objects.get(code=FOREIGN_CITY))
    state = Walk(Foreign(sentinel))
    endpoints = api_endpoints()
    roles = writers()
    assert {w.label for w in roles} == {"city staff", "county staff", "deputy", "unit clerk"}, roles
    steps = step_pages()
    for writer in roles:
        walk_api(api_client, state, writer, sentinel, endpoints)
        walk_pages(client, state, writer, sentinel)
        walk_steps(client, state, writer, sentinel, steps)
        if writer.user.is_staff:
            walk_admin(client, state, writer, sentinel)
    for writer in roles:  # nothing between the attempts (the pages' GETs ...) wrote abroad either
        if writer.label in state.signatures and foreign_signature(writer) != state.signatures[writer.label]:
            state.failures.append(("walk", "reads between attempts", writer.label, "", 0, "rows abroad changed"))
    summary = f"attempts {dict(state.attempts)}, accepted {dict(state.accepted)}, endpoints {len(state.endpoints)}"
    print(summary)
    for reference in sorted(set(state.references)):
        warnings.warn(f"a record of another city was accepted as a reference: {reference}", stacklevel=1)
    assert not state.failures, "\n".join(map(str, [summary, *state.failures[:40]]))
    # A refused write is a clear message, never a server error.
    assert not state.errors, "\n".join(map(str, state.errors[:40]))
    # The walk must reach the apps: many endpoints, attempts by every writer, and baselines valid
    # enough that the portal accepts them (so the foreign variants are refused for being foreign).
    kinds = Counter(kind for kind, _endpoint in state.endpoints)
    assert kinds["api"] >= 25 and kinds["page"] >= 25 and kinds["admin"] >= 20, (kinds, summary)
    assert state.attempts["api"] >= 200 and state.attempts["page"] >= 200 and state.attempts["admin"] >= 150, summary
    assert all(state.attempts[w.label] >= 30 for w in roles), summary
    assert state.accepted["api baseline"] >= 25 and state.accepted["page baseline"] >= 30, summary
    assert state.accepted["admin baseline"] >= 30, summary
    # Every step page of every TransitionView was posted to a record its writer cannot see (and refused).
    stepped = {endpoint for kind, endpoint in state.endpoints if kind == "step"}
    with_rows = {f"step {sp.route}" for sp in steps if sp.view_class.model._default_manager.exists()}
    assert with_rows and not with_rows - stepped, sorted(with_rows - stepped)
    assert not [key for key in state.accepted if key.startswith("step ")], summary
