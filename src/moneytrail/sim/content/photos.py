"""Street photos: a wall or asphalt with graffiti, posters or QR stickers, as a phone shoots it.

Everything is drawn on a canvas larger than the photo, then one perspective transform maps
it into the photo, so no empty corners appear: the photo's corners are turned by
`rotation_deg` (counter-clockwise on screen) about the centre and then moved by
`corner_shift_px` (top-left, top-right, bottom-right, bottom-left). Blur, uneven light and
sensor noise follow. `qr_quad` gives the QR code's corners (without quiet zone) in the photo.
Files carry no metadata, so they are byte-identical for a seed.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from moneytrail.sim.content.common import derive, derive_int, overlap
from moneytrail.sim.content.paint import (
    PAINTS,
    SPRAY_FONTS,
    Quad,
    lettering,
    poster,
    qr_sticker,
    spray,
    sticker_side,
)
from moneytrail.sim.content.photo_content import Content, negative_content, shop_content
from moneytrail.sim.content.textures import BACKGROUNDS, Array, background
from moneytrail.sim.views import ShopView

SIZES = ((800, 600), (600, 800), (1024, 768))


@dataclass(frozen=True, slots=True)
class PhotoSpec:
    """Which photo to make: the n-th of a shop's or of the negatives."""

    key: str
    shop: ShopView | None


def photo_specs(
    seed: int, shops: list[ShopView], photos: int, negatives: int, window: tuple[datetime, datetime]
) -> list[PhotoSpec]:
    """Shop and negative photos in a seeded shuffled order, so file names reveal nothing."""
    active = [s for s in shops if overlap((s.active_from, s.active_to), window)] or shops
    rng = derive(seed, "photo-shops")
    specs = [PhotoSpec(f"shop-{i}", rng.choice(active)) for i in range(photos if active else 0)]
    specs += [PhotoSpec(f"negative-{i}", None) for i in range(negatives)]
    derive(seed, "photo-order").shuffle(specs)
    return specs


def homography(src: Quad, dst: Quad) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The 3×3 matrix mapping the four source points onto the four destination points."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        rhs += [u, v]
    solution = np.linalg.solve(np.array(rows, np.float64), np.array(rhs, np.float64))
    return np.append(solution, 1.0).reshape(3, 3)


def apply(matrix: np.ndarray[Any, np.dtype[np.float64]], point: tuple[float, float]) -> list[float]:
    """A point mapped by a homography, rounded to a hundredth of a pixel."""
    x, y, w = matrix @ np.array([point[0], point[1], 1.0])
    return [round(float(x / w), 2), round(float(y / w), 2)]


def place_qr(
    canvas: Array, rng: random.Random, payload: str, size: tuple[int, int], margin: int
) -> tuple[Quad, int, int]:
    """A QR sticker at the left or right edge; its corners and the text's left and width."""
    width, height = size
    module = max(4, int(0.3 * min(width, height)) // sticker_side(payload, 1))
    side = sticker_side(payload, module)
    right = rng.random() < 0.5
    x = margin + (width - side - int(0.05 * width) if right else int(0.05 * width))
    y = margin + rng.randint(int(0.1 * height), height - side - int(0.1 * height))
    quad = qr_sticker(canvas, payload, (x, y), module)
    text_left = margin + (int(0.08 * width) if right else int(0.12 * width) + side)
    return quad, text_left, width - side - int(0.2 * width)


def compose(
    rng: random.Random, npr: np.random.Generator, content: Content, size: tuple[int, int]
) -> tuple[Array, Quad | None, str, int]:
    """The oversized canvas with the content drawn in its central part; QR corners if any."""
    width, height = size
    margin = int(0.2 * max(width, height))
    kind = rng.choice(BACKGROUNDS[:2] if content.style == "poster" else BACKGROUNDS)
    canvas = background(kind, npr, width + 2 * margin, height + 2 * margin)
    quad, text_left, text_width = None, margin + int(0.08 * width), int(0.8 * width)
    if content.qr_payload is not None:
        quad, text_left, text_width = place_qr(canvas, rng, content.qr_payload, size, margin)
    text_height = int(height * rng.uniform(0.3, 0.5))
    top = margin + rng.randint(int(0.08 * height), height - text_height - int(0.08 * height))
    box = (text_left, top, text_width, text_height)
    if content.style == "poster":
        poster(canvas, list(content.lines), box, npr)
    else:
        paints = PAINTS[3:] if float(canvas.mean()) < 110 else PAINTS[:3] + PAINTS[4:]
        size_px = (canvas.shape[1], canvas.shape[0])
        mask = lettering(size_px, list(content.lines), box, rng.choice(SPRAY_FONTS), rng)
        spray(canvas, mask, rng.choice(paints), npr)
    return canvas, quad, kind, margin


def warp(
    canvas: Array, rng: random.Random, size: tuple[int, int], margin: int
) -> tuple[Image.Image, Any, dict[str, Any]]:
    """Map the canvas's central part into the photo, rotated and with shifted corners."""
    width, height = size
    angle = round(rng.uniform(-8, 8), 2)
    shifts = [
        (round(rng.uniform(-0.05, 0.05) * width, 1), round(rng.uniform(-0.05, 0.05) * height, 1))
        for _ in range(4)
    ]
    cos, sin = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    corners = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    dst: Quad = []
    for (x, y), (dx, dy) in zip(corners, shifts, strict=True):
        cx, cy = x - width / 2, y - height / 2
        dst.append((width / 2 + cos * cx + sin * cy + dx, height / 2 - sin * cx + cos * cy + dy))
    src = [(x + margin, y + margin) for x, y in corners]
    forward = homography(src, dst)
    inverse = np.linalg.inv(forward)
    coeffs = tuple(float(c) for c in (inverse / inverse[2, 2]).flatten()[:8])
    image = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), "RGB")
    photo = image.transform(size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR)
    return photo, forward, {"rotation_deg": angle, "corner_shift_px": [list(s) for s in shifts]}


