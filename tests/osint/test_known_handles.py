"""OCR handles snapped to handles known from monitored posts, and the metric kept apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from moneytrail.osint.analyze import Analysis
from moneytrail.osint.evaluate import Scored, assisted_tally, known_handles
from moneytrail.osint.extract import handle
from moneytrail.osint.items import Item
from moneytrail.osint.known_handles import assisted_handles, known_reading

KNOWN = frozenset({"stamar_admin", "stamar_bot", "nozu_support", "marbit_op", "marbit_ok"})


def test_nearest_known_handle_within_a_quarter_of_its_letters() -> None:
    assert known_reading("stamar_adnin", KNOWN) == "stamar_admin"  # one letter misread
    assert known_reading("STAMAR_BOT", KNOWN) == "stamar_bot"
    assert known_reading("nozu_suport", KNOWN) == "nozu_support"  # a letter lost
    assert known_reading("lonterta_operator", KNOWN) is None  # far from every known one
    assert known_reading("marbit_oq", KNOWN) is None  # as near to two known handles


def test_assisted_handles_snap_and_keep_the_rest() -> None:
    found = assisted_handles("ТГ: stamer_bot\nTG @kristalbot", KNOWN)
    assert [(f.value, f.repaired) for f in found] == [("stamar_bot", True), ("kristalbot", False)]
    assert [f.value for f in assisted_handles("ТГ: stamer_bot", frozenset())] == ["stamer_bot"]


def test_known_list_comes_from_texts_and_tally_counts_snapped_handles() -> None:
    post = _scored("shop/1", "Пиши @stamar_bot", {"is_drug_ad": True})
    photo = _scored("ph1", "ТГ: stamer_bot", {"handles": ["stamar_bot"]})
    known = known_handles([post])
    assert known == {"stamar_bot"}
    assert assisted_tally([photo], known).recall == 1.0
    assert assisted_tally([photo], frozenset()).recall == 0.0


def _scored(item_id: str, text: str, truth: dict[str, Any]) -> Scored:
    item = Item(item_id, "telegram", str(Path(item_id)), text, None, None, ())
    found = tuple(f for word in text.split() for f in handle(word.lstrip("@"), word, "text"))
    return Scored(Analysis(item, text, 0.9, (), found, "test"), truth)
