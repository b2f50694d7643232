"""Requisites found online resolved to instruments in the lake; each hit becomes a lead.

Written against an Arrow instruments table (`instruments` in the lake, or any Parquet file
with the same columns): `instrument_id`, and whichever of `card_tokens` (list of keyed card
tokens), `iban`, `address` (crypto wallets) and `phone` (E.164) it has. Cards are matched by
keyed token only (`check_card(pan, Tokenizer(key)).token`), never in clear.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail.osint.analyze import Analysis
from moneytrail.osint.found import Found

WALLET_KINDS = frozenset({"tron", "btc", "evm"})
Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Lead:
    """A shop (channel, site or photo) tied to an instrument through a published requisite."""

    shop: str
    item_id: str
    kind: str
    requisite: str  # masked form
    instrument_id: str
    score: float  # the item's ad score

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "shop": self.shop,
            "item": self.item_id,
            "kind": self.kind,
            "requisite": self.requisite,
            "instrument_id": self.instrument_id,
            "ad_score": round(self.score, 4),
        }


def lookup_key(found: Found) -> Key | None:
    """How the requisite is looked up: card token, IBAN, wallet address or E.164 phone."""
    if found.kind == "card":
        return ("card", found.token) if found.token else None
    if found.kind in WALLET_KINDS:
        return "wallet", found.value
    if found.kind in ("iban", "phone"):
        return found.kind, found.value
    return None


def instrument_index(table: pa.Table) -> dict[Key, list[str]]:
    """Instrument ids by lookup key."""
    index: dict[Key, list[str]] = {}
    for row in table.to_pylist():
        for key in _row_keys(row):
            index.setdefault(key, []).append(str(row["instrument_id"]))
    return index


def _row_keys(row: dict[str, Any]) -> Iterator[Key]:
    for token in row.get("card_tokens") or ():
        yield "card", str(token)
    if row.get("iban"):
        yield "iban", str(row["iban"]).replace(" ", "").upper()
    if row.get("address"):
        yield "wallet", str(row["address"])
    if row.get("phone"):
        yield "phone", str(row["phone"])


def leads(analyses: Iterable[Analysis], index: dict[Key, list[str]]) -> list[Lead]:
    """Every (shop, requisite, instrument) hit among items scored as ads."""
    out: dict[tuple[str, str, str], Lead] = {}
    for analysis in analyses:
        if not analysis.is_ad:
            continue
        shop = analysis.item.channel or analysis.item.item_id
        for found in analysis.found:
            key = lookup_key(found)
            for instrument in index.get(key, ()) if key else ():
                lead = Lead(
                    shop, analysis.item.item_id, found.kind, found.masked, instrument,
                    analysis.probability,
                )  # fmt: skip
                out.setdefault((shop, found.masked, instrument), lead)
    return list(out.values())


def read_instruments(path: Path) -> pa.Table:
    """An instruments table from a Parquet file."""
    return pq.read_table(path)
