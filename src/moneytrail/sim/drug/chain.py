"""Crypto actions of the drug engine that wait for their moment in the queue."""

from __future__ import annotations

from moneytrail.sim.drug.engine import Engine


def tron_transfer(
    e: Engine, ts: int, src: str, dst: str, amount: int, stage: str, shop: int
) -> str | None:
    """Send USDT now if the sender has it; label the transfer."""
    txid = e.crypto.tron.send(ts, src, dst, amount)
    if txid is not None:
        e.sink.crypto_label(txid, "tron", stage, shop)
    return txid


def btc_payment(
    e: Engine, ts: int, wallet: str, outputs: list[tuple[str, int]], stage: str, shop: int
) -> str | None:
    """Pay bitcoin outputs from a wallet now if it can; label the transaction."""
    feerate = 4 + int(e.rng.integers(0, 20))
    txid = e.crypto.btc.pay(ts, wallet, outputs, feerate)
    if txid is not None:
        e.sink.crypto_label(txid, "bitcoin", stage, shop)
    return txid
