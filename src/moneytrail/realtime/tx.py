"""A transfer as the online path sees it, and its legs (one per known end).

Leg flags come from the batch definitions in `moneytrail.features.legs`, so that a round
amount, a night hour, an ATM cash-out or a crypto counterparty mean the same thing online.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from moneytrail.detect.ends import NOWHERE, Ends, ends_of
from moneytrail.features.legs import CRYPTO_CHANNELS, CRYPTO_KINDS, NIGHT_HOURS, ROUND_MINOR
from moneytrail.realtime.windowstore import INCOMING, IS_ATM, IS_CRYPTO, IS_NIGHT, IS_ROUND

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)


class Tx(NamedTuple):
    """The fields of a canonical transfer that features read; `t` in whole epoch seconds."""

    transfer_id: str
    t: int
    hour: int
    amount: int
    channel: str
    src: str | None
    dst: str | None
    src_kind: str | None
    dst_kind: str | None
    ends: Ends = (NOWHERE, NOWHERE)
    """What the rules see of the two ends (`detect.ends`)."""


class Leg(NamedTuple):
    """One end of a transfer, seen from `account`; `flags` are its window-store bits
    (`INCOMING`, `IS_ROUND`, `IS_NIGHT`, `IS_ATM`, `IS_CRYPTO`)."""

    account: str
    cp: str | None
    t: int
    amount: int
    incoming: int
    flags: int


def make_tx(
    transfer_id: str,
    ts: datetime,
    amount_minor: int,
    channel: str,
    ends: tuple[str | None, str | None, str | None, str | None],
    parties: tuple[str | None, str | None] = (None, None),
) -> Tx:
    """A `Tx` from a timestamp, (src, dst, src_kind, dst_kind) and the holders (src_party,
    dst_party: IIN, BIN or unknown); `ts` must be aware."""
    src, dst, src_kind, dst_kind = ends
    t = (ts - _EPOCH) // _SECOND  # exact floor, as `unix_timestamp` in the batch pipeline
    hour = ts.astimezone(UTC).hour
    seen = ends_of(src_kind, parties[0], dst_kind, parties[1])
    return Tx(transfer_id, t, hour, amount_minor, channel, src, dst, src_kind, dst_kind, seen)


def legs(tx: Tx) -> list[Leg]:
    """The outgoing leg (sender) first, then the incoming (receiver); unknown ends skipped."""
    out: list[Leg] = []
    common = (
        IS_ROUND * (tx.amount % ROUND_MINOR == 0)
        | IS_NIGHT * (tx.hour in NIGHT_HOURS)
        | IS_ATM * (tx.channel == "atm_cash_out")
    )
    crypto_channel = tx.channel in CRYPTO_CHANNELS
    if tx.src is not None:
        crypto = IS_CRYPTO * (crypto_channel or tx.dst_kind in CRYPTO_KINDS)
        out.append(Leg(tx.src, tx.dst, tx.t, tx.amount, 0, common | crypto))
    if tx.dst is not None:
        crypto = IS_CRYPTO * (crypto_channel or tx.src_kind in CRYPTO_KINDS)
        out.append(Leg(tx.dst, tx.src, tx.t, tx.amount, 1, INCOMING | common | crypto))
    return out
