"""On-chain transfers as the `crypto_transfers` table, and their view as canonical transfers.

One row is one leg of a transaction; `(chain, txid, leg_kind, leg)` is its key.

- Account chains (TRON, Ethereum): one `transfer` row per token or coin movement,
  `from_address` → `to_address`; `leg` is the movement's order within the transaction.
- Bitcoin (UTXO): one `input` row per spent output (`leg` = vin index; `prev_txid`:`prev_vout`
  names the spent outpoint, its address and value when the source gives the prevout; a
  `coinbase` input has neither) and one `output` row per created output (`leg` = vout `n`,
  `to_address` null for OP_RETURN and bare scripts). Every row of a transaction carries the
  distinct input addresses in `input_addresses`, so co-spend clustering (all inputs of a
  transaction have one owner, unless it is a CoinJoin) is one group-by, and change detection
  can compare each output with the inputs (`script_type`, amounts, address reuse).
  `from_address` is set on outputs only when every input is known and has the same address.

Amounts are integers in the asset's smallest unit (`decimals` says which: USDT on TRON 6,
BTC 8 = satoshi, TRX 6 = sun); null only for a Bitcoin input whose prevout was not given.
`fee_minor` is the transaction's fee in the chain's native asset, the same on each of its
rows (aggregate it per txid, never sum it over rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from moneytrail.model.transfers import MINOR_UNITS, TRANSFER_SCHEMA, Channel, InstrumentKind

TRON, BITCOIN, ETHEREUM = "tron", "bitcoin", "ethereum"
ACCOUNT_CHAINS = frozenset({TRON, ETHEREUM})
TRANSFER_LEG, INPUT_LEG, OUTPUT_LEG = "transfer", "input", "output"

CRYPTO_TRANSFER_SCHEMA = pa.schema(
    [
        pa.field("chain", pa.string(), nullable=False),
        pa.field("txid", pa.string(), nullable=False),
        pa.field("block", pa.int64(), nullable=True),
        pa.field("ts", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("leg_kind", pa.string(), nullable=False),
        pa.field("leg", pa.int32(), nullable=False),
        pa.field("from_address", pa.string(), nullable=True),
        pa.field("to_address", pa.string(), nullable=True),
        pa.field("input_addresses", pa.list_(pa.string()), nullable=True),
        pa.field("asset", pa.string(), nullable=False),
        pa.field("contract", pa.string(), nullable=True),
        pa.field("decimals", pa.int32(), nullable=False),
        pa.field("amount_minor", pa.int64(), nullable=True),
        pa.field("fee_minor", pa.int64(), nullable=True),
        pa.field("prev_txid", pa.string(), nullable=True),
        pa.field("prev_vout", pa.int32(), nullable=True),
        pa.field("script_type", pa.string(), nullable=True),
        pa.field("coinbase", pa.bool_(), nullable=True),
        pa.field("source", pa.string(), nullable=False),
        pa.field("file", pa.string(), nullable=True),
        pa.field("row", pa.int64(), nullable=True),
    ],
    metadata={"moneytrail.schema": "crypto_transfer", "moneytrail.version": "1"},
)


def wallet_id(chain: str, address: str) -> str:
    """The instrument id of an address: `tron:T...`, `bitcoin:bc1...`."""
    return f"{chain}:{address}"


def crypto_row(**cells: Any) -> dict[str, Any]:
    """A `CRYPTO_TRANSFER_SCHEMA` row: the given cells, the others null."""
    if unknown := set(cells) - set(CRYPTO_TRANSFER_SCHEMA.names):
        raise KeyError(f"not crypto_transfers columns: {sorted(unknown)}")
    return dict.fromkeys(CRYPTO_TRANSFER_SCHEMA.names) | cells


def _bitcoin_payment(row: Mapping[str, Any]) -> bool:
    """An output paid by one known address to another (change back to an input is not)."""
    inputs = row.get("input_addresses") or ()
    return (
        row["leg_kind"] == OUTPUT_LEG
        and row.get("from_address") is not None
        and row.get("to_address") is not None
        and row["to_address"] not in inputs
    )


def _mappable(row: Mapping[str, Any]) -> bool:
    if row.get("amount_minor") is None or MINOR_UNITS.get(row["asset"]) != row["decimals"]:
        return False
    if row["chain"] in ACCOUNT_CHAINS:
        return bool(row["leg_kind"] == TRANSFER_LEG and row.get("from_address"))
    return row["chain"] == BITCOIN and _bitcoin_payment(row)


def _side(prefix: str, chain: str, address: str | None) -> dict[str, Any]:
    if address is None:
        return {}
    kind = InstrumentKind.WALLET.value
    return {f"{prefix}_instrument": wallet_id(chain, address), f"{prefix}_instrument_kind": kind}


def as_transfer(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The `TRANSFER_SCHEMA` row of one crypto leg, or None when it is not one payment.

    A leg maps when its asset is in `MINOR_UNITS` with the same decimals (USDT on TRON, BTC),
    and it is an account-chain transfer, or a Bitcoin output paid by a single input address
    to another address. Multi-owner Bitcoin transactions stay in `crypto_transfers` only,
    for clustering. `transfer_id` is `<chain>:<txid>:<leg>`; the channel `crypto_transfer`.
    """
    if not _mappable(row):
        return None
    chain = row["chain"]
    transfer = dict.fromkeys(TRANSFER_SCHEMA.names) | {
        "transfer_id": f"{chain}:{row['txid']}:{row['leg']}",
        "ts": row["ts"],
        "amount_minor": row["amount_minor"],
        "currency": row["asset"],
        "chain": chain,
        "channel": Channel.CRYPTO_TRANSFER.value,
        "source": row["source"],
        "file": row.get("file"),
        "row": row.get("row"),
    }
    src, dst = row.get("from_address"), row.get("to_address")
    return transfer | _side("src", chain, src) | _side("dst", chain, dst)
