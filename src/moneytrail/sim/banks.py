"""The fictional banks of the world (from `model/data/banks.csv`), their market shares and ATMs.

One domestic bank is the big retail bank whose app carries phone-number transfers; it holds
a large share of personal accounts (approx.), the rest split the remainder.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.ids.banks_table import Bank, load_banks
from moneytrail.sim.geo import CITIES

PHONE_BANK_ID = "kz_tulpar"
"""The retail bank whose customers pay each other by phone number."""

_PERSONAL_SHARE = {
    "kz_tulpar": 0.42,
    "kz_dala": 0.14,
    "kz_steppe": 0.1,
    "kz_irbis": 0.09,
    "kz_aqbota": 0.08,
    "kz_saryarka": 0.06,
    "kz_kokshe": 0.06,
    "kz_zhetysu": 0.05,
}


@dataclass(frozen=True, slots=True)
class BankSet:
    """Domestic and foreign banks with what the simulation needs of them."""

    domestic: tuple[Bank, ...]
    foreign: tuple[Bank, ...]
    personal_share: NDArray[np.float64]
    phone_bank: int  # index into `domestic`

    def business_share(self) -> NDArray[np.float64]:
        """Shares of company accounts: flatter than personal ones."""
        flat = np.sqrt(self.personal_share)
        return np.asarray(flat / flat.sum(), dtype=np.float64)


def bank_set() -> BankSet:
    """The fictional banks, domestic ones with market shares."""
    banks = load_banks()
    domestic = tuple(b for b in banks if b.country == "KZ")
    foreign = tuple(b for b in banks if b.country != "KZ")
    share = np.array([_PERSONAL_SHARE.get(b.bank_id, 0.03) for b in domestic])
    phone = next(i for i, b in enumerate(domestic) if b.bank_id == PHONE_BANK_ID)
    return BankSet(domestic, foreign, share / share.sum(), phone)


@dataclass(frozen=True, slots=True)
class Atms:
    """Cash machines: each belongs to a domestic bank and stands in a city."""

    bank: NDArray[np.int64]
    city: NDArray[np.int64]
    ids: list[str]
    city_start: NDArray[np.int64]  # ATMs of city c are city_start[c]:city_start[c + 1]


def build_atms(banks: BankSet, city_people: NDArray[np.int64], rng: np.random.Generator) -> Atms:
    """About one ATM per 900 residents, at least two per inhabited city, by bank share."""
    counts = np.where(city_people > 0, np.maximum(2, city_people // 900), 0)
    city = np.repeat(np.arange(len(CITIES)), counts)
    bank = rng.choice(len(banks.domestic), p=banks.personal_share, size=len(city))
    ids = [
        f"ATM-{banks.domestic[b].bic[:4]}-{i:05d}"
        for i, b in enumerate(bank.tolist())  # numbered across the country
    ]
    start = np.searchsorted(city, np.arange(len(CITIES) + 1)).astype(np.int64)
    return Atms(bank.astype(np.int64), city.astype(np.int64), ids, start)
