"""What a trace runs over: bank transfers and on-chain transfers as one transfers table.

Account-chain legs (TRON, Ethereum) of a `crypto_transfers` table become transfers between
wallets (`moneytrail.model.crypto.as_transfer`); Bitcoin becomes transfers between co-spend
clusters (`trace.clusters`). `sim_world` reads a simulated world's files the same way, with
the market's daily USDT rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from moneytrail.graph.build import GraphError, read_transfers
from moneytrail.model.crypto import ACCOUNT_CHAINS, BITCOIN, TRON, as_transfer, wallet_id
from moneytrail.model.transfers import MINOR_UNITS, TRANSFER_SCHEMA
from moneytrail.trace.clusters import bitcoin_transfers

SIM_FILES = {
    "transfers": "observable/bank/transfers",
    "tron": "observable/crypto/tron_usdt_transfers.parquet",
    "bitcoin": "derived/bitcoin_legs.parquet",
    "rates": "observable/market/rates.parquet",
}


def canonical(table: pa.Table) -> pa.Table:
    """The table with exactly the `TRANSFER_SCHEMA` columns (absent ones null)."""
    columns = []
    for field in TRANSFER_SCHEMA:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=TRANSFER_SCHEMA.remove_metadata())


def account_chain_transfers(crypto: pa.Table) -> pa.Table:
    """The TRON and Ethereum legs of a `crypto_transfers` table that are payments."""
    chain = pc.is_in(crypto.column("chain"), pa.array(sorted(ACCOUNT_CHAINS)))
    rows = crypto.filter(chain).to_pylist()
    mapped = [t for row in rows if (t := as_transfer(row)) is not None]
    return canonical(pa.Table.from_pylist(mapped, schema=TRANSFER_SCHEMA.remove_metadata()))


@dataclass(frozen=True, slots=True)
class Traceable:
    """A transfers table to trace, and other names of its instruments (Bitcoin addresses →
    their cluster)."""

    table: pa.Table
    aliases: dict[str, str]


def combine(bank: pa.Table, crypto: pa.Table | None) -> Traceable:
    """Bank transfers, then the on-chain ones that are not already among them (Bitcoin
    transfers between addresses give way to those between clusters)."""
    tables, aliases = [canonical(bank)], {}
    if crypto is not None and crypto.num_rows:
        if pc.any(pc.equal(crypto.column("chain"), BITCOIN)).as_py():
            address_level = pc.equal(tables[0].column("chain"), BITCOIN).fill_null(False)
            tables[0] = tables[0].filter(pc.invert(address_level))
        bitcoin, clusters = bitcoin_transfers(crypto)
        aliases = clusters.aliases
        chains = [account_chain_transfers(crypto), canonical(bitcoin)]
        known = tables[0].column("transfer_id")
        tables += [t.filter(pc.invert(pc.is_in(t.column("transfer_id"), known))) for t in chains]
    return Traceable(pa.concat_tables(tables), aliases)


def sim_rates(world: Path) -> dict[date, float]:
    """A simulated world's tenge per USDT by day."""
    rates = pq.read_table(world / SIM_FILES["rates"], columns=["date", "usdt_kzt"])
    days, values = rates.column("date").to_pylist(), rates.column("usdt_kzt").to_pylist()
    return {d: float(v) for d, v in zip(days, values, strict=True)}


def sim_world(world: Path) -> Traceable:
    """A simulated world's bank, TRON and Bitcoin transfers as one table (cards in clear)."""
    missing = [p for p in SIM_FILES.values() if not (world / p).exists()]
    if missing:
        raise GraphError(f"{world}: not a simulated world, missing {', '.join(missing)}")
    crypto = pa.concat_tables(
        [
            pq.read_table(world / SIM_FILES["tron"]),
            pq.read_table(world / SIM_FILES["bitcoin"]),
        ],
        promote_options="permissive",
    )
    return combine(read_transfers(world / SIM_FILES["transfers"]), crypto)


def sim_balances(world: Path, usdt_kzt: float) -> dict[str, float]:
    """Opening balances in tenge the world's banks and TRON show: each account's, also under
    each of its cards, and each TRON address's USDT at `usdt_kzt`."""
    bank = world / "observable/bank"
    accounts = pq.read_table(bank / "accounts.parquet", columns=["iban", "opening_balance_minor"])
    opening = {
        r["iban"]: r["opening_balance_minor"] / 10 ** MINOR_UNITS["KZT"]
        for r in accounts.to_pylist()
        if r["opening_balance_minor"]
    }
    cards = pq.read_table(bank / "cards.parquet", columns=["pan", "account_iban"]).to_pylist()
    out = opening | {
        c["pan"]: opening[c["account_iban"]] for c in cards if c["account_iban"] in opening
    }
    tron = pq.read_table(world / "observable/crypto/tron_opening_balances.parquet").to_pylist()
    usdt = 10 ** MINOR_UNITS["USDT"]
    return out | {wallet_id(TRON, r["address"]): r["amount_minor"] / usdt * usdt_kzt for r in tron}
