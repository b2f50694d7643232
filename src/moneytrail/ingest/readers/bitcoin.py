"""Bitcoin transactions in Bitcoin Core's verbose `getrawtransaction` JSON.

One transaction per line, a JSON array of them, or a single one. Read per transaction:
`txid`, `blocktime` (or `time`), `height`/`blockheight` when an explorer adds it, `vin`
(`txid` + `vout`, or `coinbase`; with verbosity 2 also `prevout` with `value` and
`scriptPubKey.address`), `vout` (`value` in BTC, `n`, `scriptPubKey.address`/`type`; the
older `addresses` list is read too) and `fee` (else computed when every prevout is known).
Values are parsed as exact decimals and kept in satoshi.

A transaction lands whole or is rejected whole (one bad address spoils the transaction):
its input and output legs in `crypto_transfers` (see `moneytrail.model.crypto`), outputs
paid by one address to another in `transfers`, and every address as a wallet instrument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.emit import CRYPTO, INSTRUMENTS, TRANSFERS, Tables, reject
from moneytrail.ingest.jsondoc import json_items
from moneytrail.ingest.values import FieldError, from_epoch, require, scaled, shown, to_decimal
from moneytrail.model.crypto import (
    BITCOIN,
    INPUT_LEG,
    OUTPUT_LEG,
    as_transfer,
    crypto_row,
    wallet_id,
)
from moneytrail.model.ids.bitcoin import check_btc
from moneytrail.model.record_schemas import instrument_row
from moneytrail.model.records import CryptoWalletRecord
from moneytrail.model.transfers import MINOR_UNITS

SATOSHI = MINOR_UNITS["BTC"]
_TXID = re.compile(r"[0-9a-fA-F]{64}")
Row = tuple[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Leg:
    """One input or output: its index, address and value when known, script type."""

    index: int
    address: str | None
    amount: int | None
    script_type: str | None
    prev_txid: str | None = None
    prev_vout: int | None = None
    coinbase: bool = False


@dataclass(frozen=True, slots=True)
class BitcoinTx:
    """A checked transaction."""

    txid: str
    block: int | None
    ts: datetime
    inputs: tuple[Leg, ...]
    outputs: tuple[Leg, ...]
    fee: int | None


def _txid(value: object, field: str) -> str:
    text = require(value, field)
    if not _TXID.fullmatch(text):
        raise FieldError(field, f"{shown(text)} is not a 64-digit hex transaction id")
    return text.lower()


def _index(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise FieldError(field, f"{shown(value)} is not an index")
    return value


def _object(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(field, f"{shown(value)} is not an object")
    return value


def _list(value: object, field: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise FieldError(field, "is missing or empty")
    return value


def _sats(value: object, field: str) -> int:
    amount = to_decimal(value, field)
    if amount < 0:
        raise FieldError(field, f"{amount} is negative")
    return scaled(amount, SATOSHI, field)


def _script(data: dict[str, Any], field: str) -> tuple[str | None, str | None]:
    """(address, type) of a `scriptPubKey`; no address for OP_RETURN and bare scripts."""
    script = _object(data.get("scriptPubKey"), f"{field}.scriptPubKey")
    address = script.get("address")
    if address is None and isinstance(script.get("addresses"), list) and script["addresses"]:
        address = script["addresses"][0]
    kind = script.get("type")
    if address is None:
        return None, kind if isinstance(kind, str) else None
    result = check_btc(require(address, f"{field}.scriptPubKey.address"))
    if not result.valid:
        problem = f"{shown(address)} is not a Bitcoin address: {result.reason}"
        raise FieldError(f"{field}.scriptPubKey.address", problem)
    return result.normalized, kind if isinstance(kind, str) else None


def _input(index: int, value: object) -> Leg:
    field = f"vin[{index}]"
    data = _object(value, field)
    if "coinbase" in data:
        return Leg(index, None, None, None, coinbase=True)
    prev_txid = _txid(data.get("txid"), f"{field}.txid")
    prev_vout = _index(data.get("vout"), f"{field}.vout")
    prevout = data.get("prevout")
    if prevout is None:
        return Leg(index, None, None, None, prev_txid, prev_vout)
    prevout = _object(prevout, f"{field}.prevout")
    address, kind = _script(prevout, f"{field}.prevout")
    amount = _sats(prevout.get("value"), f"{field}.prevout.value")
    return Leg(index, address, amount, kind, prev_txid, prev_vout)


def _output(position: int, value: object) -> Leg:
    field = f"vout[{position}]"
    data = _object(value, field)
    address, kind = _script(data, field)
    n = _index(data.get("n", position), f"{field}.n")
    return Leg(n, address, _sats(data.get("value"), f"{field}.value"), kind)


def _fee(data: dict[str, Any], inputs: tuple[Leg, ...], outputs: tuple[Leg, ...]) -> int | None:
    if data.get("fee") is not None:
        return _sats(data["fee"], "fee")
    spent = [leg.amount for leg in inputs]
    if any(leg.coinbase for leg in inputs) or None in spent:
        return None
    fee = sum(a for a in spent if a is not None) - sum(leg.amount or 0 for leg in outputs)
    if fee < 0:
        raise FieldError("vout", "outputs are worth more than the inputs they spend")
    return fee


def parse_tx(value: object) -> BitcoinTx:
    """A transaction from its verbose JSON; FieldError naming the first bad field."""
    data = _object(value, "record")
    txid = _txid(data.get("txid"), "txid")
    moment = data.get("blocktime", data.get("time"))
    if moment is None:
        raise FieldError("blocktime", "is missing (an unconfirmed transaction has no time)")
    block = data.get("height", data.get("blockheight"))
    inputs = tuple(_input(i, v) for i, v in enumerate(_list(data.get("vin"), "vin")))
    outputs = tuple(_output(i, v) for i, v in enumerate(_list(data.get("vout"), "vout")))
    return BitcoinTx(
        txid=txid,
        block=None if block is None else _index(block, "height"),
        ts=from_epoch(moment, "blocktime"),
        inputs=inputs,
        outputs=outputs,
        fee=_fee(data, inputs, outputs),
    )


def _payer(tx: BitcoinTx) -> str | None:
    """The one address every input spends from, if there is one and all inputs are known."""
    addresses = {leg.address for leg in tx.inputs}
    if len(addresses) == 1 and not any(leg.coinbase for leg in tx.inputs):
        return addresses.pop()
    return None


def tx_rows(tx: BitcoinTx, ctx: ReadContext, path: Path, line: int) -> list[Row]:
    """The transaction's legs, its payments, and its addresses as wallets."""
    where: dict[str, Any] = {"source": ctx.source, "file": str(path), "row": line}
    known = sorted({leg.address for leg in tx.inputs if leg.address is not None})
    common = dict(
        chain=BITCOIN, txid=tx.txid, block=tx.block, ts=tx.ts, input_addresses=known,
        asset="BTC", decimals=SATOSHI, fee_minor=tx.fee, **where,
    )  # fmt: skip
    legs = [
        crypto_row(**common, leg_kind=INPUT_LEG, leg=leg.index, from_address=leg.address,
                   amount_minor=leg.amount, prev_txid=leg.prev_txid, prev_vout=leg.prev_vout,
                   script_type=leg.script_type, coinbase=leg.coinbase)
        for leg in tx.inputs
    ]  # fmt: skip
    payer = _payer(tx)
    legs += [
        crypto_row(**common, leg_kind=OUTPUT_LEG, leg=leg.index, from_address=payer,
                   to_address=leg.address, amount_minor=leg.amount, script_type=leg.script_type)
        for leg in tx.outputs
    ]  # fmt: skip
    rows: list[Row] = [(CRYPTO, leg) for leg in legs]
    rows += [(TRANSFERS, t) for leg in legs if (t := as_transfer(leg)) is not None]
    addresses = {leg.address for leg in (*tx.inputs, *tx.outputs) if leg.address is not None}
    for address in sorted(addresses):
        wallet = CryptoWalletRecord(
            id=wallet_id(BITCOIN, address), address=address, chain=BITCOIN, **where
        )
        rows.append((INSTRUMENTS, instrument_row(wallet)))
    return rows


class BitcoinReader:
    """Bitcoin Core verbose transactions (JSON lines, an array, or one object)."""

    name: ClassVar[str] = "bitcoin"

    def sniff(self, path: Path, head: bytes) -> bool:  # noqa: ARG002 - the content decides
        """JSON that names `txid` and `vin`, with `vout`, `scriptSig` or `coinbase`."""
        has_leg = any(key in head for key in (b'"vout"', b'"scriptSig"', b'"coinbase"'))
        return b'"txid"' in head and b'"vin"' in head and has_leg

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """All legs of each transaction, or one rejection naming its first bad field."""
        tables, seen = Tables(), dict[str, int]()
        for item in json_items(path, exact=True):
            try:
                if item.error is not None:
                    raise ValueError(item.error)
                tx = parse_tx(item.value)
                if tx.txid in seen:
                    raise FieldError(
                        "txid", f"duplicate of the transaction at line {seen[tx.txid]}"
                    )
            except ValueError as exc:
                yield reject(CRYPTO, path, item.line, str(exc), item.raw)
                continue
            seen[tx.txid] = item.line
            yield from tables.add_all(tx_rows(tx, ctx, path, item.line))
        yield from tables.flush()
