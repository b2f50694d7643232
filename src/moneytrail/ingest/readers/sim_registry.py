"""The simulator's bank and registry files: cards, accounts, wallets, people, companies.

They become instruments and parties under the ids transfers use: a card is its keyed
token (the file holds clear PANs: tokenized here, masked form kept), an account its IBAN, a
wallet `<chain>:<address>`, a person their IIN, a company its BIN. A card that is not a
valid number, or a company without a name or with an invalid BIN, is rejected (card
numbers masked in the quarantine).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
from followthemoney.types import registry

from moneytrail.ingest import vector as v
from moneytrail.ingest.cards import CardVault
from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.readers.common import INSTRUMENTS, build, json_raws, landed, rejects, split
from moneytrail.model.ids.kz import check_bin
from moneytrail.model.record_schemas import (
    COMPANY_KIND,
    INSTRUMENT_SCHEMA,
    PARTY_SCHEMA,
    PERSON_KIND,
)
from moneytrail.model.transfers import InstrumentKind

CARDS = frozenset({"pan", "account_iban", "bank_bic", "holder_iin"})
ACCOUNTS = frozenset({"iban", "bank_bic", "holder", "holder_kind"})
WALLETS = frozenset({"address", "chain", "attributed_to"})
PEOPLE = frozenset({"person_id", "iin", "last_name", "first_name", "birth_date", "passport_no"})
COMPANIES = frozenset({"company_id", "bin", "name", "kind"})
KINDS = {
    "sim_cards": CARDS,
    "sim_accounts": ACCOUNTS,
    "sim_wallets": WALLETS,
    "sim_people": PEOPLE,
    "sim_companies": COMPANIES,
}
PARTIES = "parties"
GENDERS = {"M": "male", "F": "female"}
LATIN = ("latin_icao", "latin_kz2021")
PROVENANCE = ("source", "file", "row")


def kind_of(names: set[str]) -> str | None:
    """Which of the simulator's registry files has these columns, if any."""
    return next((kind for kind, needed in KINDS.items() if names >= needed), None)


