"""The Bitcoin ledger: wallets of unspent outputs, transactions with change, two renderings.

Each transaction is written as legs in `model.crypto.CRYPTO_TRANSFER_SCHEMA` (one row per
input, one per output) and as a line of Bitcoin Core's verbose `getrawtransaction` answer
(`txid`, `vin` with `txid`/`vout`, `vout` with `value`/`n`/`scriptPubKey.address`). Inputs
are spent oldest first; change goes to a new address of the paying wallet; the fee is a
feerate times an estimated virtual size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moneytrail.model.crypto import BITCOIN, INPUT_LEG, OUTPUT_LEG
from moneytrail.sim.crypto.wallets import Holder, Registry
from moneytrail.sim.rng import Streams
from moneytrail.sim.writer import JsonLines, TableWriter

SAT = 10**8
DUST = 546
HEIGHT0 = 940_000  # block height at the start of the world (approx.)
BLOCK_US = 600_000_000
SOURCE = "moneytrail-sim"
CHANGE_FRESH = 0.5  # share of change sent to a new address (the rest reuses one)
_VSIZE = {"witness_v0_keyhash": 68, "pubkeyhash": 148, "witness_v1_taproot": 58}


@dataclass(slots=True)
class Utxo:
    """An unspent output."""

    txid: str
    vout: int
    value: int
    address: str


class BtcLedger:
    """Wallets' unspent outputs and the transactions that move them."""

    def __init__(
        self,
        streams: Streams,
        registry: Registry,
        start_us: int,
        legs: TableWriter,
        raw: JsonLines,
        file: str,
    ) -> None:
        self.streams, self.registry, self.start_us = streams, registry, start_us
        self.legs, self.raw, self.file = legs, raw, file
        self.utxos: dict[str, list[Utxo]] = {}
        self.owner: dict[str, str] = {}  # address -> wallet
        self.holder: dict[str, Holder] = {}  # wallet -> holder of its change addresses
        self.addresses: dict[str, list[str]] = {}  # wallet -> its addresses, oldest first
        self._rows: list[dict[str, Any]] = []
        self._lines: list[dict[str, Any]] = []
        self.count = 0
        self.row = 0

    def wallet(self, name: str, holder: Holder) -> str:
        """Open a wallet; its first receiving address."""
        self.holder[name] = holder
        self.utxos.setdefault(name, [])
        return self.address(name)

    def address(self, wallet: str) -> str:
        """A new address of `wallet`."""
        address = self.registry.bitcoin(self.holder[wallet])
        self.owner[address] = wallet
        self.addresses.setdefault(wallet, []).append(address)
        return address

    def receive_address(self, wallet: str, fresh: float) -> str:
        """An address of `wallet` to be paid at: a new one with probability `fresh`."""
        known = self.addresses.get(wallet, [])
        draw = self.registry.rng.random()
        if not known or draw < fresh:
            return self.address(wallet)
        return known[int(draw * 7919) % len(known)]

    def fund(self, wallet: str, value: int) -> None:
        """An output the wallet received before the world starts."""
        txid = self.streams.digest("btc-genesis", wallet, len(self.utxos[wallet])).hex()
        self.utxos[wallet].append(Utxo(txid, 0, value, self.address(wallet)))

    def balance(self, wallet: str) -> int:
        """The wallet's spendable satoshis."""
        return sum(u.value for u in self.utxos.get(wallet, ()))

    def pay(self, ts: int, wallet: str, outputs: list[tuple[str, int]], feerate: int) -> str | None:
        """Pay `outputs` (address, satoshis) from `wallet`; the txid, or None if it cannot."""
        want = sum(value for _, value in outputs)
        spent, total = self._select(wallet, want, len(outputs), feerate)
        if not spent:
            return None
        vsize = self._vsize(spent, len(outputs) + 1)
        fee = vsize * feerate
        change = total - want - fee
        outs = list(outputs)
        if change >= DUST:
            outs.append((self.receive_address(wallet, CHANGE_FRESH), change))
        else:
            fee += change
        txid = self.streams.digest("btc", self.count).hex()
        self.count += 1
        gone = {id(u) for u in spent}
        self.utxos[wallet] = [u for u in self.utxos[wallet] if id(u) not in gone]
        for n, (address, value) in enumerate(outs):
            receiver = self.owner.get(address)
            if receiver is not None:
                self.utxos[receiver].append(Utxo(txid, n, value, address))
        self._record(ts, txid, spent, outs, fee, vsize)
        return txid

    def flush(self) -> None:
        """Hand the transactions made so far to the writers."""
        self.legs.write_rows(self._rows)
        self.raw.write(self._lines)
        self._rows, self._lines = [], []

    def _select(self, wallet: str, want: int, outs: int, feerate: int) -> tuple[list[Utxo], int]:
        chosen: list[Utxo] = []
        total = 0
        for utxo in self.utxos.get(wallet, ()):
            chosen.append(utxo)
            total += utxo.value
            if total >= want + self._vsize(chosen, outs + 1) * feerate:
                return chosen, total
        return [], 0

    def _vsize(self, spent: list[Utxo], outs: int) -> int:
        types = [self.registry.btc[u.address].script_type for u in spent]
        return 11 + sum(_VSIZE[t] for t in types) + 31 * outs

    def _record(
        self,
        ts: int,
        txid: str,
        spent: list[Utxo],
        outs: list[tuple[str, int]],
        fee: int,
        vsize: int,
    ) -> None:
        height = HEIGHT0 + (ts - self.start_us) // BLOCK_US + 1
        block_ts = self.start_us + (height - HEIGHT0) * BLOCK_US
        senders = sorted({u.address for u in spent})
        common = {
            "chain": BITCOIN,
            "txid": txid,
            "block": height,
            "ts": block_ts,
            "input_addresses": senders,
            "asset": "BTC",
            "decimals": 8,
            "fee_minor": fee,
            "source": SOURCE,
            "file": self.file,
            "coinbase": False,
        }
        single = senders[0] if len(senders) == 1 else None
        for i, u in enumerate(spent):
            self._row(
                common,
                leg_kind=INPUT_LEG,
                leg=i,
                from_address=u.address,
                amount_minor=u.value,
                prev_txid=u.txid,
                prev_vout=u.vout,
                script_type=self.registry.btc[u.address].script_type,
            )
        for n, (address, value) in enumerate(outs):
            self._row(
                common,
                leg_kind=OUTPUT_LEG,
                leg=n,
                from_address=single,
                to_address=address,
                amount_minor=value,
                script_type=self.registry.btc[address].script_type,
            )
        self._lines.append(self._verbose(txid, spent, outs, vsize, height, block_ts))

    def _row(self, common: dict[str, Any], **cells: Any) -> None:
        self._rows.append({**common, **cells, "row": self.row})
        self.row += 1

    def _verbose(
        self,
        txid: str,
        spent: list[Utxo],
        outs: list[tuple[str, int]],
        vsize: int,
        height: int,
        block_ts: int,
    ) -> dict[str, Any]:
        """The transaction as `getrawtransaction <txid> 1` prints it (no raw hex)."""
        seconds = block_ts // 1_000_000
        return {
            "txid": txid,
            "hash": self.streams.digest("wtxid", txid).hex(),
            "version": 2,
            "size": vsize + 2 * len(spent) * 27,
            "vsize": vsize,
            "weight": vsize * 4,
            "locktime": 0,
            "vin": [{"txid": u.txid, "vout": u.vout, "sequence": 4294967293} for u in spent],
            "vout": [
                {
                    "value": value / SAT,
                    "n": n,
                    "scriptPubKey": {
                        "hex": self.registry.btc[address].script_hex,
                        "address": address,
                        "type": self.registry.btc[address].script_type,
                    },
                }
                for n, (address, value) in enumerate(outs)
            ],
            "blockhash": self.streams.digest("block", height).hex(),
            "time": seconds,
            "blocktime": seconds,
        }
