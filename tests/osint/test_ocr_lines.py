"""Reading small painted handle lines, ranking views, and repairing and grouping readings
(needs Tesseract with rus, kaz, eng: installed by set-up)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from moneytrail.osint.handles_repair import consolidated, repaired_handles
from moneytrail.osint.ocr import (
    LATIN_CONFIG,
    LINE_HEIGHT,
    _strokes,
    _tesseract,
    check_tesseract,
    line_pictures,
    lines,
)
from moneytrail.sim.content.paint import font


@pytest.fixture(scope="module", autouse=True)
def tesseract() -> None:
    """Fail (not skip) when Tesseract or a language is missing: the set-up installs them."""
    check_tesseract()


def _page() -> Image.Image:
    """A big word over a small handle line, black on white, a descender nearly touching."""
    page = Image.new("L", (700, 260), 255)
    draw = ImageDraw.Draw(page)
    draw.text((40, 20), "Ветер", fill=0, font=font("DejaVuSans-Bold.ttf", 110))
    draw.text((40, 170), "t.me/krino_store", fill=0, font=font("DejaVuSans-Bold.ttf", 22))
    return page


def test_text_lines_are_split_and_small_lines_enlarged() -> None:
    page = _page()
    found = lines(page)
    assert len(found) == 2
    (top, bottom), (small_top, small_bottom) = found
    assert bottom <= small_top
    assert small_bottom - small_top < 30
    pictures = line_pictures(page, page)
    assert len(pictures) == 2
    assert pictures[1].height >= LINE_HEIGHT  # the small line scaled up
    assert pictures[0].height <= 2 * (bottom - top)  # the large line with margins, not scaled


def test_small_handle_line_under_a_big_word_is_read_alone() -> None:
    """A handle painted small under a large word (it had to fit the width): Tesseract reading
    the whole picture misses it; its line cut out and enlarged is read."""
    page = Image.new("L", (700, 260), 255)
    draw = ImageDraw.Draw(page)
    draw.text((40, 20), "Ветер", fill=0, font=font("DejaVuSans-Bold.ttf", 110))
    draw.text((40, 170), "t.me/krino_store", fill=0, font=font("DejaVuSans-Bold.ttf", 16))
    gray = page.filter(ImageFilter.GaussianBlur(0.8))
    latin = f"--psm 11 {LATIN_CONFIG}"
    assert "krino_store" not in {f.value for f in repaired_handles(_tesseract(gray, "eng", latin))}
    texts = [
        _tesseract(line, "eng", f"--psm 7 {LATIN_CONFIG}") for line in line_pictures(page, gray)
    ]
    assert "krino_store" in {f.value for f in repaired_handles("\n".join(texts))}


def test_strokes_keep_letters_not_blocks_or_specks() -> None:
    ink = np.zeros((120, 300), dtype=bool)
    ink[10:40, 10:80] = True  # a filled block: a dark brick
    ink[60:100, 20:26] = ink[60:66, 20:50] = ink[94:100, 20:50] = True  # a letter's strokes
    ink[5, 200] = ink[6, 201] = True  # a speck
    strokes = _strokes(ink)
    assert not strokes[10:40, 10:80].any()
    assert not strokes[5:7, 200:202].any()
    assert strokes[60:100, 20:26].all()


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("TYT:wiramar_op", "wiramar_op"),  # "ТГ:" read as three signs
        ("TE: rawino operator", "rawino_operator"),
        ("‘TT bewile_suppert", "bewile_support"),  # no colon read, role word repaired
        ("TRAEFAQvekatete_support", "vekatete_support"),  # "ТЕЛЕГА @" misread
        ("TLME/snobitra_store", "snobitra_store"),  # "t.me/" misread
        ("TG @krizu24hot", "krizu24bot"),  # "bot" read "hot" after a digit
        ("TG@bitkr iwiBot", "bitkriwibot"),  # a camel-case bot name split by OCR
        ("Wistasta\nt.me/cistests_alusty", "wistasta_almaty"),  # painted name, three letters off
    ],
)
def test_more_misreadings_repaired(text: str, handle: str) -> None:
    found = repaired_handles(text)
    assert [f.value for f in found] == [handle]
    assert found[0].repaired


def test_plain_text_gives_no_handles() -> None:
    assert repaired_handles("Суббота, 10:00\nFC Kairat\nЦентральный рынок") == []


def test_readings_of_one_handle_are_grouped() -> None:
    # the reading seen most often
    assert [
        f.value for f in repaired_handles("TT:RAWEKRI_ADMIN\nTT:RAWEKRI_ADMIN\nTT:RAWIKRI_ADMIN")
    ] == ["rawekri_admin"]
    # between readings seen as often, painted and role words decide
    text = "Ketketbit\nTT:ketkethit_eduia\nTY: ketketbit_adein"
    assert [f.value for f in repaired_handles(text)] == ["ketketbit_admin"]
    # a reading cut short at "_" is the longer one
    assert [f.value for f in repaired_handles("@snora\n@snora_operator")] == ["snora_operator"]
    # different handles stay apart
    assert consolidated(
        ["snow_shop", "kristal_bot"], {"snow_shop": 1, "kristal_bot": 1}, set()
    ) == [
        "snow_shop",
        "kristal_bot",
    ]
