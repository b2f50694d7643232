"""The transfer a client sends for a decision: a subset of the canonical transfer, validated.

A malformed transfer is rejected with the path of the field at fault (HTTP 422, or a
quarantine line on the stream); nothing reaches the state unvalidated.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

from moneytrail.model.transfers import Channel
from moneytrail.realtime.tx import Tx, make_tx


class TransferIn(BaseModel):
    """One transfer to decide on; amounts in minor units, the time with its zone."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    transfer_id: str = Field(min_length=1, max_length=200)
    ts: AwareDatetime
    amount_minor: int = Field(ge=0)
    currency: str = Field(min_length=3, max_length=5)
    channel: Channel
    src_instrument: str | None = Field(default=None, min_length=1)
    dst_instrument: str | None = Field(default=None, min_length=1)
    src_instrument_kind: str | None = None
    dst_instrument_kind: str | None = None
    src_party: str | None = Field(default=None, max_length=200)
    dst_party: str | None = Field(default=None, max_length=200)
    """The holders (IIN, BIN): a legal entity's end is spared some rules (`detect.rules_v3`)."""

    def to_tx(self) -> Tx:
        """The fields the features read."""
        ts: datetime = self.ts
        ends = (
            self.src_instrument,
            self.dst_instrument,
            self.src_instrument_kind,
            self.dst_instrument_kind,
        )
        parties = (self.src_party, self.dst_party)
        return make_tx(self.transfer_id, ts, self.amount_minor, self.channel.value, ends, parties)


BATCH = TypeAdapter(list[TransferIn])
"""A batch: a JSON array of transfers."""
