"""The crypto side of the world: exchanges, wallets of every actor, market rates, ledgers.

Exchanges (two domestic, licensed in the financial centre and holding tenge accounts here,
and two abroad) have hot wallets on both chains and issue deposit addresses to customers.
Exchangers, organizers, couriers, precursor suppliers and anonymous users hold wallets.
Shops publish a receiving TRON address that changes every week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.crypto import CRYPTO_TRANSFER_SCHEMA
from moneytrail.sim.company_names import EXCHANGES
from moneytrail.sim.country import Country
from moneytrail.sim.crypto.btc import SAT, BtcLedger
from moneytrail.sim.crypto.tron import USDT, TronLedger
from moneytrail.sim.crypto.wallets import Holder, Registry
from moneytrail.sim.drug.roles import DrugPlan
from moneytrail.sim.events import DAY_US, day_start_us
from moneytrail.sim.labels import person_id
from moneytrail.sim.writer import JsonLines, TableWriter

FOREIGN_EXCHANGES = ("Meridian Global Exchange", "Ala-Too Coin")
WEEK_US = 7 * DAY_US
TRON_FILE = "observable/crypto/tron_usdt_transfers.parquet"
BTC_FILE = "derived/bitcoin_legs.parquet"
BTC_RAW = "observable/crypto/bitcoin_getrawtransaction.jsonl"


@dataclass(slots=True)
class Exchange:
    """A crypto exchange: hot wallets and customers' deposit addresses."""

    name: str
    company: int  # its company here (domestic exchanges), else -1
    tron_hot: str
    btc_wallet: str
    deposits: dict[str, str] = field(default_factory=dict)


def random_walk(
    rng: np.random.Generator, start: float, sigma: float, days: int
) -> NDArray[np.float64]:
    """A daily log-normal random walk from `start`."""
    steps = rng.normal(0.0, sigma, days)
    steps[0] = 0.0
    return np.asarray(start * np.exp(np.cumsum(steps)), dtype=np.float64)


