"""QR codes for self-report links, drawn server-side as inline SVG (no script, no external service)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def qr_svg(url: str) -> SafeString:
    import segno  # imported here so that the rest of the app loads without it

    code = segno.make(url, error="m", micro=False)
    # segno writes the SVG itself from the URL's bytes, so the markup is safe to embed.
    svg = code.svg_inline(scale=5, border=2, title=_("QR code of the link"), svgclass="qr", lineclass=None)
    return mark_safe(svg)
