"""The accounts of decided transfers: a decision names only its transfer, so its two ends
come from the transfers table, and cards are shown by the masks the lake keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.ids.card import check_card, looks_like_card


@dataclass(frozen=True)
class Accounts:
    """The two ends of each transfer (lake instrument ids) and the masks of card tokens."""

    ends: dict[str, tuple[str | None, str | None]]
    masks: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, transfers: pa.Table, masks: dict[str, str] | None = None) -> Accounts:
        """From canonical transfers (`transfer_id`, `src_instrument`, `dst_instrument`)."""
        cols = transfers.select(["transfer_id", "src_instrument", "dst_instrument"]).to_pydict()
        ends = zip(cols["src_instrument"], cols["dst_instrument"], strict=True)
        return cls(dict(zip(cols["transfer_id"], ends, strict=True)), masks or {})

    @classmethod
    def from_lake(cls, lake: Path, transfers: pa.Table | None = None) -> Accounts:
        """From a lake's committed transfers (or `transfers`), with the lake's card masks."""
        from moneytrail.lake.read import card_masks, committed_table

        table = transfers if transfers is not None else committed_table(lake, "transfers")
        return cls.of(table, card_masks(committed_table(lake, "instruments")))

    @classmethod
    def tokenized(cls, transfers: pa.Table, tokenizer: Tokenizer) -> Accounts:
        """From transfers that still hold clear card numbers (a raw or simulated source):
        each card is replaced by its keyed token at the door and shown by its mask."""
        plain = cls.of(transfers)
        masks: dict[str, str] = {}

        def door(value: str | None) -> str | None:
            if value is None or not looks_like_card(value):
                return value
            card = check_card(value, tokenizer)
            if card.token is None or card.masked is None:
                return value  # digits but no valid card: `record` quarantines the line
            masks[card.token] = card.masked
            return card.token

        ends = {t: (door(src), door(dst)) for t, (src, dst) in plain.ends.items()}
        return cls(ends, masks)

    def shown(self, instrument: str | None) -> str | None:
        """How an account is displayed: a card by its mask when the lake has it."""
        if instrument is None:
            return None
        return self.masks.get(instrument, instrument)[:64]