class CryptoWorld:
    """Wallets, ledgers and rates; actions of the drug engine use them."""

    def __init__(self, c: Country, plan: DrugPlan, out: Path) -> None:
        self.c = c
        rng = c.streams.get("crypto")
        self.rng = rng
        self.start_us = day_start_us(c.start_days, 0)
        self.registry = Registry(c.streams.get("addresses"))
        group, codec = c.config.output.row_group_rows, c.config.output.compression
        self.tron = TronLedger(
            c.streams,
            self.start_us,
            TableWriter(out / TRON_FILE, CRYPTO_TRANSFER_SCHEMA, group, codec),
            TRON_FILE,
        )
        self.btc = BtcLedger(
            c.streams,
            self.registry,
            self.start_us,
            TableWriter(out / BTC_FILE, CRYPTO_TRANSFER_SCHEMA, group, codec),
            JsonLines(out / BTC_RAW),
            BTC_FILE,
        )
        self.usdt_kzt = random_walk(rng, c.config.crypto.usdt_kzt, 0.003, c.config.days + 2)
        self.btc_usd = random_walk(rng, c.config.crypto.btc_usd, 0.025, c.config.days + 2)
        self.exchanges = self._exchanges()
        self.exchanger_wallets = [
            self._person_wallets(ex.person, "exchanger", 2, 30_000) for ex in plan.exchangers
        ]
        self.shop_main = [
            self._tron(Holder("tron", "person", person_id(s.organizer), "organizer", s.index))
            for s in plan.shops
        ]
        self.shop_btc = [
            self._btc_wallet(f"org-{s.index}", "organizer", person_id(s.organizer), s.index)
            for s in plan.shops
        ]
        self.receiving: list[dict[int, str]] = [{} for _ in plan.shops]
        self.plan = plan
        self.suppliers = [
            self._tron(Holder("tron", "foreign", f"supplier-{i}", "precursor_supplier"))
            for i in range(3)
        ]
        self.users = [
            self._tron(Holder("tron", "foreign", f"user-{i}", "user"))
            for i in range(max(50, c.population.size // 20))
        ]
        for user in self.users:
            self.tron.fund(user, int(np.exp(rng.normal(np.log(400), 1.2)) * USDT))
        self.btc_users = [
            self._btc_wallet(f"user-{i}", "user", f"user-{i}", -1)
            for i in range(max(20, c.population.size // 100))
        ]
        for wallet in self.btc_users:
            self.btc.fund(wallet, int(np.exp(rng.normal(np.log(0.02), 1.3)) * SAT))
        self.person_wallet: dict[int, str] = {}

    def rate(self, ts: int) -> float:
        """Tenge per USDT on the day of `ts`."""
        return float(self.usdt_kzt[self._day(ts)])

    def btc_usdt(self, ts: int) -> float:
        """USDT per BTC on the day of `ts`."""
        return float(self.btc_usd[self._day(ts)])

    def receiving_address(self, shop: int, ts: int) -> str:
        """The shop's published TRON address in the week of `ts` (made on first use)."""
        week = max(0, (ts - self.start_us) // WEEK_US)
        book = self.receiving[shop]
        if week not in book:
            organizer = person_id(self.plan.shops[shop].organizer)
            book[week] = self._tron(Holder("tron", "person", organizer, "shop_receiving", shop))
        return book[week]

    def wallet_of(self, person: int, role: str, shop: int = -1, kyc: bool = False) -> str:
        """A person's own TRON address (made on first use)."""
        if person not in self.person_wallet:
            iin = self.c.population.iin[person] if kyc else None
            holder = Holder("tron", "person", person_id(person), role, shop, kyc_iin=iin)
            self.person_wallet[person] = self._tron(holder)
        return self.person_wallet[person]

    def deposit(self, exchange: Exchange, key: str, holder: Holder) -> str:
        """The deposit address `exchange` gave customer `key`."""
        if key not in exchange.deposits:
            exchange.deposits[key] = self._tron(holder)
        return exchange.deposits[key]

    def flush(self) -> None:
        """Hand both ledgers' new rows to their writers."""
        self.tron.flush()
        self.btc.flush()

    def _day(self, ts: int) -> int:
        return int(min(len(self.usdt_kzt) - 1, max(0, (ts - self.start_us) // DAY_US)))

    def _tron(self, holder: Holder) -> str:
        return self.registry.tron(holder)

    def _btc_wallet(self, name: str, role: str, owner: str, shop: int) -> str:
        kind = "person" if role == "organizer" else "foreign"
        self.btc.wallet(name, Holder("bitcoin", kind, owner, role, shop))
        return name

    def _person_wallets(self, person: int, role: str, count: int, usdt: float) -> list[str]:
        wallets = [
            self._tron(Holder("tron", "person", person_id(person), role)) for _ in range(count)
        ]
        for wallet in wallets:
            self.tron.fund(wallet, int(usdt * USDT))
        return wallets

    def _exchanges(self) -> list[Exchange]:
        kinds = self.c.companies.by_kind.get("exchange", [])
        named = [(name, kinds[i] if i < len(kinds) else -1) for i, name in enumerate(EXCHANGES)]
        named += [(name, -1) for name in FOREIGN_EXCHANGES]
        out = []
        for name, company in named:
            hot = Holder("tron", "exchange", name, "hot_wallet", public_label=name)
            wallet = f"exchange-{name}"
            self.btc.wallet(
                wallet, Holder("bitcoin", "exchange", name, "hot_wallet", public_label=name)
            )
            for _ in range(4):
                self.btc.fund(wallet, 40 * SAT)
            exchange = Exchange(name, company, self._tron(hot), wallet)
            self.tron.fund(exchange.tron_hot, 50_000_000 * USDT)
            out.append(exchange)
        return out
