"""QR codes in images, decoded with ZBar (Debian `libzbar0`) through pyzbar."""

from __future__ import annotations

from PIL import Image, ImageOps
from pyzbar import pyzbar


def decode_qr(image: Image.Image) -> list[str]:
    """The text payloads of the QR codes found, in reading order, each once."""
    gray = image.convert("L")
    found: dict[str, None] = {}
    for candidate in (gray, ImageOps.autocontrast(gray, cutoff=1)):
        for symbol in pyzbar.decode(candidate, symbols=[pyzbar.ZBarSymbol.QRCODE]):
            found.setdefault(symbol.data.decode("utf-8", errors="replace"), None)
        if found:
            break
    return list(found)
