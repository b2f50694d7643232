"""The TRON ledger of USDT (TRC-20) transfers, with balances that never go below zero.

Rows follow `model.crypto.CRYPTO_TRANSFER_SCHEMA` (one `transfer` leg per transaction).
Balances before the world starts are the chain's state at its first block; they are
written as a table of their own, since a chain's state is public.
"""

from __future__ import annotations

from typing import Any

from moneytrail.model.crypto import TRANSFER_LEG, TRON
from moneytrail.sim.rng import Streams
from moneytrail.sim.writer import TableWriter

USDT_CONTRACT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
"""The USDT TRC-20 token contract on TRON mainnet (a public constant)."""
USDT = 10**6  # minor units per USDT
BLOCK0 = 74_000_000  # block height at the start of the world (approx.)
BLOCK_US = 3_000_000  # a TRON block every three seconds
SOURCE = "moneytrail-sim"


class TronLedger:
    """USDT balances by address and the transfers between them, in time order."""

    def __init__(self, streams: Streams, start_us: int, writer: TableWriter, file: str) -> None:
        self.streams = streams
        self.start_us = start_us
        self.writer = writer
        self.file = file
        self.balance: dict[str, int] = {}
        self.opening: dict[str, int] = {}
        self._rows: list[dict[str, Any]] = []
        self.count = 0

    def fund(self, address: str, amount: int) -> None:
        """Give an address a balance before the world starts."""
        self.balance[address] = self.balance.get(address, 0) + amount
        self.opening[address] = self.opening.get(address, 0) + amount

    def send(self, ts: int, src: str, dst: str, amount: int) -> str | None:
        """Move `amount` (minor units) at `ts`; the txid, or None when `src` lacks the funds."""
        if amount <= 0 or self.balance.get(src, 0) < amount or src == dst:
            return None
        txid = self.streams.digest("tron", self.count).hex()
        self.balance[src] -= amount
        self.balance[dst] = self.balance.get(dst, 0) + amount
        fee = 6_000_000 + int.from_bytes(bytes.fromhex(txid[:4]), "big") % 22_000_000
        self._rows.append(
            {
                "chain": TRON,
                "txid": txid,
                "block": BLOCK0 + (ts - self.start_us) // BLOCK_US,
                "ts": ts,
                "leg_kind": TRANSFER_LEG,
                "leg": 0,
                "from_address": src,
                "to_address": dst,
                "asset": "USDT",
                "contract": USDT_CONTRACT,
                "decimals": 6,
                "amount_minor": amount,
                "fee_minor": fee,
                "source": SOURCE,
                "file": self.file,
                "row": self.count,
            }
        )
        self.count += 1
        return txid

    def flush(self) -> None:
        """Hand the rows made so far to the writer."""
        self.writer.write_rows(self._rows)
        self._rows = []
