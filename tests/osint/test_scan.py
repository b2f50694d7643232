"""A scan reads everything, quarantines what it cannot read and scores channels and bots."""

from __future__ import annotations

import shutil
from pathlib import Path

from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.model import AdModel
from moneytrail.osint.scan import scan

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
