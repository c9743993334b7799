"""Every choice the API accepts is checked at its door: an unknown value is a 400 naming the field, never a 500.

Generated from the router: each write operation's request serializer (as drf-spectacular documents it,
so an action's own ``serializer_class`` or ``extend_schema(request=...)`` counts) is walked for
choice fields, and each operation's query parameters for enums. A free-text field that carries a
model's choice (``to_status`` for ``status``) must be a ChoiceField, or the service meets the unknown
value first.
"""

import importlib
from dataclasses import dataclass
from functools import cache

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory
from rest_framework import serializers

from accounts.choices import Role
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db

INVALID = "__no_such_choice__"
WRITE_METHODS = {"POST", "PUT", "PATCH"}
# Input names that carry a model field's choice under another name.
CHOICE_PREFIXES = ("to_", "from_", "new_")


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    model: type | None  # the viewset's
    serializer: serializers.BaseSerializer | None  # the documented request body
    parameters: tuple[str, ...]  # query parameters documented with an enum


@cache
def _operations() -> list[Operation]:
    """Every operation the API documents, as drf-spectacular sees it."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import spectacular_settings

    documented = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    operations = []
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        serializer = view.schema.get_request_serializer() if method in WRITE_METHODS else None
        if isinstance(serializer, type):
            serializer = serializer()
        if not isinstance(serializer, serializers.BaseSerializer):
            serializer = None
        parameters = documented.get(path, {}).get(method.lower(), {}).get("parameters", [])
        enums = tuple(p["name"] for p in parameters if p.get("in") == "query" and (p.get("schema") or {}).get("enum"))
        queryset = getattr(view, "queryset", None)
        operations.append(Operation(path, method, queryset.model if queryset is not None else None, serializer, enums))
    return operations


def _operation(path: str, method: str) -> Operation:
    return next(o for o in _operations() if (o.path, o.method) == (path, method))


def _model(operation: Operation):
    meta = getattr(operation.serializer, "Meta", None)
    return getattr(meta, "model", None) or operation.model


def _writable(serializer):
    return {name: field for name, field in serializer.fields.items() if not field.read_only}


def _invalid_value(field):
    """A body value with an unknown choice inside, or None when the field holds no choice."""
    if isinstance(field, serializers.MultipleChoiceField):
        return [INVALID]
    if isinstance(field, serializers.ChoiceField):
        return INVALID
    if isinstance(field, serializers.ListField) and _invalid_value(field.child) is not None:
        return [_invalid_value(field.child)]
    if isinstance(field, serializers.DictField) and _invalid_value(field.child) is not None:
        return {"1": _invalid_value(field.child)}
    if isinstance(field, serializers.ListSerializer) and isinstance(field.child, serializers.Serializer):
        inner = {n: v for n, f in _writable(field.child).items() if (v := _invalid_value(f)) is not None}
        return [inner] if inner else None
    if isinstance(field, serializers.Serializer):
        inner = {n: v for n, f in _writable(field).items() if (v := _invalid_value(f)) is not None}
        return inner or None
    return None


def _choice_inputs() -> list[tuple[str, str, str]]:
    return [
        (o.path, o.method, name)
        for o in _operations()
        if o.serializer is not None
        for name, field in _writable(o.serializer).items()
        if _invalid_value(field) is not None
    ]


def _enum_parameters() -> list[tuple[str, str, str]]:
    return [(o.path, o.method, name) for o in _operations() for name in o.parameters]


# Objects for detail routes, from the test factories
# ------------------------------------------------------------------------------


@cache
def _factories() -> dict:
    by_model = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"tests.{config.label}.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DjangoModelFactory) and value._meta.model:
                by_model.setdefault(value._meta.model, value)
    return by_model


def _instance(model):
    """A row the detail route can find: an existing one, or one from the model's factory."""
    existing = model.objects.first()
    if existing is not None:
        return existing
    factory = _factories().get(model)
    return factory() if factory is not None else None


@pytest.fixture
def caller(api_client):
    user = UserFactory(role=Role.PROVINCE_STAFF, region=region("330000"), username="choices")
    api_client.force_authenticate(user)
    return api_client


# The walks
# ------------------------------------------------------------------------------


def test_no_free_text_field_carries_a_models_choice():
    offenders = []
    for operation in _operations():
        model = _model(operation)
        if operation.serializer is None or model is None:
            continue
        choice_fields = {f.name for f in model._meta.get_fields() if getattr(f, "choices", None)}
        for name, field in _writable(operation.serializer).items():
            if isinstance(field, serializers.ChoiceField) or not isinstance(field, serializers.CharField):
                continue
            bare = next((name.removeprefix(p) for p in CHOICE_PREFIXES if name.startswith(p)), name)
            if bare in choice_fields or field.source in choice_fields:
                offenders.append(f"{operation.method} {operation.path} {name}")
    assert not offenders, "free text where a choice is meant (use a ChoiceField): " + ", ".join(offenders)


def test_the_walk_finds_the_choice_inputs():
    assert ("/api/deputies/{id}/status/", "POST", "to_status") in _choice_inputs()
    assert ("/api/opinion-items/{id}/transition/", "POST", "action") in _choice_inputs()
    assert ("/api/stats/figures/", "GET", "period") in _enum_parameters()
    assert ("/api/deputies/", "GET", "status") in _enum_parameters()  # a FilterSet's choice filter


@pytest.mark.parametrize(("path", "method", "name"), _choice_inputs())
def test_an_unknown_choice_is_refused_with_a_400(caller, path, method, name):
    operation = _operation(path, method)
    instance = _instance(operation.model) if "{id}" in path else None
    # With no row to reach (a model without a factory), the 404 leaves the serializer check below.
    url = path.replace("{id}", str(instance.pk if instance is not None else 0))
    body = {name: _invalid_value(_writable(operation.serializer)[name])}
    response = getattr(caller, method.lower())(url, body, format="json")
    assert response.status_code != 500
    if response.status_code == 400:
        assert name in response.json(), response.json()
    else:
        # The caller may not run the action at all (a deputy's rating, a closed step, no row to reach):
        # the serializer the action validates with still refuses the value before any service sees it.
        assert response.status_code in (403, 404, 405), response.status_code
        serializer = type(operation.serializer)(data=body)
        assert not serializer.is_valid() and name in serializer.errors


@pytest.mark.parametrize(("path", "method", "name"), _enum_parameters())
def test_an_unknown_enum_parameter_is_refused_with_a_400(caller, path, method, name):
    assert "{id}" not in path, f"{path} documents filters a detail route does not apply"
    response = getattr(caller, method.lower())(path, {name: INVALID})
    assert response.status_code == 400, response.status_code
    assert name in response.json(), response.json()
