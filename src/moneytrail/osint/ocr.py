"""Text in street photos with Tesseract (rus, kaz, eng), after preprocessing for photos.

Preprocessing: the wall is estimated (a blur of a quarter-size copy, leaving out the pixels
furthest from a first blur, so that large letters do not darken the wall around them) and
the paint is separated from it in fifteen views: colourfulness; lighter or darker than the
wall overall or in the red, green or blue channel (green paint on red brick differs little
in brightness but much in red); and one channel against another (pink paint on brick is
bluer and no greener, its light mortar joints bluer and greener). QR stickers (found by
`qr.read_qr`) are covered first. At half size each view is median-filtered, binarised
(Otsu) and opened (specks removed); views inked over nearly every row and column (mortar
joints) are dropped, and the rest ranked by how text-like they are: the share of their ink
in solid strokes (leaving out specks and filled blocks such as dark bricks) times the share
of the view's variance Otsu's split explains (a view of wall blotches splits poorly). The
best view is binarised at full size (median filter and the same threshold, not opened: the
"_" of a handle is thin), cropped to its strokes, deskewed (the angle with the sharpest row
profile) and read with all three languages; then again with English alone and only the
characters of handles (handles are Latin; the other languages read Latin capitals as
Cyrillic), binarised and unbinarised (Tesseract's own threshold sees the soft edges of
spray paint), as a page and as one block; and each of its text lines alone, cut from the
unbinarised picture and enlarged to about LINE_HEIGHT pixels (a handle is often painted
small under a large word). The next distinct view is read too, and a third while no handle
has appeared. Tesseract turns the underscores of handles into spaces and misreads markers
and letters; `handles_repair` undoes that and keeps one reading of each handle.
"""

from __future__ import annotations

import shutil
import string
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pytesseract
from PIL import Image, ImageFilter
from scipy.ndimage import find_objects, gaussian_filter, label

from moneytrail.osint.errors import OcrUnavailableError
from moneytrail.osint.handles_repair import repaired_handles

LANGS = ("rus", "kaz", "eng")
TIMEOUT_S = 3.0
VIEWS = (
    "colour", "light", "dark", "light-r", "dark-r", "light-g", "dark-g", "light-b", "dark-b",
    "r-g", "r-b", "g-r", "g-b", "b-r", "b-g",
)  # fmt: skip
CELL = 8  # pixels (at half size) per side of the cells that tell strokes from grain
SOLID_CELL = 0.35
CROP_MARGIN = 3  # cells kept around the strokes
AGREE = 2  # views read at least (when there are), their handles pooled
SAME_VIEW = 0.7  # ink overlap (IoU) above which a view repeats one already read
MIN_PIECE = 16  # pixels (at half size) of the smallest piece of ink counted as a stroke
BLOCK_AREA, BLOCK_FILL = 200, 0.75  # a piece this large filling this share of its box: a block
GRID_COVER = 0.8  # share of rows and of columns with ink above which a view is a texture
# Handles are Latin: read with English alone, only the letters a handle line may hold, and
# no dictionaries (they turn names into words and "_" into spaces).
HANDLE_CHARS = "@_.:/" + string.ascii_letters + string.digits
LATIN_CONFIG = (
    f"-c tessedit_char_whitelist={HANDLE_CHARS} -c load_system_dawg=0 -c load_freq_dawg=0"
)
LINE_SPAN = 0.6  # share of the picture's height or width a line runs across
LINE_WIDTH = 8  # mean thickness in pixels at most of a line (a letter or two on it included)
LINE_THIN = 4  # pixels across a line where no letter touches it
LINE_GAP, LINE_MIN = 3, 8  # rows: a gap this small joins two runs; a line at least this tall
LINE_ROW = 0.1  # share of the inkiest row's ink a row of a text line has at least
LINE_HEIGHT = 48  # pixels a text line is scaled to for single-line reading
MAX_LINES = 5  # lines of the best view read one by one
WALL_BLUR = (6, 6, 0)  # Gaussian sigma of the wall, in quarter-size pixels (not across channels)
WALL_KEPT = 85  # percent of the quarter-size pixels nearest a first blur that make the wall
Gray = npt.NDArray[np.uint8]
Box = tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True, slots=True)
class Channel:
    """One binarised view of the photo (at half size) and how stroke-like its ink is."""

    name: str  # a member of VIEWS
    threshold: int
    solidity: float  # share of the ink in cells at least SOLID_CELL inked: strokes, not grain
    ink: npt.NDArray[np.bool_]  # at half size
    separation: float = 1.0  # share of the view's variance Otsu's threshold explains

    @property
    def rank(self) -> float:
        """How text-like the view is: stroke-like ink in a view split cleanly in two."""
        return self.solidity * self.separation


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


