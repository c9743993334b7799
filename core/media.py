"""Uploaded files are served by the portal, to readers in scope, never as a public directory.

Every model with a FileField or ImageField declares where its uploads go and who may read them:

    media_prefixes = {"file": "proposals/"}          # field name -> the start of its stored names

    @classmethod
    def can_read_media(cls, user, field_name: str, name: str) -> bool: ...

``/media/<name>`` finds the field by the prefix and asks the model; anything unknown or out of scope
is a 404, whether or not the file exists. A file is sent with ``X-Content-Type-Options: nosniff``
and, unless it is a raster image, ``Content-Disposition: attachment``: an uploaded HTML or SVG file
is never rendered as a page of the portal. Behind nginx, ``MEDIA_X_ACCEL_REDIRECT_PREFIX`` hands
the sending to nginx (docs/operations.md).
"""

import mimetypes
from functools import cache
from pathlib import PurePosixPath
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

# Shown in the page; everything else (SVG included: it can carry script) is downloaded.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every FileField and ImageField of the project's models."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


@cache
def _prefixes() -> list[tuple[str, type[models.Model], str]]:
    table = []
    for model, field in file_fields():
        prefix = getattr(model, "media_prefixes", {}).get(field.name)
        if prefix is None or not hasattr(model, "can_read_media"):
            raise ImproperlyConfigured(
                f"{model._meta.label}.{field.name} is a file field without media_prefixes / can_read_media"
            )
        table.append((prefix, model, field.name))
    return sorted(table, key=lambda row: -len(row[0]))  # the longest prefix decides


def media_field(name: str) -> tuple[type[models.Model], str] | None:
    """The model and field that own stored files named like ``name``."""
    for prefix, model, field_name in _prefixes():
        if name.startswith(prefix):
            return model, field_name
    return None


def can_read(user, name: str) -> bool:
    owner = media_field(name)
    if owner is None or ".." in PurePosixPath(name).parts:
        return False
    model, field_name = owner
    return model.can_read_media(user, field_name, name)


def file_response(name: str, *, filename: str | None = None, storage=default_storage) -> HttpResponse:
    """The stored file ``name`` with the headers every uploaded file gets; the caller checked the reader."""
    filename = filename or PurePosixPath(name).name
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    as_attachment = content_type not in INLINE_TYPES
    prefix = settings.MEDIA_X_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
