"""moneytrail's synthetic world (`moneytrail sim`): its canonical Parquet files and labels.

A Parquet file whose Arrow schema names a canonical table (`moneytrail.schema` metadata:
`transfer`, `crypto_transfer`, `party`, `instrument`, ...) lands in that table; the
simulator's customs declarations land in `declarations`, its cards, accounts, wallets,
people and companies in `instruments` and `parties` (see `sim_registry`); its
`truth/transfer_labels` land in `labels` (`drug_money`, or `exchanger_trade` for an
exchanger's ordinary business, with the stage as typology and the shop as group). Card
numbers, in clear in the simulator's transfers, are tokenized here; each card's masked form
lands in `instruments`.
Row ids are the simulator's; `file` and `row` are set here, `source` kept when given.
The world's posts and passengers are not Parquet: its Telegram exports, web pages and
PAXLST/PNRGOV files are read by the `telegram`, `web`, `paxlst` and `pnrgov` readers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from moneytrail.ingest import vector as v
from moneytrail.ingest.cards import CardVault
from moneytrail.ingest.contract import Item, Landed, ReadContext, ReaderError
from moneytrail.ingest.readers import sim_registry
from moneytrail.ingest.readers.common import (
    INSTRUMENTS,
    LABELS,
    TRANSFERS,
    build,
    json_raws,
    landed,
    rejects,
    split,
)
from moneytrail.ingest.schemas import DECLARATION_SCHEMA, LABEL_SCHEMA
from moneytrail.ingest.vector import numbered
from moneytrail.model.record_schemas import INSTRUMENT_SCHEMA
from moneytrail.model.transfers import InstrumentKind

BATCH_ROWS = 1 << 20
TABLE_OF_SCHEMA = {
    "transfer": TRANSFERS,
    "crypto_transfer": "crypto_transfers",
    "party": "parties",
    "instrument": INSTRUMENTS,
    "post": "posts",
    "declaration": "declarations",
    "passenger": "passengers",
    "label": LABELS,
}
DECLARATION_COLUMNS = frozenset(DECLARATION_SCHEMA.names) - {
    *("declaration_id", "source", "file", "row")
}
TRUTH_LABEL_COLUMNS = frozenset({"transfer_id", "ledger", "stage", "shop_id", "is_drug"})

Convert = Callable[[pa.Table, str, ReadContext, CardVault], Iterator[Item]]
"""A batch, its file, the context and the card vault -> items."""


def _kind(schema: pa.Schema) -> str | None:
    """Which of this reader's kinds a Parquet schema is, if any."""
    named = str((schema.metadata or {}).get(b"moneytrail.schema", b"").decode())
    if named in TABLE_OF_SCHEMA:
        return named
    names = set(schema.names)
    if names >= DECLARATION_COLUMNS:
        return "sim_declaration"
    if names >= TRUTH_LABEL_COLUMNS:
        return "sim_labels"
    return sim_registry.kind_of(names)