def channels(image: Image.Image, covered: Sequence[Box] = ()) -> list[Channel]:
    """Binarised views of the photo at half size, most stroke-like first (ink True); the
    covered boxes (QR stickers, in full-size pixels) hold no ink."""
    half = image.convert("RGB").reduce(2)
    rgb, ahead = _planes(half, covered, 2)
    out = [_binarised(name, _view(name, rgb, ahead)) for name in VIEWS]
    return sorted((c for c in out if c is not None), key=lambda c: -c.rank)


def _planes(
    image: Image.Image, covered: Sequence[Box] = (), scale: int = 1
) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int16]]:
    """The RGB pixels and each channel's difference from the wall, with the covered boxes
    (in pixels of `scale` times the size) grey and equal to the wall.

    The wall is a blur of a quarter-size copy in which the pixels furthest from a first blur
    (paint, mostly) are left out, so that large dark letters do not darken the wall around
    them (which would make the wall beside them look like light paint)."""
    quarter = np.asarray(image.reduce(4)).astype(np.float32)
    first = gaussian_filter(quarter, WALL_BLUR)
    apart = np.abs(quarter - first).max(axis=2)
    kept = (apart <= np.percentile(apart, WALL_KEPT)).astype(np.float32)[..., None]
    wall = gaussian_filter(quarter * kept, WALL_BLUR) / np.maximum(
        gaussian_filter(kept, WALL_BLUR), 1e-3
    )
    smooth = Image.fromarray(np.clip(wall, 0, 255).astype(np.uint8)).resize(image.size)
    rgb = np.asarray(image).astype(np.int16)
    ahead = rgb - np.asarray(smooth).astype(np.int16)
    for left, top, right, bottom in covered:
        box = np.s_[top // scale : bottom // scale, left // scale : right // scale]
        rgb[box], ahead[box] = 128, 0
    return rgb, ahead


def _view(name: str, rgb: npt.NDArray[np.int16], ahead: npt.NDArray[np.int16]) -> Gray:
    """One way paint may differ from the wall: colourfulness, or lighter or darker than the
    wall overall or in one of the red, green and blue channels (coloured paint on a
    coloured wall differs most in one channel)."""
    if name == "colour":
        diff = rgb.max(axis=2) - rgb.min(axis=2)
    elif name[0] in "rgb":  # "b-g": more blue and less green than the wall (pink on brick)
        diff = ahead[..., "rgb".index(name[0])] - ahead[..., "rgb".index(name[2])]
    else:
        sign, _, plane = name.partition("-")
        diff = ahead[..., "rgb".index(plane)] if plane else ahead.sum(axis=2) // 3
        diff = diff if sign == "light" else -diff
    median = Image.fromarray(np.clip(diff, 0, 255).astype(np.uint8)).filter(
        ImageFilter.MedianFilter(3)
    )
    return np.asarray(median)


def _binarised(name: str, view: Gray) -> Channel | None:
    """The view's ink (Otsu), or None when it holds no plausible ink: too little or too
    much, or spread over nearly every row and column (mortar joints, grain)."""
    otsu_threshold, separation = otsu(view)
    threshold = max(otsu_threshold, 25)
    ink = opened(view > threshold)
    if not 0.002 < float(ink.mean()) < 0.15:
        return None
    cells = _cells(ink)
    rows, cols = (cells.mean(axis=1) > 0.05).mean(), (cells.mean(axis=0) > 0.05).mean()
    if rows > GRID_COVER and cols > GRID_COVER:
        return None
    cells = _cells(_strokes(ink))
    solidity = float(cells[cells >= SOLID_CELL].sum() / max(float(cells.sum()), 1e-9))
    return Channel(name, threshold, solidity, ink, separation)


def _strokes(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The ink without pieces too small to be letters (grain, mortar crossings) and without
    filled blocks (a dark brick fills its box; a letter's strokes do not)."""
    labels, count = label(ink)
    areas = np.bincount(labels.ravel(), minlength=count + 1)
    keep = np.zeros(count + 1, dtype=bool)
    for index, piece in enumerate(find_objects(labels), 1):
        if piece is None:
            continue
        box = (piece[0].stop - piece[0].start) * (piece[1].stop - piece[1].start)
        area = int(areas[index])
        keep[index] = area >= MIN_PIECE and not (area >= BLOCK_AREA and area >= BLOCK_FILL * box)
    strokes: npt.NDArray[np.bool_] = keep[labels]
    return strokes


def opened(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The ink without specks narrower than 3 pixels (grain, noise): a 3×3 opening."""
    mask = Image.fromarray(ink.astype(np.uint8) * 255)
    return np.asarray(mask.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))) > 0


def _cells(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """The share of ink in each 8×8 cell."""
    h, w = ink.shape[0] // CELL * CELL, ink.shape[1] // CELL * CELL
    blocks = ink[:h, :w].reshape(h // CELL, CELL, w // CELL, CELL)
    cells: npt.NDArray[np.float64] = blocks.mean(axis=(1, 3))
    return cells


def picture(
    channel: Channel, rgb: npt.NDArray[np.int16], ahead: npt.NDArray[np.int16]
) -> Image.Image:
    """The channel's view of the full-size photo as black ink on white, cropped to the box of
    its stroke cells (found at half size) with a margin (less wall, faster OCR), without
    thin lines across it."""
    ink = _view(channel.name, rgb, ahead)[_crop(channel)] > channel.threshold  # not opened
    return Image.fromarray(np.where(without_lines(ink), 0, 255).astype(np.uint8))


def gray_picture(
    channel: Channel, rgb: npt.NDArray[np.int16], ahead: npt.NDArray[np.int16]
) -> Image.Image:
    """The same crop unbinarised: the paint's difference from the wall, dark on white, the
    strongest tenth of the ink black; Tesseract's own thresholding then sees the letters'
    soft edges."""
    view = _view(channel.name, rgb, ahead)[_crop(channel)].astype(np.float32)
    ink = view > channel.threshold
    strong = float(np.percentile(view[ink], 90)) if ink.any() else 255.0
    return Image.fromarray((255 - np.clip(view * 255 / max(strong, 1.0), 0, 255)).astype(np.uint8))


def _crop(channel: Channel) -> tuple[slice, slice]:
    """The full-size box of the channel's stroke cells with a margin (all when none)."""
    solid = np.argwhere(_cells(channel.ink) >= SOLID_CELL)
    if not len(solid):
        return slice(None), slice(None)
    (top, left), (bottom, right) = solid.min(axis=0), solid.max(axis=0) + 1
    scale, margin = 2 * CELL, 2 * CELL * CROP_MARGIN
    return (
        slice(max(top * scale - margin, 0), bottom * scale + margin),
        slice(max(left * scale - margin, 0), right * scale + margin),
    )


def without_lines(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The ink without thin lines running across most of the picture (tile and mortar
    joints, cables): pieces of ink spanning LINE_SPAN of its height or width whose ink is at
    most LINE_WIDTH pixels thick on average over that length lose their rows (or columns)
    that are thin; where the line runs through a letter the letter stays. A joint along a
    whole word is not thin on average and is kept."""
    labels, _ = label(ink)
    out = ink.copy()
    height, width = ink.shape
    for index, piece in enumerate(find_objects(labels), 1):
        if piece is None:
            continue
        tall, wide = piece[0].stop - piece[0].start, piece[1].stop - piece[1].start
        if tall < LINE_SPAN * height and wide < LINE_SPAN * width:
            continue
        mine = labels[piece] == index
        if int(mine.sum()) > LINE_WIDTH * max(tall, wide):
            continue
        across = mine.sum(axis=1, keepdims=True) if tall >= wide else mine.sum(axis=0)
        out[piece] &= ~(mine & (across <= LINE_THIN))
    return out


def skew(image: Image.Image, limit: int = 8, factor: int = 4) -> int:
    """The angle (degrees) that makes the binarised image's row profile sharpest, measured
    on a copy reduced by `factor`."""
    small = image.reduce(factor)
    best, best_score = 0, -1.0
    for angle in range(-limit, limit + 1, 2):
        rows = np.asarray(small.rotate(angle, fillcolor=255)).mean(axis=1)
        score = float(np.var(np.diff(rows)))
        if score > best_score:
            best, best_score = angle, score
    return best


def deskew(image: Image.Image, limit: int = 8, angle: int | None = None) -> Image.Image:
    """The image turned by the angle whose row profile is sharpest (or by `angle`)."""
    best = skew(image, limit) if angle is None else angle
    return image.rotate(best, fillcolor=255, expand=True) if best else image


def lines(page: Image.Image) -> list[tuple[int, int]]:
    """The rows (top, bottom) of the text lines of a deskewed black-on-white page: runs of
    rows with more than LINE_ROW of the inkiest row's ink (descenders and dots do not join
    two lines), gaps of a few rows closed, at least LINE_MIN rows tall."""
    counts = (np.asarray(page) < 128).sum(axis=1)
    inked = counts > max(2.0, LINE_ROW * float(counts.max(initial=0)))
    out: list[tuple[int, int]] = []
    for row in np.flatnonzero(inked):
        if out and row - out[-1][1] <= LINE_GAP:
            out[-1] = (out[-1][0], int(row) + 1)
        else:
            out.append((int(row), int(row) + 1))
    return [(top, bottom) for top, bottom in out if bottom - top >= LINE_MIN]


def line_pictures(page: Image.Image, gray: Image.Image, most: int = MAX_LINES) -> list[Image.Image]:
    """The first `most` text lines of the page, each cut from the unbinarised picture with a
    margin, turned level (lines of a photo taken at an angle slope differently) and scaled so
    that it is about LINE_HEIGHT pixels tall (small painted handles are enlarged)."""
    out = []
    found = lines(page)
    edges = [0] + [bottom for _, bottom in found]  # a line's margin stops at its neighbours
    ends = [top for top, _ in found[1:]] + [gray.height]
    for (top, bottom), above, below in list(zip(found, edges, ends, strict=False))[:most]:
        margin = max((bottom - top) // 2, 6)
        box = (0, max(top - margin, above), gray.width, min(bottom + margin, below))
        angle = skew(page.crop(box), factor=1)
        crop = deskew(gray.crop(box), angle=angle)
        scale = min(max(LINE_HEIGHT / (bottom - top), 1.0), 4.0)
        size = (round(crop.width * scale), round(crop.height * scale))
        out.append(crop.resize(size, Image.Resampling.BICUBIC) if scale > 1 else crop)
    return out


def read_text(image: Image.Image, views: int = 3, covered: Sequence[Box] = ()) -> str:
    """The text Tesseract reads in the most stroke-like views of the photo: the next distinct
    view is read while fewer than AGREE views have been read or no valid Telegram handle has
    been read in them, up to `views`; the handles of all the readings are kept."""
    texts: list[str] = []
    read: list[npt.NDArray[np.bool_]] = []
    rgb, ahead = _planes(image.convert("RGB"), covered)
    for channel in channels(image, covered):
        if len(read) == views:
            break
        if any(_overlap(channel.ink, other) > SAME_VIEW for other in read):
            continue
        binary = picture(channel, rgb, ahead)
        angle = skew(binary)
        page = deskew(binary, angle=angle)
        texts.append(_tesseract(page))
        if not read:  # the best view again as Latin handle text: sparse, and as one block,
            # binarised here and by Tesseract
            gray = deskew(gray_picture(channel, rgb, ahead), angle=angle)
            texts += [
                _tesseract(read_page, "eng", f"--psm {psm} {LATIN_CONFIG}")
                for read_page in (page, gray)
                for psm in (11, 6)
            ]
            texts += [
                _tesseract(line, "eng", f"--psm 7 {LATIN_CONFIG}")
                for line in line_pictures(page, gray)
            ]
        read.append(channel.ink)
        if len(read) >= AGREE and repaired_handles("\n".join(texts)):
            break
    return "\n".join(texts)


def _overlap(a: npt.NDArray[np.bool_], b: npt.NDArray[np.bool_]) -> float:
    """Intersection over union of two ink masks."""
    union = int(np.count_nonzero(a | b))
    return int(np.count_nonzero(a & b)) / union if union else 1.0


def _tesseract(picture: Image.Image, lang: str = "+".join(LANGS), config: str = "--psm 11") -> str:
    """Sparse-text OCR of one view; empty when Tesseract runs past its time limit."""
    try:
        text: str = pytesseract.image_to_string(
            picture, lang=lang, config=config, timeout=TIMEOUT_S
        )
    except RuntimeError:  # pytesseract's timeout
        return ""
    return text
