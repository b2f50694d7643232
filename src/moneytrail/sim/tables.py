"""Observable entity tables: what registries, banks and exchanges could hand an agency.

People (civil registry), companies (business registry), banks, accounts, cards, merchant
outlets, ATMs, attributed crypto wallets, the chains' opening balances and market rates.
Nothing here says who is a dropper or what a shop owns: that is under `truth/`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.sim.companies import CATEGORIES, NATIONAL
from moneytrail.sim.company_names import FOREIGN_SHOPS
from moneytrail.sim.country import Country
from moneytrail.sim.crypto.world import CryptoWorld
from moneytrail.sim.geo import CITIES
from moneytrail.sim.instruments import COMPANY
from moneytrail.sim.labels import person_id
from moneytrail.sim.population import NATIONALITIES, STATUSES
from moneytrail.sim.writer import write_table


def company_id(index: int) -> str:
    """The id of company number `index`."""
    return f"C{index:07d}"


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype("datetime64[D]"), pa.date32())


def name_columns(c: Country) -> dict[str, pa.Array]:
    """People's names in Cyrillic and in the two romanisations, by Arrow `take`."""
    pop, bank = c.population, c.population.names
    first, last = pa.array(pop.first), pa.array(pop.last)
    patr = pa.array(pop.patronymic, mask=pop.patronymic < 0)
    out: dict[str, pa.Array] = {
        "last_name": pa.array(bank.last.cyrillic).take(last),
        "first_name": pa.array(bank.first.cyrillic).take(first),
        "patronymic": pa.array(bank.patronymic.cyrillic).take(patr),
    }
    for system in ("icao", "kz2021"):
        surname = pa.array(getattr(bank.last, system)).take(last)
        given = pa.array(getattr(bank.first, system)).take(first)
        out[f"latin_{system}"] = pc.binary_join_element_wise(surname, given, " ")
    return out


def people_table(c: Country) -> pa.Table:
    """The civil registry: names, birth, sex, nationality, documents, city, phone."""
    pop = c.population
    cities = pa.array([city.name for city in CITIES])
    return pa.table(
        {
            "person_id": [person_id(i) for i in range(pop.size)],
            "iin": pop.iin,
            **name_columns(c),
            "birth_date": _dates(pop.birth),
            "sex": pa.array(["M", "F"]).take(pa.array(pop.sex)),
            "nationality": pa.array(NATIONALITIES).take(pa.array(pop.nationality)),
            "passport_no": pop.passport,
            "city": cities.take(pa.array(pop.city)),
            "address_id": pa.array(pop.household, pa.int64()),
            "status": pa.array(STATUSES).take(pa.array(pop.status)),
            "phone": pop.phone,
        }
    )


def companies_table(c: Country) -> pa.Table:
    """The business registry."""
    co = c.companies
    return pa.table(
        {
            "company_id": [company_id(i) for i in range(co.count)],
            "bin": co.bin,
            "name": co.name,
            "kind": co.kind,
            "city": [CITIES[city].name for city in co.city],
            "registered": _dates(np.array(co.registered)),
        }
    )


def accounts_table(c: Country) -> pa.Table:
    """Bank accounts with holder, opening date and balance at the start of the world."""
    inst, ep = c.inst, c.ep()
    holders = ep.table.column("party").slice(ep.acct0, inst.accounts)
    phone_of = np.full(inst.accounts, -1)
    phone_people = np.flatnonzero(ep.acct[ep.phone0 : ep.outlet0] >= 0)
    phone_of[phone_people] = phone_people
    phones = pa.array(c.population.phone).take(pa.array(phone_of, mask=phone_of < 0))
    return pa.table(
        {
            "iban": inst.acct_iban,
            "bank_bic": [c.banks.domestic[b].bic for b in inst.acct_bank.tolist()],
            "holder": holders,
            "holder_kind": np.where(inst.acct_holder_kind == COMPANY, "company", "person"),
            "opened": _dates(inst.acct_opened),
            "currency": pa.repeat(pa.scalar("KZT"), inst.accounts),
            "opening_balance_minor": inst.acct_balance0,
            "phone": phones,
        }
    )


