"""`generate`: build a country, run it day by day, and write what it did.

Order of work: the country (people, companies, banks, accounts), the drug economy's plan
(which opens its own accounts), identifiers and endpoints, then each day: ordinary
transfers (checked against balances), the drug engine's actions up to midnight, one
Parquet file of the day's bank transfers, labels resolved to transfer ids, new crypto rows.
After the last day: where every path's money still is, entity tables, truth tables, the
content/customs/passenger generators, and the manifest.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from moneytrail.sim.config import SimConfig
from moneytrail.sim.country import Country, build_country, finish
from moneytrail.sim.crypto.world import CryptoWorld
from moneytrail.sim.drug import daily
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.drug.plan import plan_drug_world
from moneytrail.sim.drug.roles import DrugPlan
from moneytrail.sim.events import concat, day_start_us
from moneytrail.sim.handoff import run_generators
from moneytrail.sim.labels import LabelSink
from moneytrail.sim.ledger import Ledger
from moneytrail.sim.manifest import write_manifest
from moneytrail.sim.normal import NormalEconomy
from moneytrail.sim.rng import Streams
from moneytrail.sim.shop_tables import write_shops
from moneytrail.sim.tables import write_observable
from moneytrail.sim.transfer_table import DICTIONARY_COLUMNS, day_table
from moneytrail.sim.truth_tables import write_truth
from moneytrail.sim.views_build import shop_views
from moneytrail.sim.writer import write_table

Progress = Callable[[str, int, int], None]
TRANSFERS_DIR = "observable/bank/transfers"


def _quiet(stage: str, done: int, total: int) -> None:
    del stage, done, total


class Run:
    """One world in the making: its parts and its output folder."""

    def __init__(self, config: SimConfig, seed: int, out: Path) -> None:
        self.config, self.seed, self.out = config, seed, out
        for part in ("observable", "truth"):
            shutil.rmtree(out / part, ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
        self.country: Country = build_country(config, Streams(seed))
        self.plan: DrugPlan = plan_drug_world(self.country)
        finish(self.country)
        ep = self.country.ep()
        self.ledger = Ledger(self.country.inst.acct_balance0, ep.acct)
        daily.hand_over(
            self.plan,
            self.ledger,
            self._foreign_drop_cards(),
            self.country.streams.get("hand_over"),
            self._organizer_accounts(),
        )
        group, codec = config.output.row_group_rows, config.output.compression
        self.sink = LabelSink(out / "truth", group, codec)
        self.crypto = CryptoWorld(self.country, self.plan, out)
        self.engine = Engine(self.country, self.plan, self.crypto, self.ledger, self.sink)
        self.engine.end_us = day_start_us(self.country.start_days, config.days)
        daily.start(self.engine)
        self.normal = NormalEconomy(self.country)
        self.transfers = 0

    def day(self, day: int) -> None:
        """Simulate and write one day."""
        c = self.country
        kept = self.ledger.settle(self.normal.day(day, self.ledger.balance), day)
        daily.schedule_day(self.engine, day)
        drug = self.engine.run_until(day_start_us(c.start_days, day + 1))
        self.ledger.credit(kept, day)
        self.ledger.credit(drug, day)
        file = f"{TRANSFERS_DIR}/transfers-{c.day_date(day).isoformat()}.parquet"
        table, ids = day_table(concat([kept, drug]), c.ep(), f"sim{self.seed}-{day:03d}-", file)
        output = self.config.output
        self.transfers += write_table(
            self.out / file, table, output.row_group_rows, output.compression, DICTIONARY_COLUMNS
        )
        self.sink.resolve(ids)
        self.crypto.flush()

    def close_paths(self) -> None:
        """Record where each path's money still is: frozen on blocked cards, or in transit."""
        end = self.engine.end_us
        by_acct = {drop.acct: drop for drop in self.plan.drops()}
        for acct, path, amount in self.engine.lots.holdings():
            drop = by_acct[acct]
            kind = "frozen" if drop.blocked_at < end else "in_transit"
            self.sink.path_end(path, kind, None, self.country.inst.acct_iban[acct], amount)
        self.sink.resolve({})

    def _foreign_drop_cards(self) -> list[int]:
        ep = self.country.ep()
        countries = np.array(ep.foreign_country)
        picked = np.flatnonzero(np.isin(countries, ("KG", "RU", "UZ")))
        return (ep.foreign0 + picked).tolist()

    def _organizer_accounts(self) -> list[int]:
        inst = self.country.inst
        accts = []
        for shop in self.plan.shops:
            accts.append(shop.organizer)
            second = int(inst.second_card[shop.organizer])
            if second >= 0:
                accts.append(int(inst.card_acct[second]))
        return accts


def generate(
    config: SimConfig, seed: int, out: Path, progress: Progress = _quiet
) -> dict[str, Any]:
    """Write the world of `config` and `seed` under `out`; the manifest's counts."""
    progress("building the country", 0, config.days)
    run = Run(config, seed, out)
    for day in range(config.days):
        run.day(day)
        progress("simulating days", day + 1, config.days)
    run.close_paths()
    progress("writing tables and content", config.days, config.days)
    shops = shop_views(run.country, run.plan, run.crypto)
    counts: dict[str, Any] = {"transfers": run.transfers}
    counts |= {f"truth.{k}": v for k, v in run.sink.close().items()}
    counts["tron_transfers"] = run.crypto.tron.writer.close()
    counts["bitcoin_legs"] = run.crypto.btc.legs.close()
    counts["bitcoin_transactions"] = run.crypto.btc.raw.close()
    tables = write_observable(run.country, run.crypto, out)
    tables |= write_truth(run.country, run.plan, run.ledger, run.engine, run.crypto, out)
    tables |= write_shops(shops, run.plan, config, out)
    counts |= {
        Path(path).stem if path.startswith("observable") else f"truth.{Path(path).stem}": n
        for path, n in tables.items()
    }
    counts |= run_generators(run.country, run.plan, shops, seed, out)
    write_manifest(out, seed, config, counts)
    return counts
