"""OCR on rendered street photos (needs Tesseract with rus, kaz, eng: installed by set-up)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.handles_repair import best_join, repaired_handles
from moneytrail.osint.model import AdModel
from moneytrail.osint.ocr import check_tesseract
from moneytrail.osint.scan import scan


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