def finish(
    photo: Image.Image, rng: random.Random, npr: np.random.Generator
) -> tuple[Image.Image, dict[str, Any]]:
    """Blur, uneven lighting (a linear gradient) and Gaussian sensor noise."""
    blur = round(rng.uniform(0.0, 1.2), 2)
    if blur:
        photo = photo.filter(ImageFilter.GaussianBlur(blur))
    low, high = round(rng.uniform(0.55, 0.9), 3), round(rng.uniform(0.95, 1.15), 3)
    light_angle = round(rng.uniform(0, 360), 1)
    sigma = round(rng.uniform(2.0, 9.0), 2)
    pixels = np.asarray(photo, np.float32)
    ys, xs = np.ogrid[0 : pixels.shape[0], 0 : pixels.shape[1]]
    slope = np.cos(np.radians(light_angle)) * xs + np.sin(np.radians(light_angle)) * ys
    ramp = ((slope - slope.min()) / max(float(np.ptp(slope)), 1.0)).astype(np.float32)
    light = (low + (high - low) * ramp)[..., None]
    pixels = pixels * light + npr.standard_normal(pixels.shape, dtype=np.float32) * np.float32(
        sigma
    )
    params = {
        "blur_radius": blur,
        "light_low": low,
        "light_high": high,
        "light_angle_deg": light_angle,
        "noise_sigma": sigma,
    }
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB"), params


def encode(photo: Image.Image, rng: random.Random) -> tuple[bytes, str, int | None]:
    """JPEG (most photos, varied quality) or PNG bytes, without metadata."""
    buffer = io.BytesIO()
    if rng.random() < 0.15:
        photo.save(buffer, format="PNG")
        return buffer.getvalue(), "png", None
    quality = rng.randint(60, 92)
    photo.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue(), "jpeg", quality


def render_photo(seed: int, spec: PhotoSpec, photo_id: str, folder: Path) -> dict[str, Any]:
    """Draw, distort and save one photo under `folder`; return its truth row."""
    rng = derive(seed, "photo", spec.key)
    npr = np.random.default_rng(derive_int(seed, "photo-pixels", spec.key))
    content = shop_content(rng, spec.shop) if spec.shop else negative_content(rng)
    size = rng.choice(SIZES)
    canvas, quad, kind, margin = compose(rng, npr, content, size)
    photo, forward, geometry = warp(canvas, rng, size, margin)
    photo, lighting = finish(photo, rng, npr)
    data, fmt, quality = encode(photo, rng)
    name = f"{photo_id}.{'png' if fmt == 'png' else 'jpg'}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    contacts = list(content.contacts)
    return {
        "photo_id": photo_id,
        "file": f"photos/{name}",
        "format": fmt,
        "width": size[0],
        "height": size[1],
        "is_drug_ad": spec.shop is not None,
        "shop_id": spec.shop.shop_id if spec.shop else None,
        "category": content.category,
        "style": content.style,
        "background": kind,
        "texts": list(content.lines),
        "contacts": contacts,
        "handles": [c["value"] for c in contacts if c["kind"] in ("telegram", "telegram_bot")],
        "links": [c["value"] for c in contacts if c["kind"] == "telegram_link"],
        "qr_payload": content.qr_payload,
        "qr_quad": [apply(forward, p) for p in quad] if quad else None,
        "distortion": {**geometry, **lighting, "jpeg_quality": quality},
    }
