"""Text in street photos with Tesseract (rus, kaz, eng), after preprocessing for photos.

Preprocessing: the paint is separated from the wall in three channels (colour saturation
for coloured paint, brighter or darker than the local background for white or black paint),
each denoised (median filter) and binarised (Otsu); the channel whose two classes separate
best is deskewed (the angle with the sharpest row profile) and read. Tesseract turns the
underscores of handles into spaces; `handles_repair` undoes that.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pytesseract
from PIL import Image, ImageFilter

from moneytrail.osint.errors import OcrUnavailableError
from moneytrail.osint.handles_repair import repaired_handles

LANGS = ("rus", "kaz", "eng")
TIMEOUT_S = 3.0
Gray = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Channel:
    """One binarised view of the photo and how well its ink separates from the wall."""

    name: str
    image: Image.Image
    separation: float


def check_tesseract(langs: tuple[str, ...] = LANGS) -> None:
    """Fail with a clear message unless Tesseract and the languages are installed."""
    if shutil.which("tesseract") is None:
        raise OcrUnavailableError("tesseract is not installed (Debian: tesseract-ocr)")
    missing = [lang for lang in langs if lang not in installed_languages()]
    if missing:
        names = ", ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise OcrUnavailableError(f"Tesseract languages missing: {missing} (Debian: {names})")


@cache
def installed_languages() -> frozenset[str]:
    """The languages Tesseract lists (asked once per process)."""
    listed = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    ).stdout.split()
    return frozenset(listed)


def otsu(values: Gray) -> tuple[int, float]:
    """Otsu's threshold and the share of variance it explains (0..1)."""
    hist = np.bincount(values.ravel(), minlength=256).astype(float)
    p = hist / hist.sum()
    omega, mu = np.cumsum(p), np.cumsum(p * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega) + 1e-12)
    total = float((p * (np.arange(256) - mu[-1]) ** 2).sum()) or 1.0
    best = int(np.argmax(between))
    return best, float(between[best]) / total


def channels(image: Image.Image) -> list[Channel]:
    """Binarised views of the photo, best separated first (ink black on white)."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    gray = image.convert("L")
    light = np.asarray(gray).astype(np.int16)
    background = np.asarray(gray.filter(ImageFilter.GaussianBlur(25))).astype(np.int16)
    views = {
        "colour": rgb.max(axis=2) - rgb.min(axis=2),
        "light": np.clip(light - background, 0, 255),
        "dark": np.clip(background - light, 0, 255),
    }
    out = [_binarised(name, view.astype(np.uint8)) for name, view in views.items()]
    return sorted((c for c in out if c is not None), key=lambda c: -c.separation)


def _binarised(name: str, view: Gray) -> Channel | None:
    """The view as black ink on white, or None when it holds no plausible ink."""
    view = np.asarray(Image.fromarray(view).filter(ImageFilter.MedianFilter(3)))
    threshold, separation = otsu(view)
    ink = view > max(threshold, 25)
    if not 0.002 < float(ink.mean()) < 0.15:
        return None
    picture = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))
    return Channel(name, picture, separation)


def deskew(image: Image.Image, limit: int = 8) -> Image.Image:
    """The binarised image turned by the angle whose row profile is sharpest."""
    small = image.reduce(4)
    best, best_score = 0, -1.0
    for angle in range(-limit, limit + 1, 2):
        rows = np.asarray(small.rotate(angle, fillcolor=255)).mean(axis=1)
        score = float(np.var(np.diff(rows)))
        if score > best_score:
            best, best_score = angle, score
    return image.rotate(best, fillcolor=255, expand=True) if best else image


def read_text(image: Image.Image, views: int = 2) -> str:
    """The text Tesseract reads in the best-separated view of the photo; the next view is
    read too when the first yields no valid Telegram handle."""
    texts: list[str] = []
    for channel in channels(image)[:views]:
        texts.append(_tesseract(deskew(channel.image)))
        if repaired_handles(texts[-1]):
            break
    return "\n".join(texts)


def _tesseract(picture: Image.Image) -> str:
    """Sparse-text OCR of one view; empty when Tesseract runs past its time limit."""
    try:
        text: str = pytesseract.image_to_string(
            picture, lang="+".join(LANGS), config="--psm 11", timeout=TIMEOUT_S
        )
    except RuntimeError:  # pytesseract's timeout
        return ""
    return text
