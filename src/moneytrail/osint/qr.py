"""QR codes in images, decoded with ZBar (Debian `libzbar0`) through pyzbar."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageOps
from pyzbar import pyzbar

QUIET = 0.25  # share of the code's side added around it: the sticker's quiet zone and tilt


@dataclass(frozen=True, slots=True)
class QrCode:
    """A decoded QR code and the box of its sticker (left, top, right, bottom) in pixels."""

    payload: str
    box: tuple[int, int, int, int]


def read_qr(image: Image.Image) -> list[QrCode]:
    """The QR codes found, in reading order, each payload once."""
    gray = image.convert("L")
    found: dict[str, QrCode] = {}
    for candidate in (gray, ImageOps.autocontrast(gray, cutoff=1)):
        for symbol in pyzbar.decode(candidate, symbols=[pyzbar.ZBarSymbol.QRCODE]):
            payload = symbol.data.decode("utf-8", errors="replace")
            left, top, width, height = symbol.rect
            pad = int(QUIET * max(width, height))
            box = (
                max(left - pad, 0), max(top - pad, 0),
                min(left + width + pad, image.width), min(top + height + pad, image.height),
            )  # fmt: skip
            found.setdefault(payload, QrCode(payload, box))
        if found:
            break
    return list(found.values())


def decode_qr(image: Image.Image) -> list[str]:
    """The text payloads of the QR codes found, in reading order, each once."""
    return [code.payload for code in read_qr(image)]
