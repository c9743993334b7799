"""Base classes for every app's REST API."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import ApplicationError


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
