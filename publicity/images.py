"""Uploaded images are checked by their content, not by their name or declared type."""

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.exceptions import ApplicationError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 6000
# Pillow format -> the extension the stored file gets.
ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def validate_image(upload, *, field: str = "image") -> str:
    """Check an uploaded file is a real, reasonably sized image; return its extension.

    Raises ApplicationError otherwise. SVG is refused: it can carry scripts.
    """
    size = getattr(upload, "size", None) or 0
    if size > MAX_IMAGE_BYTES:
        raise ApplicationError(_("图片不能超过 5 MB。"), field=field)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ApplicationError(_("文件不是有效的图片。"), field=field) from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ApplicationError(_("只能上传 JPEG、PNG、GIF 或 WebP 格式的图片。"), field=field)
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise ApplicationError(_("图片尺寸过大（宽、高均不能超过 6000 像素）。"), field=field)
    return ALLOWED_FORMATS[image_format]
