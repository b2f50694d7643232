"""One numbering of everything a bank transfer can leave from or arrive at.

Cards, accounts, phones, merchant outlets, ATMs and foreign cards each take a block of
endpoint numbers; an Arrow table holds their observable columns (instrument, kind, party,
bank, country), so a day of transfers is built with `take` and no Python per transfer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from moneytrail.model.ids import card
from moneytrail.model.transfers import InstrumentKind
from moneytrail.sim.banks import Atms, BankSet
from moneytrail.sim.companies import Companies
from moneytrail.sim.company_names import FOREIGN_SHOPS
from moneytrail.sim.instruments import COMPANY, Instruments
from moneytrail.sim.population import Population, distinct_ints

I64 = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Endpoint blocks and their observable columns."""

    table: pa.Table  # instrument, kind, party, bank, country
    acct: I64  # the account whose balance an endpoint moves, -1 if none is kept
    card0: int
    acct0: int
    phone0: int
    outlet0: int
    atm0: int
    foreign0: int
    foreign_outlet0: int
    foreign_country: list[str]  # per foreign card

    @property
    def size(self) -> int:
        """The number of endpoints."""
        return len(self.acct)


@dataclass(slots=True)
class _Columns:
    instrument: list[str]
    kind: list[str]
    party: list[str | None]
    bank: list[str | None]
    country: list[str]
    acct: list[I64]

    def extend(
        self,
        instrument: list[str],
        kind: str,
        party: list[str | None],
        bank: list[str | None],
        country: str | list[str],
        acct: I64,
    ) -> int:
        start = len(self.instrument)
        self.instrument += instrument
        self.kind += [kind] * len(instrument)
        self.party += party
        self.bank += bank
        self.country += country if isinstance(country, list) else [country] * len(instrument)
        self.acct.append(acct)
        return start


def build_endpoints(
    population: Population,
    companies: Companies,
    inst: Instruments,
    banks: BankSet,
    atms: Atms,
    rng: np.random.Generator,
) -> Endpoints:
    """All endpoints of the world (identifiers must be final)."""
    bics = [b.bic for b in banks.domestic]
    holder_party = _holder_parties(population, companies, inst)
    cols = _Columns([], [], [], [], [], [])
    card_acct = inst.card_acct
    card0 = cols.extend(
        inst.card_pan,
        InstrumentKind.CARD,
        [holder_party[a] for a in card_acct.tolist()],
        [bics[b] for b in inst.card_bank().tolist()],
        "KZ",
        card_acct,
    )
    acct0 = cols.extend(
        inst.acct_iban,
        InstrumentKind.ACCOUNT,
        holder_party,
        [bics[b] for b in inst.acct_bank.tolist()],
        "KZ",
        np.arange(inst.accounts),
    )
    phone_acct = np.where(
        inst.acct_bank[: population.size] == banks.phone_bank, np.arange(population.size), -1
    )
    phone0 = cols.extend(
        population.phone,
        InstrumentKind.PHONE,
        list(population.iin),
        [bics[banks.phone_bank]] * population.size,
        "KZ",
        phone_acct,
    )
    outlet_acct = inst.company_acct[np.array(companies.outlet_company, dtype=np.int64)]
    outlet0 = cols.extend(
        companies.outlet_mid,
        InstrumentKind.MERCHANT,
        [companies.bin[c] for c in companies.outlet_company],
        [bics[b] for b in inst.acct_bank[outlet_acct].tolist()],
        "KZ",
        outlet_acct,
    )
    atm0 = cols.extend(
        atms.ids,
        InstrumentKind.CASH,
        [None] * len(atms.ids),
        [bics[b] for b in atms.bank.tolist()],
        "KZ",
        np.full(len(atms.ids), -1),
    )
    pans, fbics, countries = _foreign_cards(banks, rng, max(60, population.size // 40))
    foreign0 = cols.extend(
        pans,
        InstrumentKind.CARD,
        [None] * len(pans),
        list(fbics),
        countries,
        np.full(len(pans), -1),
    )
    foreign_outlet0 = _foreign_outlets(cols, banks, rng)
    table = pa.table(
        {
            "instrument": pa.array(cols.instrument, pa.string()),
            "kind": pa.array(cols.kind, pa.string()).dictionary_encode(),
            "party": pa.array(cols.party, pa.string()),
            "bank": pa.array(cols.bank, pa.string()).dictionary_encode(),
            "country": pa.array(cols.country, pa.string()).dictionary_encode(),
        }
    )
    acct = np.concatenate(cols.acct).astype(np.int64)
    return Endpoints(
        table, acct, card0, acct0, phone0, outlet0, atm0, foreign0, foreign_outlet0, countries
    )


def _holder_parties(
    population: Population, companies: Companies, inst: Instruments
) -> list[str | None]:
    """The IIN or BIN of each account's holder, as the bank knows it."""
    kinds = inst.acct_holder_kind.tolist()
    holders = inst.acct_holder.tolist()
    return [
        companies.bin[h] if k == COMPANY else population.iin[h]
        for k, h in zip(kinds, holders, strict=True)
    ]


def _foreign_outlets(cols: _Columns, banks: BankSet, rng: np.random.Generator) -> int:
    """Online shops abroad that people here pay by card."""
    by_country = {b.country: b.bic for b in banks.foreign}
    shops = [(name, country) for name, country in FOREIGN_SHOPS if country in by_country]
    mids = [str(mid) for mid in distinct_ints(rng, 10**14, 10**15, len(shops)).tolist()]
    return cols.extend(
        mids,
        InstrumentKind.MERCHANT,
        [None] * len(shops),
        [by_country[c] for _, c in shops],
        [c for _, c in shops],
        np.full(len(shops), -1),
    )


def _foreign_cards(
    banks: BankSet, rng: np.random.Generator, count: int
) -> tuple[list[str], list[str], list[str]]:
    """Cards of foreign banks that people here send money to or get it from."""
    bank_pick = rng.integers(0, len(banks.foreign), count).tolist()
    bodies = distinct_ints(rng, 0, 10**9, count).tolist()
    pans, bics, countries = [], [], []
    for b, body in zip(bank_pick, bodies, strict=True):
        bank = banks.foreign[b]
        prefix = bank.bin_prefixes[body % len(bank.bin_prefixes)]
        pans.append(card.complete_pan(f"{prefix}{body:09d}"))
        bics.append(bank.bic)
        countries.append(bank.country)
    return pans, bics, countries
