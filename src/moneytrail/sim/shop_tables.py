"""Ground truth about shops: who runs each one and every requisite it published."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from moneytrail.sim.config import SimConfig
from moneytrail.sim.drug.roles import DrugPlan
from moneytrail.sim.labels import person_id
from moneytrail.sim.views import ShopView
from moneytrail.sim.writer import write_table

TS = pa.timestamp("us", tz="UTC")


def shops_table(views: list[ShopView], plan: DrugPlan) -> pa.Table:
    """One row per shop."""
    return pa.table(
        {
            "shop_id": [v.shop_id for v in views],
            "name": [v.name for v in views],
            "city": [v.city for v in views],
            "products": pa.array([list(v.products) for v in views], pa.list_(pa.string())),
            "channel_handle": [v.channel_handle for v in views],
            "bot_handle": [v.bot_handle for v in views],
            "operator_handle": [v.operator_handle for v in views],
            "site": [v.site for v in views],
            "active_from": pa.array([v.active_from for v in views], TS),
            "active_to": pa.array([v.active_to for v in views], TS),
            "organizer_person_id": [person_id(s.organizer) for s in plan.shops],
            "nominee_person_id": [person_id(s.nominee) for s in plan.shops],
            "courier_person_ids": [[person_id(p) for p in s.couriers] for s in plan.shops],
        }
    )


def requisites_table(views: list[ShopView]) -> pa.Table:
    """One row per requisite a shop published, with its validity."""
    rows = [(v.shop_id, r) for v in views for r in v.requisites]
    return pa.table(
        {
            "shop_id": [s for s, _ in rows],
            "kind": [r.kind for _, r in rows],
            "value": [r.value for _, r in rows],
            "valid_from": pa.array([r.valid_from for _, r in rows], TS),
            "valid_to": pa.array([r.valid_to for _, r in rows], TS),
        }
    )


def write_shops(
    views: list[ShopView], plan: DrugPlan, config: SimConfig, out: Path
) -> dict[str, int]:
    """Both shop tables; rows per file."""
    group, codec = config.output.row_group_rows, config.output.compression
    return {
        "truth/shops.parquet": write_table(
            out / "truth/shops.parquet", shops_table(views, plan), group, codec
        ),
        "truth/shop_requisites.parquet": write_table(
            out / "truth/shop_requisites.parquet", requisites_table(views), group, codec
        ),
    }
