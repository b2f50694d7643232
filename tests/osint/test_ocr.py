"""OCR on rendered street photos (needs Tesseract with rus, kaz, eng: installed by set-up)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.handles_repair import best_join, repaired_handles
from moneytrail.osint.model import AdModel
from moneytrail.osint.ocr import channels, check_tesseract, read_text, without_lines
from moneytrail.osint.scan import scan
from moneytrail.sim.content.paint import font


@pytest.fixture(scope="module", autouse=True)
def tesseract() -> None:
    """Fail (not skip) when Tesseract or a language is missing: the set-up installs them."""
    check_tesseract()


def test_underscores_put_back() -> None:
    assert [f.value for f in repaired_handles("TG @snow support")] == ["snow_support"]
    assert [f.value for f in repaired_handles("@shym kristall bot krib")] == ["shym_kristall_bot"]
    assert best_join(["ab"]) is None


def test_photos_handles_and_qr(corpus: Path, model: AdModel) -> None:
    rows = [
        json.loads(line)
        for line in (corpus / "truth" / "photos.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    report = scan([corpus / "out" / "photos"], model, Tokenizer(b"k"))
    assert not report.quarantined
    by_id = {a.item.item_id: a for a in report.analyses}
    wanted = found = 0
    for row in rows:
        analysis = by_id[row["photo_id"]]
        if row["qr_payload"]:
            assert row["qr_payload"] in analysis.qr
        handles = {f.handle for f in analysis.found if f.source == "ocr"}
        wanted += len(row["handles"])
        found += len({h.lower() for h in row["handles"]} & handles)
    assert wanted
    assert found / wanted >= 0.5


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("ТЕЛЕГА Qmarwi_op", "marwi_op"),  # "@" read as "Q" after a bare marker
        ("TT: nozu_support", "nozu_support"),  # "ТГ:" read as "TT:"
        ("16 Qwiketsno24bot", "wiketsno24bot"),  # "TG @" read as "16 Q"
        ("Т6 emarbit_bot", "marbit_bot"),  # "TG @" read as "Т6 e"
        ("Stamar\nТГ: stemer_admin", "stamar_admin"),  # the shop's name painted beside
        ("Tr: wiket_epereter", "wiket_operator"),  # a role word misread
        ("ТГ: Gold_shop", "gold_shop"),  # after "ТГ:" no "@" is painted: nothing dropped
        ("Т6 emarbit_bot\nT6emarbit_bot", "marbit_bot"),  # the handle again, no shop name
        ("Marzusno\n7T:marzesnc_edain", "marzusno_admin"),  # "ТГ:" read "7T:"
    ],
)
def test_ocr_misreadings_repaired(text: str, handle: str) -> None:
    found = repaired_handles(text)
    assert [f.value for f in found] == [handle]
    assert found[0].repaired


def test_at_read_as_copyright_and_camel_case_bot() -> None:
    assert [f.value for f in repaired_handles("© ketra Bot")] == ["ketrabot"]
    assert [f.value for f in repaired_handles("@ketra bot")] == ["ketra_bot"]
    assert [f.value for f in repaired_handles("TG @ZUSTABITZ4B0F")] == ["zustabitz4bot"]


def test_thin_lines_across_the_picture_are_removed_but_not_letters() -> None:
    ink = np.zeros((200, 400), dtype=bool)
    ink[80:120, 100:130] = True  # a letter
    ink[:, 115:117] = True  # a tile joint through it, top to bottom
    ink[150:180, 130:390] = True  # a bold stroke across the picture: not a thin line
    out = without_lines(ink)
    assert not out[:80, 115:117].any()
    assert not out[120:150, 115:117].any()
    assert out[80:120, 100:130].all()
    assert out[150:180, 130:390].all()


def test_unrelated_words_are_not_forced_into_handles() -> None:
    assert [f.value for f in repaired_handles("Dostavka\nTG @norabot")] == ["norabot"]
    assert [f.value for f in repaired_handles("@vesna_opera")] == ["vesna_opera"]


def test_coloured_paint_on_a_wall_of_the_same_brightness() -> None:
    """Green paint on red brick is about as bright as the wall: the red and green channels
    show it (darker in red, lighter in green)."""
    wall = Image.new("RGB", (900, 500), (150, 70, 50))
    bold = font("DejaVuSans-Bold.ttf", 70)
    ImageDraw.Draw(wall).text((60, 200), "TG @krive_bot", fill=(30, 150, 60), font=bold)
    assert abs(_luma((150, 70, 50)) - _luma((30, 150, 60))) < 15
    assert channels(wall)[0].name in {"dark-r", "light-g"}
    assert "krive_bot" in {f.value for f in repaired_handles(read_text(wall))}


def test_pink_paint_on_brick_with_mortar_joints() -> None:
    """Pink paint on red brick is lighter in blue, like the light mortar joints, but not in
    green: a view of blue against green shows the paint without the joints."""
    wall = Image.new("RGB", (900, 500), (150, 70, 50))
    draw = ImageDraw.Draw(wall)
    for y in range(0, 500, 36):
        draw.rectangle((0, y, 900, y + 5), fill=(205, 200, 195))
        for x in range((y // 36 % 2) * 40, 900, 80):
            draw.rectangle((x, y, x + 5, y + 36), fill=(205, 200, 195))
    bold = font("DejaVuSans-Bold.ttf", 70)
    draw.text((60, 200), "TG @krive_bot", fill=(230, 80, 170), font=bold)
    assert "krive_bot" in {f.value for f in repaired_handles(read_text(wall))}


def test_large_dark_letters_rank_the_dark_view_first() -> None:
    """Large dark letters must not darken the estimated wall around them (that would show the
    wall beside them as light paint and rank a light view first)."""
    wall = Image.new("RGB", (900, 600), (200, 200, 195))
    draw = ImageDraw.Draw(wall)
    draw.text((80, 120), "КРИС", fill=(40, 40, 40), font=font("DejaVuSans-Bold.ttf", 160))
    draw.text((80, 400), "ТГ: marbit_admin", fill=(40, 40, 40), font=font("DejaVuSans.ttf", 50))
    assert channels(wall)[0].name.startswith("dark")


def test_covered_boxes_hold_no_ink() -> None:
    wall = Image.new("RGB", (800, 600), (120, 120, 120))
    draw = ImageDraw.Draw(wall)
    draw.rectangle((40, 40, 300, 300), fill=(245, 245, 240))  # a paper sticker
    draw.text((360, 300), "TG @krive_bot", fill=(20, 20, 20), font=font("DejaVuSans.ttf", 50))
    views = channels(wall, covered=[(30, 30, 310, 310)])
    assert views
    assert not any(view.ink[15:155, 15:155].any() for view in views)


def test_truncated_photo_is_quarantined(tmp_path: Path, model: AdModel) -> None:
    good = tmp_path / "wall.jpg"
    Image.new("RGB", (64, 64), (120, 120, 120)).save(good)
    (tmp_path / "cut.jpg").write_bytes(good.read_bytes()[:200])
    report = scan([tmp_path], model, Tokenizer(b"k"))
    assert [Path(q.path).name for q in report.quarantined] == ["cut.jpg"]
    assert "unreadable image" in report.quarantined[0].reason
    assert [a.item.item_id for a in report.analyses] == ["wall"]


def _luma(rgb: tuple[int, int, int]) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
