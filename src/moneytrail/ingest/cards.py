"""Card numbers tokenized at the door: a whole column at once, each distinct number once.

A clear PAN is checked (`model.ids.card.check_card`) and replaced by its keyed token; its
masked form is kept for display. A value that is already a token stays as it is; a value
that is not a valid card number is reported, so that its row can be rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.ingest.vector import Column
from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.ids.card import check_card
from moneytrail.model.records import CARD_TOKEN


@dataclass(slots=True)
class CardVault:
    """Tokens and masks of the cards seen in one file (clear numbers only in memory)."""

    tokenizer: Tokenizer
    masks: dict[str, str] = field(default_factory=dict)
    """token -> masked number, for every card tokenized."""
    _seen: dict[str, str | None] = field(default_factory=dict)

    def tokenize(self, values: Column, is_card: Column) -> tuple[Column, Column]:
        """`values` with cards replaced by tokens, and where a card is not a valid number."""
        is_card = pc.fill_null(is_card, False)
        if not pc.any(is_card).as_py():
            return values, pa.repeat(pa.scalar(False), len(values))
        distinct = pc.unique(pc.filter(values, is_card)).drop_null()
        tokens = pa.array([self._token(v) for v in distinct.to_pylist()], pa.string())
        mapped = pc.take(tokens, pc.index_in(values, value_set=distinct))
        bad = pc.and_kleene(is_card, pc.is_null(mapped))
        return pc.if_else(is_card, mapped, values), pc.fill_null(bad, True)

    def _token(self, value: str) -> str | None:
        if value in self._seen:
            return self._seen[value]
        token = value if CARD_TOKEN.fullmatch(value) else None
        if token is None:
            result = check_card(value, self.tokenizer)
            token = result.token if result.valid else None
            if token is not None and result.masked is not None:
                self.masks[token] = result.masked
        self._seen[value] = token
        return token
