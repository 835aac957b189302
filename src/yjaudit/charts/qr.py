"""QR codes as inline SVG, made on the server (no script, no image request); no Django."""

from __future__ import annotations

import re
import uuid
from html import escape

import qrcode
import qrcode.image.svg


def qr_svg(data: str, *, title: str, size: int = 200, css_class: str = "") -> str:
    """An SVG QR code of `data`, `size` px square, named by `title` for screen readers.

    The caller marks it safe: `data` only lives inside the QR path, and `title` is escaped.
    """
    img = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = img.to_string(encoding="unicode")
    svg = re.sub(r'width="[^"]*" height="[^"]*"', f'width="{size}" height="{size}"', svg, count=1)
    title_id = f"qr-{uuid.uuid4().hex[:8]}"
    extra = f' class="{escape(css_class)}"' if css_class else ""
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}"{extra} ', 1)
    return svg.replace(">", f'><title id="{title_id}">{escape(title)}</title>', 1)
