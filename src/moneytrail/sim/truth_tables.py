"""Ground truth about entities: the role of every person, account, card and wallet.

Written under `truth/`, never under `observable/`. Roles: people are `citizen` unless the
drug economy gave them one; accounts and cards are `ordinary` unless they are drops
(`drop_t1`, `drop_t2`, `cash_out`), traders' (`exchanger`), a nominee's, an organizer's
(idle at home while they live abroad) or, abroad, a foreign drop card.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from moneytrail.sim.country import Country
from moneytrail.sim.crypto.world import CryptoWorld
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.drug.exchangers import cash
from moneytrail.sim.drug.roles import DrugPlan
from moneytrail.sim.labels import person_id, shop_id
from moneytrail.sim.ledger import NEVER, Ledger
from moneytrail.sim.writer import write_table

TS = pa.timestamp("us", tz="UTC")


def people_truth(c: Country, plan: DrugPlan) -> pa.Table:
    """Each person's role and shop; buyers' preferred shop."""
    n = c.population.size
    role = ["citizen"] * n
    shop: list[str | None] = [None] * n
    for person, (name, index) in plan.roles.items():
        role[person], shop[person] = name, shop_id(index)
    for person, preferred in zip(plan.buyers.tolist(), plan.buyer_shop.tolist(), strict=True):
        shop[person] = shop_id(preferred)
    return pa.table({"person_id": [person_id(i) for i in range(n)], "role": role, "shop_id": shop})


def _account_roles(c: Country, plan: DrugPlan) -> tuple[list[str], list[str | None]]:
    role = ["ordinary"] * c.inst.accounts
    shop: list[str | None] = [None] * c.inst.accounts
    for drop in plan.drops():
        role[drop.acct] = {"t1": "drop_t1", "t2": "drop_t2", "cash_out": "cash_out"}[drop.tier]
        shop[drop.acct] = shop_id(drop.shop)
    for ex in plan.exchangers:
        for acct in ex.accts:
            role[acct] = "exchanger"
    for s in plan.shops:
        for _, acct in s.reserve:
            role[acct], shop[acct] = "drop_reserve", shop_id(s.index)
        role[s.nominee_acct], shop[s.nominee_acct] = "nominee", shop_id(s.index)
        role[s.organizer], shop[s.organizer] = "organizer", shop_id(s.index)
    return role, shop


def accounts_truth(c: Country, plan: DrugPlan, ledger: Ledger, engine: Engine) -> pa.Table:
    """Each account's role, shop, the day ordinary use ended, and its balance at the end."""
    role, shop = _account_roles(c, plan)
    end = ledger.balance.copy()
    for acct, held in cash(engine).items():
        end[acct] += held - int(c.inst.acct_balance0[acct])
    for acct, _, amount in engine.lots.holdings():
        end[acct] += amount
    until = ledger.normal_until
    return pa.table(
        {
            "iban": c.inst.acct_iban,
            "role": role,
            "shop_id": shop,
            "ordinary_use_until_day": pa.array(until, mask=until == NEVER),
            "balance_at_end_minor": end,
        }
    )


def cards_truth(c: Country, plan: DrugPlan, engine: Engine) -> pa.Table:
    """Each card's role; for drops how it was acquired, its dates and what stayed on it."""
    acct_role, acct_shop = _account_roles(c, plan)
    ep = c.ep()
    accts = c.inst.card_acct.tolist()
    rows = {
        "pan": list(c.inst.card_pan)
        + ep.table.column("instrument")
        .slice(ep.foreign0, ep.foreign_outlet0 - ep.foreign0)
        .to_pylist(),
        "role": [acct_role[a] for a in accts]
        + ["foreign_ordinary"] * (ep.foreign_outlet0 - ep.foreign0),
        "shop_id": [acct_shop[a] for a in accts] + [None] * (ep.foreign_outlet0 - ep.foreign0),
    }
    for s in plan.shops:
        for card in s.foreign_cards:
            rows["role"][len(accts) + card - ep.foreign0] = "foreign_drop"
            rows["shop_id"][len(accts) + card - ep.foreign0] = shop_id(s.index)
    n = len(rows["pan"])
    extra: dict[str, list[object]] = {
        k: [None] * n
        for k in ("acquisition", "dormant_from_day", "live_from", "blocked_at", "frozen_minor")
    }
    for drop in plan.drops():
        extra["acquisition"][drop.card] = drop.acquisition
        extra["dormant_from_day"][drop.card] = drop.dormant_from
        extra["live_from"][drop.card] = drop.live_from
        extra["blocked_at"][drop.card] = drop.blocked_at
        extra["frozen_minor"][drop.card] = engine.lots.total(drop.acct)
    types = {
        "acquisition": pa.string(),
        "dormant_from_day": pa.int64(),
        "live_from": TS,
        "blocked_at": TS,
        "frozen_minor": pa.int64(),
    }
    return pa.table({**rows, **{k: pa.array(v, types[k]) for k, v in extra.items()}})


def wallets_truth(crypto: CryptoWorld) -> pa.Table:
    """Every address the world made, with its holder."""
    items = list(crypto.registry.holders.items())
    return pa.table(
        {
            "address": [a for a, _ in items],
            "chain": [h.chain for _, h in items],
            "owner_kind": [h.owner_kind for _, h in items],
            "owner": [h.owner for _, h in items],
            "role": [h.role for _, h in items],
            "shop_id": [shop_id(h.shop) for _, h in items],
        }
    )


def write_truth(
    c: Country, plan: DrugPlan, ledger: Ledger, engine: Engine, crypto: CryptoWorld, out: Path
) -> dict[str, int]:
    """Every truth entity table; rows per file."""
    group, codec = c.config.output.row_group_rows, c.config.output.compression
    tables = {
        "truth/people.parquet": people_truth(c, plan),
        "truth/accounts.parquet": accounts_truth(c, plan, ledger, engine),
        "truth/cards.parquet": cards_truth(c, plan, engine),
        "truth/wallets.parquet": wallets_truth(crypto),
    }
    return {path: write_table(out / path, table, group, codec) for path, table in tables.items()}
