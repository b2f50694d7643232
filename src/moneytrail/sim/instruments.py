"""Accounts (with IBANs) and payment cards (with PANs) of people and companies.

Numbering: accounts 0..P-1 are people's primary accounts and cards 0..P-1 their cards;
then second accounts, then one account per company, then accounts added by the drug
economy (`add_person_accounts`) before `finalize` draws the identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.ids import card
from moneytrail.sim.banks import BankSet
from moneytrail.sim.population import Population, distinct_ints

I64 = NDArray[np.int64]
PERSON, COMPANY = 0, 1
TENGE = 100  # minor units per tenge


@dataclass(slots=True)
class Instruments:
    """Accounts and cards as parallel arrays; identifiers after `finalize`."""

    acct_bank: I64
    acct_holder_kind: I64
    acct_holder: I64
    acct_opened: I64  # days since 1970-01-01
    acct_balance0: I64  # opening balance, minor units
    card_acct: I64
    card_issued: I64
    second_card: I64  # per person, -1 when none
    company_acct: I64  # per company
    acct_iban: list[str] = field(default_factory=list)
    card_pan: list[str] = field(default_factory=list)
    card_expiry: list[str] = field(default_factory=list)

    pending: list[tuple[I64, I64, I64, I64]] = field(default_factory=list)

    @property
    def accounts(self) -> int:
        """The number of accounts (with those added but not yet merged)."""
        return len(self.acct_bank) + sum(len(p[0]) for p in self.pending)

    @property
    def cards(self) -> int:
        """The number of cards (with those added but not yet merged)."""
        return len(self.card_acct) + sum(len(p[0]) for p in self.pending)

    def add_person_accounts(
        self, people: I64, banks: I64, opened: I64, balance0: I64 | None = None
    ) -> tuple[I64, I64]:
        """New accounts, each with one card, for `people`; their account and card numbers."""
        first_acct, first_card = self.accounts, self.cards
        count = len(people)
        zero = np.zeros(count, np.int64) if balance0 is None else balance0
        self.pending.append(
            (people.astype(np.int64), banks.astype(np.int64), opened.astype(np.int64), zero)
        )
        accts = np.arange(first_acct, first_acct + count, dtype=np.int64)
        return accts, np.arange(first_card, first_card + count, dtype=np.int64)

    def merge(self) -> None:
        """Fold the added accounts and cards into the arrays."""
        if not self.pending:
            return
        people, banks, opened, balance0 = (
            np.concatenate(col) for col in zip(*self.pending, strict=True)
        )
        count = len(people)
        accts = np.arange(len(self.acct_bank), len(self.acct_bank) + count, dtype=np.int64)
        self.acct_bank = np.concatenate((self.acct_bank, banks))
        self.acct_holder_kind = np.concatenate((self.acct_holder_kind, np.zeros(count, np.int64)))
        self.acct_holder = np.concatenate((self.acct_holder, people))
        self.acct_opened = np.concatenate((self.acct_opened, opened))
        self.acct_balance0 = np.concatenate((self.acct_balance0, balance0))
        self.card_acct = np.concatenate((self.card_acct, accts))
        self.card_issued = np.concatenate((self.card_issued, opened))
        self.pending = []

    def card_holder(self) -> I64:
        """The person holding each card."""
        return self.acct_holder[self.card_acct]

    def card_bank(self) -> I64:
        """The issuing bank of each card."""
        return self.acct_bank[self.card_acct]

    def finalize(self, banks: BankSet, rng: np.random.Generator) -> None:
        """Merge added accounts, then draw every IBAN, PAN and expiry date."""
        self.merge()
        numbers = distinct_ints(rng, 10**12, 10**13, self.accounts)
        codes = np.array([int(b.iban_bank_code or 0) for b in banks.domestic])[self.acct_bank]
        self.acct_iban = kz_ibans(codes, numbers)
        bodies = distinct_ints(rng, 0, 10**9, self.cards)
        card_bank = self.card_bank().tolist()
        pick = rng.integers(0, 1 << 30, self.cards).tolist()
        self.card_pan = [
            card.complete_pan(f"{_prefix(banks, b, k)}{body:09d}")
            for b, k, body in zip(card_bank, pick, bodies.tolist(), strict=True)
        ]
        months = (self.card_issued // 30 + rng.integers(36, 61, self.cards)).tolist()
        self.card_expiry = [f"{m % 12 + 1:02d}/{(1970 + m // 12) % 100:02d}" for m in months]


def _prefix(banks: BankSet, bank: int, pick: int) -> str:
    prefixes = banks.domestic[bank].bin_prefixes
    return prefixes[pick % len(prefixes)]


def kz_ibans(bank_codes: I64, accounts: I64) -> list[str]:
    """Kazakh IBANs for 3-digit bank codes and 13-digit account numbers.

    Computed with numpy rather than `model.ids.bank.make_kz_iban` (schwifty) because a
    large world has millions of accounts; tests check the two agree. The check digits are
    98 - (BBAN · 10^6 + "KZ00" as digits) mod 97, ISO 13616.
    """
    bban = bank_codes * 10**13 + accounts
    country = 203500  # K=20, Z=35, then "00"
    check = 98 - ((bban % 97) * (10**6 % 97) + country) % 97
    return [f"KZ{c:02d}{b:016d}" for c, b in zip(check.tolist(), bban.tolist(), strict=True)]


def build_instruments(
    population: Population,
    company_count: int,
    banks: BankSet,
    rng: np.random.Generator,
    start: int,
    second_share: float,
) -> Instruments:
    """Every person's primary account and card, some second ones, one account per company.

    `start` is the first day of the world (days since 1970-01-01).
    """
    n = population.size
    share = banks.personal_share
    primary = rng.choice(len(share), p=share, size=n)
    has_second = rng.random(n) < second_share
    second_people = np.flatnonzero(has_second)
    m = len(second_people)
    shift = rng.integers(1, len(share), len(second_people))
    second = (primary[second_people] + shift) % len(share)
    company_bank = rng.choice(len(share), p=banks.business_share(), size=company_count)
    adult_from = population.birth + 18 * 365
    opened_p = np.maximum(adult_from, start - rng.integers(30, 3650, n))
    opened_s = np.maximum(adult_from[second_people], start - rng.integers(30, 3650, m))
    opened = np.concatenate((opened_p, opened_s))
    issued = np.maximum(opened, start - rng.integers(30, 1000, n + m))
    balance_p = (np.exp(rng.normal(np.log(120_000), 1.0, n)) * TENGE).astype(np.int64)
    balance_s = (np.exp(rng.normal(np.log(30_000), 1.0, len(second_people))) * TENGE).astype(
        np.int64
    )
    holders = np.concatenate((np.arange(n), second_people, np.arange(company_count)))
    kinds = np.concatenate((np.zeros(n + m, np.int64), np.ones(company_count, np.int64)))
    second_card = np.full(n, -1, dtype=np.int64)
    second_card[second_people] = n + np.arange(m)
    return Instruments(
        acct_bank=np.concatenate((primary, second, company_bank)).astype(np.int64),
        acct_holder_kind=kinds,
        acct_holder=holders.astype(np.int64),
        acct_opened=np.concatenate((opened, start - rng.integers(100, 5000, company_count))),
        acct_balance0=np.concatenate((balance_p, balance_s, np.zeros(company_count, np.int64))),
        card_acct=np.arange(n + m, dtype=np.int64),
        card_issued=issued,
        second_card=second_card,
        company_acct=np.arange(n + m, n + m + company_count, dtype=np.int64),
    )
