"""One item analysed: normalised text beside the raw, ad score with reasons, requisites."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.extract import extract, hrefs, unique
from moneytrail.osint.found import Found
from moneytrail.osint.handles_repair import repaired_handles
from moneytrail.osint.items import Item
from moneytrail.osint.known_handles import assisted_handles
from moneytrail.osint.model import AdModel, Reason
from moneytrail.osint.normalize import normalize

AD_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the scanner found in one item."""

    item: Item
    normalized: str
    probability: float
    reasons: tuple[Reason, ...]
    found: tuple[Found, ...]
    model_version: str
    qr: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_ad(self) -> bool:
        """Whether the score passes the ad threshold."""
        return self.probability >= AD_THRESHOLD

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: evidence (raw and normalised text), score, reasons, requisites."""
        item = self.item
        return {
            "id": item.item_id,
            "source": item.source,
            "path": item.path,
            "channel": item.channel,
            "date": item.date,
            "is_ad": self.is_ad,
            "score": round(self.probability, 4),
            "model": self.model_version,
            "reasons": [reason.to_json() for reason in self.reasons],
            "raw_text": item.text,
            "normalized_text": self.normalized,
            "qr": list(self.qr),
            "found": [found.to_json() for found in self.found],
        }


def analyze(item: Item, model: AdModel, tokenizer: Tokenizer | None) -> Analysis:
    """Score a text item and extract its requisites and contacts."""
    doc = normalize(item.text)
    score = model.score(doc)
    found = extract(item.text, tokenizer) + hrefs(item.hrefs)
    return Analysis(
        item, doc.text, score.probability, score.reasons, tuple(unique(found)), model.version
    )


def analyze_image(
    item: Item,
    qr: tuple[str, ...],
    model: AdModel,
    tokenizer: Tokenizer | None,
    known: frozenset[str] = frozenset(),
) -> Analysis:
    """An image's OCR text scored, with handles repaired (and snapped to `known` handles, if
    any: see `known_handles`) and QR payloads read as links."""
    doc = normalize(item.text)
    score = model.score(doc)
    found = ocr_found(item.text, tokenizer, known)
    found += hrefs(qr, "qr") + [f for p in qr for f in extract(p, tokenizer, "qr")]
    return Analysis(
        item, doc.text, score.probability, score.reasons, tuple(unique(found)), model.version, qr
    )


def ocr_found(
    text: str, tokenizer: Tokenizer | None, known: frozenset[str] = frozenset()
) -> list[Found]:
    """Requisites and contacts of OCR text, handles repaired (and snapped to `known`)."""
    handles = assisted_handles(text, known) if known else repaired_handles(text)
    return extract(text, tokenizer, "ocr") + handles
