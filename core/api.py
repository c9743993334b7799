"""Base classes for every app's REST API."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import ApplicationError
from .rights import serialize_actions


class ScopedModelViewSet(viewsets.ModelViewSet):
    """A viewset whose rows are always those the caller may see.

    Subclasses set ``queryset`` (with its select_related), ``serializer_class``
    and ``filterset_class``; writes go through services in
    ``perform_create``/``perform_update``/``perform_destroy``.
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedReadOnlyModelViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


def transition_endpoint(
    name: str,
    run: Callable[..., Any],
    *,
    input_serializer: type[serializers.Serializer] | None = None,
    url_path: str | None = None,
    output: Callable[[Any, Any], Any] | None = None,
):
    """The one API pattern for a workflow step: ``POST /api/<records>/<pk>/<url_path>/``.

    The input serializer validates the body; ``run(actor=…, obj=…, **data)``
    calls the service (which asserts the rule); the record is answered with the
    viewset's serializer, or with ``output(viewset, result)``. Assign the
    result to a viewset attribute named ``name``::

        register = transition_endpoint("register", lambda actor, obj: proposal_register(actor=actor, proposal=obj))
    """

    def endpoint(self, request, pk=None):
        obj = self.get_object()
        data = {}
        if input_serializer is not None:
            incoming = input_serializer(data=request.data, context=self.get_serializer_context())
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
        result = run(actor=request.user, obj=obj, **data)
        if output is not None:
            return Response(output(self, result))
        return Response(self.get_serializer(result if result is not None else obj).data)

    endpoint.__name__ = name
    endpoint.__doc__ = f"Workflow step {name!r}."
    return action(
        detail=True,
        methods=["post"],
        url_path=url_path or name.replace("_", "-"),
        serializer_class=input_serializer,
    )(endpoint)


class AvailableActionsField(serializers.SerializerMethodField):
    """What the requesting user may do to the record now (``core.rights.available_actions``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Actions the requesting user may take on this record now.")
        super().__init__(**kwargs)

    def bind(self, field_name, parent):
        self.method_name = f"_available_actions_{field_name}"
        setattr(parent, self.method_name, lambda obj: serialize_actions(parent.context["request"].user, obj))
        super().bind(field_name, parent)


def exception_handler(exc, context):
    """Domain errors become 400s with their message; scope denials become 403s."""
    if isinstance(exc, ApplicationError):
        detail = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
