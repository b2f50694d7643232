"""A scan reads everything, quarantines what it cannot read and scores channels and bots."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw

from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.model import AdModel
from moneytrail.osint.scan import scan
from moneytrail.sim.content.paint import font

KEY = Tokenizer(b"scan-key")


def test_scan_texts_with_bad_files(corpus: Path, model: AdModel, tmp_path: Path) -> None:
    root = tmp_path / "in"
    shutil.copytree(corpus / "out" / "telegram", root / "telegram")
    shutil.copytree(corpus / "out" / "web", root / "web")
    (root / "broken.json").write_text("{not json", encoding="utf-8")
    (root / "broken.html").write_bytes(b"\xff\xfe<html>")
    (root / "bad.jpg").write_bytes(b"not a jpeg")
    (root / "notes.txt").write_text("Продам велосипед, 8 701 234 56 78", encoding="utf-8")
    (root / "data.bin").write_bytes(b"\x00")
    report = scan([root], model, KEY)
    reasons = {Path(q.path).name: q.reason for q in report.quarantined}
    assert set(reasons) == {"broken.json", "broken.html", "bad.jpg", "data.bin"}
    assert "unreadable image" in reasons["bad.jpg"]
    posts = len((corpus / "truth" / "posts.jsonl").read_text(encoding="utf-8").splitlines())
    pages = len((corpus / "truth" / "pages.jsonl").read_text(encoding="utf-8").splitlines())
    assert len(report.analyses) == posts + pages + 1
    data = report.to_json()
    shop_channels = {c["name"] for c in data["channels"] if c["score"] >= 0.5}
    assert shop_channels
    assert "kaznews24" not in shop_channels
    assert data["bots"]
    first = data["results"][0]
    assert {"raw_text", "normalized_text", "reasons", "found", "model"} <= set(first)


def _poster(path: Path, text: str) -> None:
    image = Image.new("RGB", (1100, 200), "white")
    ImageDraw.Draw(image).text((30, 60), text, fill="black", font=font("DejaVuSans.ttf", 56))
    image.save(path)


def test_photo_handles_snap_to_the_texts_handles(model: AdModel, tmp_path: Path) -> None:
    """A photo read before the text in file order still gets the text's handle: what OCR
    reads of the painted `stamar_admln` is a valid name a letter or two from the post's
    `stamar_admin`, and is taken to be it only when the post (or the analyst) knows it."""
    root = tmp_path / "in"
    root.mkdir()
    _poster(root / "a_wall.png", "TG: @stamar_admln")
    (root / "b_post.txt").write_text("Закладки, пишите @stamar_admin", encoding="utf-8")
    alone = {f.handle for f in scan([root / "a_wall.png"], model, KEY).analyses[0].found}
    assert alone
    assert "stamar_admin" not in alone
    both = scan([root], model, KEY)
    assert [a.item.item_id for a in both.analyses] == ["a_wall", "b_post.txt"]
    photo = {(f.handle, f.repaired, f.source) for f in both.analyses[0].found}
    assert ("stamar_admin", True, "ocr") in photo  # the reading as printed stays beside it
    told = scan([root / "a_wall.png"], model, KEY, known=["@STAMAR_ADMIN"])
    assert "stamar_admin" in {f.handle for f in told.analyses[0].found}