def cards_table(c: Country) -> pa.Table:
    """Payment cards (clear PANs: raw source data, tokenized by ingestion)."""
    inst = c.inst
    names = name_columns(c)["latin_icao"].take(pa.array(inst.card_holder()))
    return pa.table(
        {
            "pan": inst.card_pan,
            "account_iban": pa.array(inst.acct_iban).take(pa.array(inst.card_acct)),
            "bank_bic": [c.banks.domestic[b].bic for b in inst.card_bank().tolist()],
            "holder_iin": pa.array(c.population.iin).take(pa.array(inst.card_holder())),
            "embossed_name": names,
            "issued": _dates(inst.card_issued),
            "expiry": inst.card_expiry,
        }
    )


def merchants_table(c: Country) -> pa.Table:
    """Merchant outlets, domestic and the foreign online shops people pay."""
    co, ep = c.companies, c.ep()
    foreign = ep.size - ep.foreign_outlet0
    ids = ep.table.column("instrument")
    return pa.table(
        {
            "merchant_id": pa.concat_arrays(
                [
                    ids.slice(ep.outlet0, len(co.outlet_mid)).combine_chunks(),
                    ids.slice(ep.foreign_outlet0, foreign).combine_chunks(),
                ]
            ),
            "name": co.outlet_name + [name.upper() for name, _ in FOREIGN_SHOPS][:foreign],
            "mcc": [CATEGORIES[cat].mcc for cat in co.outlet_category] + ["5999"] * foreign,
            "city": [None if city == NATIONAL else CITIES[city].name for city in co.outlet_city]
            + [None] * foreign,
            "company_bin": [co.bin[k] for k in co.outlet_company] + [None] * foreign,
            "country": ["KZ"] * len(co.outlet_mid)
            + [country for _, country in FOREIGN_SHOPS][:foreign],
        }
    )


def write_observable(c: Country, crypto: CryptoWorld, out: Path) -> dict[str, int]:
    """Every observable entity table; rows per file."""
    group, codec = c.config.output.row_group_rows, c.config.output.compression
    tables = {
        "observable/registry/people.parquet": people_table(c),
        "observable/registry/companies.parquet": companies_table(c),
        "observable/bank/banks.parquet": _banks(c),
        "observable/bank/accounts.parquet": accounts_table(c),
        "observable/bank/cards.parquet": cards_table(c),
        "observable/bank/merchants.parquet": merchants_table(c),
        "observable/bank/atms.parquet": pa.table(
            {
                "atm_id": c.atms.ids,
                "bank_bic": [c.banks.domestic[b].bic for b in c.atms.bank.tolist()],
                "city": [CITIES[city].name for city in c.atms.city.tolist()],
            }
        ),
        "observable/crypto/wallets.parquet": _wallets(crypto),
        "observable/crypto/tron_opening_balances.parquet": pa.table(
            {
                "address": list(crypto.tron.opening),
                "amount_minor": pa.array(list(crypto.tron.opening.values()), pa.int64()),
            }
        ),
        "observable/market/rates.parquet": _rates(c, crypto),
    }
    return {path: write_table(out / path, table, group, codec) for path, table in tables.items()}


def _banks(c: Country) -> pa.Table:
    banks = (*c.banks.domestic, *c.banks.foreign)
    return pa.table(
        {
            "bank_id": [b.bank_id for b in banks],
            "name": [b.name for b in banks],
            "country": [b.country for b in banks],
            "bic": [b.bic for b in banks],
        }
    )


def _wallets(crypto: CryptoWorld) -> pa.Table:
    """Addresses someone could attribute: exchanges' hot wallets, customers of exchanges here."""
    rows = [
        (a, h.chain, h.public_label, h.kyc_iin)
        for a, h in crypto.registry.holders.items()
        if h.public_label is not None or h.kyc_iin is not None
    ]
    return pa.table(
        {
            "address": [r[0] for r in rows],
            "chain": [r[1] for r in rows],
            "attributed_to": [r[2] for r in rows],
            "kyc_iin": [r[3] for r in rows],
        }
    )


def _rates(c: Country, crypto: CryptoWorld) -> pa.Table:
    days = np.arange(c.config.days, dtype=np.int64) + c.start_days
    return pa.table(
        {
            "date": _dates(days),
            "usdt_kzt": crypto.usdt_kzt[: c.config.days],
            "btc_usd": crypto.btc_usd[: c.config.days],
        }
    )
