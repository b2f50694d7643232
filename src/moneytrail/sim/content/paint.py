"""Putting things on a wall: spray-painted text, printed posters and QR stickers."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import qrcode
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from moneytrail.sim.content.textures import Array

# Debian package fonts-dejavu-core (listed in scripts/debian-packages.txt).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SPRAY_FONTS = ("DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSerif-Bold.ttf")
PRINT_FONT = "DejaVuSans.ttf"
PAINTS = (
    (20, 20, 20),
    (200, 30, 30),
    (30, 60, 190),
    (245, 245, 245),
    (30, 150, 60),
    (230, 80, 170),
)
Box = tuple[int, int, int, int]  # left, top, width, height
Quad = list[tuple[float, float]]


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A DejaVu font; a clear error names the Debian package when it is missing."""
    path = FONT_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: install the Debian package fonts-dejavu-core")
    return ImageFont.truetype(str(path), size)


def fitted(text: str, name: str, width: int, largest: int) -> ImageFont.FreeTypeFont:
    """The largest font size (down to 12) at which the text fits the width."""
    size = largest
    while size > 12 and font(name, size).getlength(text) > width:
        size = int(size * 0.9)
    return font(name, size)


def lettering(
    size: tuple[int, int],
    lines: list[str],
    box: Box,
    name: str,
    rng: random.Random | None = None,
) -> Image.Image:
    """A white-on-black mask of the lines stacked in the box, each as large as fits.

    With a random stream the lines are sprayed by hand: thicker strokes, a tilt, a shift.
    """
    mask = Image.new("L", size, 0)
    left, top, width, height = box
    step = height // max(len(lines), 1)
    for row, line in enumerate(lines):
        face = fitted(line, name, width, int(step * 0.8))
        stroke = rng.randint(0, 2) if rng else 0
        layer = Image.new(
            "L", (int(face.getlength(line)) + 4 * stroke + 8, int(face.size * 1.3)), 0
        )
        ImageDraw.Draw(layer).text(
            (2 * stroke + 4, 0), line, font=face, fill=255, stroke_width=stroke, stroke_fill=255
        )
        if rng:
            layer = layer.rotate(rng.uniform(-5, 5), Image.Resampling.BICUBIC, expand=True)
        shift = rng.randint(0, max(width - layer.width, 0)) if rng else 0
        mask.paste(layer, (left + shift, top + row * step), layer)
    return mask


def spray(
    canvas: Array, mask: Image.Image, paint: tuple[int, int, int], rng: np.random.Generator
) -> None:
    """Blend paint through the mask with soft edges, overspray dots and drips (in place)."""
    bbox = mask.getbbox()
    if bbox is None:
        return
    left, top = max(bbox[0] - 12, 0), max(bbox[1] - 12, 0)
    right, bottom = min(bbox[2] + 12, mask.width), min(bbox[3] + 60, mask.height)
    crop = mask.crop((left, top, right, bottom))
    soft = crop.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.8)))
    core = np.asarray(soft, np.float32) / 255
    halo = np.asarray(crop.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(4)))
    dots = rng.random(core.shape, dtype=np.float32) < halo / 255 * 0.3
    alpha = np.clip(core + 0.5 * dots, 0, 1) * np.float32(rng.uniform(0.8, 0.95))
    drip(alpha, np.asarray(crop) > 128, rng)
    grain = rng.uniform(0.9, 1.05, size=(*core.shape, 1)).astype(np.float32)
    colour = np.clip(np.array(paint, np.float32) * grain, 0, 255)
    region = canvas[top:bottom, left:right]
    region[:] = region * (1 - alpha[..., None]) + colour * alpha[..., None]


def drip(alpha: Array, ink: NDArray[np.bool_], rng: np.random.Generator) -> None:
    """Paint running down from the lowest ink of a few columns (in place)."""
    columns = np.flatnonzero(ink.any(axis=0))
    if columns.size == 0:
        return
    for x in rng.choice(columns, size=min(int(rng.integers(0, 5)), columns.size), replace=False):
        y = int(np.flatnonzero(ink[:, x]).max())
        length = int(rng.integers(8, 45))
        fade = np.linspace(0.9, 0.1, length, dtype=np.float32)[: alpha.shape[0] - y]
        for dx in (0, 1):
            if x + dx < alpha.shape[1]:
                col = alpha[y : y + fade.size, x + dx]
                col[:] = np.maximum(col, fade)


def poster(canvas: Array, lines: list[str], box: Box, rng: np.random.Generator) -> None:
    """A printed paper sheet with dark text (in place)."""
    left, top, width, height = box
    mask = lettering((width, height), lines, (20, 20, width - 40, height - 40), PRINT_FONT)
    ink = np.asarray(mask.filter(ImageFilter.GaussianBlur(0.6)), np.float32)[..., None] / 255
    paper = np.array([245, 240, 225], np.float32) * np.float32(rng.uniform(0.93, 1.0))
    ink_colour = np.array([25, 25, 35], np.float32)
    canvas[top : top + height, left : left + width] = paper * (1 - ink) + ink_colour * ink


def qr_matrix(payload: str) -> NDArray[np.bool_]:
    """The QR modules (error correction M, smallest version that fits), without quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def qr_sticker(canvas: Array, payload: str, corner: tuple[int, int], module: int) -> Quad:
    """A paper sticker with the QR code (3-module quiet zone); returns the code's corners."""
    modules = qr_matrix(payload)
    quiet = 3 * module
    side = modules.shape[0] * module
    x, y = corner
    canvas[y : y + side + 2 * quiet, x : x + side + 2 * quiet] = (240, 240, 235)
    dark = np.kron(modules, np.ones((module, module), dtype=bool))
    canvas[y + quiet : y + quiet + side, x + quiet : x + quiet + side][dark] = (20, 20, 20)
    x0, y0 = float(x + quiet), float(y + quiet)
    return [(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)]


def sticker_side(payload: str, module: int) -> int:
    """The sticker's side in pixels for the payload and module size."""
    return (int(qr_matrix(payload).shape[0]) + 6) * module
