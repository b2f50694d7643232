"""Procedural wall and ground textures for the street photos (RGB float arrays, 0..255)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

Array = NDArray[np.float32]
BACKGROUNDS = ("brick", "plaster", "asphalt", "concrete")


def smooth_noise(rng: np.random.Generator, width: int, height: int, cell: int) -> Array:
    """Noise in [0, 1] varying over about `cell` pixels (a small random grid, resized bicubic)."""
    grid = rng.random((max(height // cell, 2), max(width // cell, 2)), dtype=np.float32)
    image = Image.fromarray((grid * 255).astype(np.uint8), "L")
    resized = image.resize((width, height), Image.Resampling.BICUBIC)
    return np.asarray(resized, dtype=np.float32) / np.float32(255)


def tinted(base: tuple[int, int, int], shade: Array) -> Array:
    """An RGB image of the base colour scaled by a per-pixel shade."""
    return shade[..., None] * np.array(base, dtype=np.float32)


def brick(rng: np.random.Generator, width: int, height: int) -> Array:
    """Running-bond brick wall: bricks of varied colour, lighter mortar joints."""
    base = [(150, 70, 50), (170, 100, 70), (190, 160, 120), (215, 210, 200)][int(rng.integers(4))]
    row_h = int(rng.integers(28, 48))
    brick_w = int(row_h * rng.uniform(2.2, 3.0))
    ys, xs = np.mgrid[0:height, 0:width]
    rows = ys // row_h
    shifted = xs + (rows % 2) * (brick_w // 2)
    cols = shifted // brick_w
    ids = rows * 1000 + cols
    tone = rng.uniform(0.8, 1.15, size=int(ids.max()) + 1).astype(np.float32)[ids]
    shade = tone * (0.85 + 0.3 * smooth_noise(rng, width, height, 6))
    image = tinted(base, shade)
    mortar = ((ys % row_h) < 4) | ((shifted % brick_w) < 4)
    joints = 175 + 30 * smooth_noise(rng, width, height, 3)[mortar]
    image[mortar] = joints[:, None]
    return image


def plaster(rng: np.random.Generator, width: int, height: int) -> Array:
    """Painted plaster: a pale colour with blotches and fine grain."""
    colours = [(205, 195, 175), (180, 190, 200), (215, 200, 160), (190, 200, 180)]
    base = colours[int(rng.integers(len(colours)))]
    grain = rng.random((height, width), dtype=np.float32)
    shade = 0.8 + 0.25 * smooth_noise(rng, width, height, 60) + 0.08 * grain
    return tinted(base, shade)


def asphalt(rng: np.random.Generator, width: int, height: int) -> Array:
    """Asphalt: dark grey with light and dark grains."""
    shade = 0.75 + 0.3 * smooth_noise(rng, width, height, 40)
    grains = rng.random((height, width), dtype=np.float32)
    shade = shade + 0.5 * (grains > 0.985) - 0.3 * (grains < 0.02)
    return tinted((80, 80, 85), shade)


def concrete(rng: np.random.Generator, width: int, height: int) -> Array:
    """Concrete panels: grey with stains and dark seams."""
    grain = rng.random((height, width), dtype=np.float32)
    shade = 0.8 + 0.25 * smooth_noise(rng, width, height, 80) + 0.1 * grain
    image = tinted((160, 160, 155), shade)
    step = int(rng.integers(250, 400))
    ys, xs = np.ogrid[0:height, 0:width]
    image[(xs % step < 3) | (ys % step < 3)] *= np.float32(0.55)
    return image


def background(kind: str, rng: np.random.Generator, width: int, height: int) -> Array:
    """A texture of the named kind."""
    makers = {"brick": brick, "plaster": plaster, "asphalt": asphalt, "concrete": concrete}
    return makers[kind](rng, width, height)