def _single(values: v.Column) -> pa.ListArray:
    """Each value as a one-item list (an empty list for null)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    items = pc.drop_null(values)
    counts = pc.cast(pc.is_valid(values), pa.int32())
    offsets = pa.array([0, *pc.cumulative_sum(counts).to_pylist()], pa.int32())
    return pa.ListArray.from_arrays(offsets, items)


def _instruments(table: pa.Table, kind: str, columns: dict[str, v.Column]) -> pa.Table:
    num = table.num_rows
    cells = {"instrument_kind": v.constant(kind, num), **columns}
    return build(INSTRUMENT_SCHEMA, cells | {c: table.column(c) for c in PROVENANCE}, num)


def cards(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    """Cards by token, with their masked number, holder, bank and account."""
    del ctx
    tokens, bad = vault.tokenize(table.column("pan"), pa.repeat(pa.scalar(True), table.num_rows))
    checks = v.Checks(table.num_rows)
    checks.fail_where(bad, "pan: not a valid card number")
    table = table.append_column("token", tokens)
    good, rejected, reasons = split(table, checks.reasons())
    if rejected.num_rows:
        yield rejects(INSTRUMENTS, file, rejected.column("row"), reasons, json_raws(rejected))
    token = good.column("token")
    masks = pa.array([vault.masks[t] for t in token.to_pylist()], pa.string())
    columns = {
        "instrument_id": token,
        "holder_party": good.column("holder_iin"),
        "iban": good.column("account_iban"),
        "bic": good.column("bank_bic"),
        "card_tokens": _single(token),
        "masked_cards": _single(masks),
    }
    if "issued" in good.column_names:
        columns["opened"] = good.column("issued")
    if "embossed_name" in good.column_names:
        columns["display_name"] = good.column("embossed_name")
    if item := landed(INSTRUMENTS, _instruments(good, InstrumentKind.CARD.value, columns)):
        yield item


def accounts(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    """Bank accounts by IBAN."""
    del file, ctx, vault
    columns = {
        "instrument_id": table.column("iban"),
        "iban": table.column("iban"),
        "bic": table.column("bank_bic"),
        "holder_party": table.column("holder"),
    }
    for name in ("currency", "opened"):
        if name in table.column_names:
            columns[name] = table.column(name)
    if item := landed(INSTRUMENTS, _instruments(table, InstrumentKind.ACCOUNT.value, columns)):
        yield item


def wallets(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    """Crypto wallets as `<chain>:<address>`, labelled with whom they are attributed to."""
    del file, ctx, vault
    chain, address = table.column("chain"), table.column("address")
    columns = {
        "instrument_id": pc.binary_join_element_wise(chain, address, ":"),
        "address": address,
        "chain": chain,
        "label": table.column("attributed_to"),
    }
    if "kyc_iin" in table.column_names:
        columns["holder_party"] = table.column("kyc_iin")
    if item := landed(INSTRUMENTS, _instruments(table, InstrumentKind.WALLET.value, columns)):
        yield item


def _countries(values: v.Column) -> v.Column:
    """ISO 3166-1 alpha-3 (as passports write it) to alpha-2 upper case."""
    distinct = pc.unique(values).to_pylist()
    codes = [None if c is None else (registry.country.clean(c) or c).upper() for c in distinct]
    return pc.take(pa.array(codes, pa.string()), pc.index_in(values, value_set=pa.array(distinct)))


def people(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    """People of the population register, by IIN, with their romanised names as aliases."""
    del file, ctx, vault
    num = table.num_rows
    parts = [table.column(c) for c in ("last_name", "first_name", "patronymic")]
    latin = [table.column(c).to_pylist() for c in LATIN if c in table.column_names]
    aliases = [[a for a in dict.fromkeys(names) if a] for names in zip(*latin, strict=True)]
    columns = {
        "party_id": pc.coalesce(table.column("iin"), table.column("person_id")),
        "party_kind": v.constant(PERSON_KIND, num),
        "name": pc.binary_join_element_wise(*parts, " ", null_handling="skip"),
        "first_name": parts[1],
        "last_name": parts[0],
        "patronymic": parts[2],
        "aliases": pa.array(aliases, pa.list_(pa.string()))
        if latin
        else pa.nulls(num, pa.list_(pa.string())),
        "birth_date": table.column("birth_date"),
        "iin": table.column("iin"),
        "nationality": _countries(table.column("nationality")),
        "passport_number": table.column("passport_no"),
        "gender": v.lookup(table.column("sex"), GENDERS),
        "city": table.column("city"),
        **{c: table.column(c) for c in PROVENANCE},
    }
    if "phone" in table.column_names:
        columns["phones"] = _single(table.column("phone"))
    if item := landed(PARTIES, build(PARTY_SCHEMA, columns, num)):
        yield item


def _bad_bins(values: v.Column) -> pa.Array:
    """Where a BIN is given and not valid."""
    distinct = pc.unique(values).drop_null()
    bad = [str(b) for b in distinct.to_pylist() if not check_bin(str(b)).valid]
    return pc.is_in(values, value_set=pa.array(bad, pa.string()))


def companies(table: pa.Table, file: str, ctx: ReadContext, vault: CardVault) -> Iterator[Item]:
    """Companies of the business register, by BIN (Kazakh, so their jurisdiction is KZ)."""
    del ctx, vault
    checks = v.Checks(table.num_rows)
    checks.fail_where(v.blank(table.column("name")), "name: is missing")
    checks.fail_where(_bad_bins(table.column("bin")), "bin: not a valid BIN")
    good, rejected, reasons = split(table, checks.reasons())
    if rejected.num_rows:
        yield rejects(PARTIES, file, rejected.column("row"), reasons, json_raws(rejected))
    num, bins = good.num_rows, good.column("bin")
    columns = {
        "party_id": pc.coalesce(bins, good.column("company_id")),
        "party_kind": v.constant(COMPANY_KIND, num),
        "name": good.column("name"),
        "bin": bins,
        "nationality": pc.if_else(pc.is_valid(bins), "KZ", pa.scalar(None, pa.string())),
        "sector": good.column("kind"),
        **{c: good.column(c) for c in ("city", *PROVENANCE) if c in good.column_names},
    }
    if "registered" in good.column_names:
        columns["registration_date"] = good.column("registered")
    if item := landed(PARTIES, build(PARTY_SCHEMA, columns, num)):
        yield item