class SimReader:
    """Parquet output of `moneytrail sim` (and any Parquet in a canonical schema)."""

    name: ClassVar[str] = "sim"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A Parquet file in a canonical schema or one of the simulator's own."""
        if not head.startswith(b"PAR1"):
            return False
        try:
            return _kind(pq.read_schema(path)) is not None
        except (pa.ArrowInvalid, OSError):
            return False

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Each batch converted to its table, cards tokenized, provenance set."""
        file = str(path)
        try:
            parquet = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise ReaderError(f"{file}: not a readable Parquet file: {exc}") from exc
        kind = _kind(parquet.schema_arrow)
        if kind is None:
            raise ReaderError(f"{file}: not a moneytrail sim table")
        vault, offset = CardVault(ctx.tokenizer), 0
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            rows = numbered(offset + 1, batch.num_rows)
            table = _provenance(pa.Table.from_batches([batch]), file, ctx, rows)
            convert = CONVERTERS.get(kind, partial(_as_is, TABLE_OF_SCHEMA.get(kind, "")))
            yield from convert(table, file, ctx, vault)
            offset += batch.num_rows
        if kind == "transfer" and vault.masks:
            yield Landed(INSTRUMENTS, _cards(vault, file, ctx))


def _provenance(table: pa.Table, file: str, ctx: ReadContext, rows: pa.Array) -> pa.Table:
    given = table.column("source") if "source" in table.column_names else None
    source = v.constant(ctx.source, table.num_rows)
    values = {"source": source if given is None else pc.coalesce(given, source)}
    values |= {"file": v.constant(file, table.num_rows), "row": rows}
    for name, column in values.items():
        if name in table.column_names:
            table = table.set_column(table.column_names.index(name), name, column)
        else:
            table = table.append_column(name, column)
    return table


def _as_is(
    target: str, table: pa.Table, file: str, ctx: ReadContext, vault: CardVault
) -> Iterator[Item]:
    del file, ctx, vault
    if item := landed(target, table):
        yield item


def _transfers(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    """Transfers with every card end tokenized; a row with an invalid card is rejected."""
    del ctx
    checks = v.Checks(table.num_rows)
    for side in ("src", "dst"):
        name = f"{side}_instrument"
        is_card = pc.equal(table.column(f"{side}_instrument_kind"), InstrumentKind.CARD.value)
        tokens, bad = vault.tokenize(table.column(name), is_card)
        checks.fail_where(bad, f"{name}: not a valid card number")
        table = table.set_column(table.column_names.index(name), name, tokens)
    good, rejected, reasons = split(table, checks.reasons())
    if rejected.num_rows:
        raws = json_raws(rejected.drop_columns(["src_instrument", "dst_instrument"]))
        yield rejects(TRANSFERS, file, rejected.column("row"), reasons, raws)
    if item := landed(TRANSFERS, good):
        yield item


def _cards(vault: CardVault, file: str, ctx: ReadContext) -> pa.Table:
    """One `card` instrument per card seen, by token, with its masked number."""
    tokens = sorted(vault.masks)
    num = len(tokens)
    columns = {
        "instrument_id": pa.array(tokens, pa.string()),
        "instrument_kind": v.constant(InstrumentKind.CARD.value, num),
        "card_tokens": pa.array([[t] for t in tokens], pa.list_(pa.string())),
        "masked_cards": pa.array([[vault.masks[t]] for t in tokens], pa.list_(pa.string())),
        "source": v.constant(ctx.source, num),
        "file": v.constant(file, num),
    }
    return build(INSTRUMENT_SCHEMA, columns, num)


def _declarations(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    del file, ctx, vault
    number = pc.cast(table.column("declaration_no"), pa.string())
    item_no = pc.cast(table.column("item_no"), pa.string())
    ids = pc.binary_join_element_wise(number, item_no, "/")
    if item := landed("declarations", table.append_column("declaration_id", ids)):
        yield item


def _truth_labels(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    del file, ctx, vault
    num = table.num_rows
    bank = pc.equal(table.column("ledger"), "bank")
    drug = pc.fill_null(table.column("is_drug"), False)
    columns = {
        "subject_kind": pc.if_else(bank, "transfer", "crypto_transfer"),
        "subject_id": table.column("transfer_id"),
        "label": pc.if_else(drug, "drug_money", "exchanger_trade"),
        "typology": table.column("stage"),
        "group_id": table.column("shop_id"),
        **{name: table.column(name) for name in ("source", "file", "row")},
    }
    if item := landed(LABELS, build(LABEL_SCHEMA, columns, num)):
        yield item


CONVERTERS: dict[str, Convert] = {
    "transfer": _transfers,
    "sim_declaration": _declarations,
    "sim_labels": _truth_labels,
    "sim_cards": sim_registry.cards,
    "sim_accounts": sim_registry.accounts,
    "sim_wallets": sim_registry.wallets,
    "sim_people": sim_registry.people,
    "sim_companies": sim_registry.companies,
}
