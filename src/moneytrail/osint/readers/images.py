"""Images (street photos, screenshots): OCR text, QR payloads and the handles they name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from moneytrail.osint.errors import BadInputError
from moneytrail.osint.items import Item
from moneytrail.osint.ocr import read_text
from moneytrail.osint.qr import read_qr

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif"})


@dataclass(frozen=True, slots=True)
class ImageRead:
    """What was read from one image: the item (its OCR text) and its QR payloads."""

    item: Item
    qr: tuple[str, ...]


def load_image(path: Path) -> Image.Image:
    """The decoded image; a truncated or unknown file raises BadInputError."""
    try:
        with Image.open(path) as image:
            image.load()
            return image.convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise BadInputError(f"unreadable image: {exc}") from exc


def read_image(path: Path) -> ImageRead:
    """OCR text and QR payloads of one image file."""
    image = load_image(path)
    codes = read_qr(image)
    text = read_text(image, covered=[code.box for code in codes])  # no OCR of QR stickers
    qr = tuple(code.payload for code in codes)
    item = Item(path.stem, "image", str(path), text, None, None, qr)
    return ImageRead(item, qr)
