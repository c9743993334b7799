"""QR images for the deputy code and the activity code, as printable SVG (no Pillow needed)."""

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def qr_svg(url: str) -> bytes:
    qr = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=10, border=4, image_factory=qrcode.image.svg.SvgPathImage
    )
    qr.add_data(url)
    qr.make(fit=True)
    return qr.make_image().to_string(encoding="unicode").encode("utf-8")
