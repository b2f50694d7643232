"""Import customs declarations of the synthetic country, with precursor ground truth.

`generate_customs` writes one row per goods line of each declaration (EAEU form: number
`PPPPP/DDMMYY/NNNNNNN`, five-digit Kazakh post code, registration date, daily sequence) to
`<out>/customs/declarations.parquet` and, as a customs export arrives, to
`<out>/customs/declarations.csv` (UTF-8, `;`-separated, Russian headers, dates DD.MM.YYYY,
decimal comma). `<truth>/customs.parquet` says which lines are precursors, reagents or lab
equipment, and for which shop's lab a front company imported them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from moneytrail.sim.customs_csv import write_csv
from moneytrail.sim.customs_goods import EQUIPMENT, LAB_ROUTES, PRECURSORS, REAGENTS, Goods
from moneytrail.sim.customs_lines import write_line
from moneytrail.sim.customs_ordinary import ORDINARY, SECTORS
from moneytrail.sim.customs_parties import (
    Post,
    Supplier,
    make_supplier,
    pick_post,
    sector_of,
    supplier_countries,
)
from moneytrail.sim.stable_parquet import write_parquet
from moneytrail.sim.views import CompanyView

CATALOGUE: tuple[Goods, ...] = PRECURSORS + REAGENTS + EQUIPMENT + ORDINARY
_COVERS = ("chemicals", "medical")

OBSERVED_SCHEMA = pa.schema(
    [
        ("declaration_no", pa.string()),
        ("item_no", pa.int32()),
        ("declaration_date", pa.date32()),
        ("customs_post_code", pa.string()),
        ("customs_post_name", pa.string()),
        ("importer_bin", pa.string()),
        ("importer_name", pa.string()),
        ("exporter_name", pa.string()),
        ("exporter_country", pa.string()),
        ("origin_country", pa.string()),
        ("goods_description", pa.string()),
        ("hs_code", pa.string()),
        ("cas_number", pa.string()),
        ("quantity", pa.float64()),
        ("unit", pa.string()),
        ("net_weight_kg", pa.float64()),
        ("gross_weight_kg", pa.float64()),
        ("invoice_value", pa.decimal128(18, 2)),
        ("currency", pa.string()),
    ]
)

TRUTH_SCHEMA = pa.schema(
    [
        ("declaration_no", pa.string()),
        ("item_no", pa.int32()),
        ("company_id", pa.string()),
        ("catalogue_item", pa.string()),
        ("kind", pa.string()),
        ("is_precursor", pa.bool_()),
        ("precursor_table", pa.string()),
        ("is_lab_equipment", pa.bool_()),
        ("importer_front_of", pa.string()),
        ("lab_front_of", pa.string()),
        ("lab_route", pa.string()),
        ("description_style", pa.string()),
        ("cas_state", pa.string()),
        ("hs_generic", pa.bool_()),
    ]
)


@dataclass(frozen=True, slots=True)
class _Importer:
    """A company as an importer: its sector, usual suppliers, and its lab's shopping list."""

    company: CompanyView
    sector: str
    activity: float
    suppliers: tuple[Supplier, ...]
    lab_suppliers: tuple[Supplier, ...]
    route: str | None
    route_goods: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Declaration:
    number: str
    day: date
    post: Post
    importer: _Importer
    supplier: Supplier
    lab: bool


def generate_customs(
    seed: int,
    companies: Sequence[CompanyView],
    out: Path,
    truth: Path,
    *,
    declarations: int,
    start: date,
    end: date,
) -> dict[str, int]:
    """Write the declarations and their ground truth; return counts of what was written."""
    if declarations < 0 or end < start or (declarations and not companies):
        raise ValueError("need companies, a non-negative count and start <= end")
    rng = random.Random(f"moneytrail.customs:{seed}")
    importers = [_importer(rng, c) for c in sorted(companies, key=lambda c: c.company_id)]
    decls = _number(rng, _plan(rng, importers, declarations), start, end)
    observed: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    for decl in decls:
        for item_no, goods in enumerate(_goods_for(rng, decl), start=1):
            obs, label = _rows(rng, decl, item_no, goods)
            observed.append(obs)
            labels.append(label)
    write_parquet(observed, OBSERVED_SCHEMA, out / "customs" / "declarations.parquet")
    write_csv(observed, out / "customs" / "declarations.csv")
    write_parquet(labels, TRUTH_SCHEMA, truth / "customs.parquet")
    return _counts(decls, labels)


def _importer(rng: random.Random, company: CompanyView) -> _Importer:
    """Draw the company's sector, suppliers and, for a lab front, its drug route.

    A lab front trades, on paper, in chemicals or medical supplies.
    """
    sector = sector_of(rng, company, SECTORS if company.lab_front_of is None else _COVERS)
    countries = supplier_countries(sector)
    suppliers = tuple(
        make_supplier(rng, rng.choice(countries), sector) for _ in range(rng.randint(1, 4))
    )
    if company.lab_front_of is None:
        return _Importer(company, sector, rng.lognormvariate(0, 1), suppliers, (), None, ())
    name, _, goods = rng.choices(LAB_ROUTES, [w for _, w, _ in LAB_ROUTES])[0]
    labs = tuple(make_supplier(rng, rng.choice(supplier_countries("lab")), "lab") for _ in "ab")
    return _Importer(company, sector, 1.0, suppliers, labs, name, goods)


def _plan(rng: random.Random, importers: list[_Importer], n: int) -> list[tuple[_Importer, bool]]:
    """Who files each declaration, and whether it carries lab goods.

    Each lab front files at least one lab declaration when the count allows.
    """
    fronts = [i for i in importers if i.route]
    others = [i for i in importers if not i.route]
    n_front = min(n, max(2 * len(fronts), round(0.05 * n))) if others else n
    n_front = n_front if fronts else 0
    plan = [
        (fronts[k % len(fronts)], k < len(fronts) or rng.random() < 0.55) for k in range(n_front)
    ]
    weights = [i.activity for i in others]
    plan += [(rng.choices(others, weights)[0], False) for _ in range(n - n_front)]
    return plan


def _number(
    rng: random.Random, plan: list[tuple[_Importer, bool]], start: date, end: date
) -> list[_Declaration]:
    """Date each declaration, pick its post and supplier, and number it in order per post."""
    span = (end - start).days
    dated = sorted(
        ((start + timedelta(days=rng.randint(0, span)), k) for k in range(len(plan))),
    )
    sequence: dict[tuple[str, int], int] = {}
    result = []
    for day, k in dated:
        importer, lab = plan[k]
        supplier = rng.choice(importer.lab_suppliers if lab else importer.suppliers)
        post = pick_post(rng, supplier.country)
        key = (post.code, day.year)
        if key not in sequence:
            sequence[key] = rng.randint(100, 5000)  # the year's count before our first
        sequence[key] += rng.randint(1, 40)  # others' declarations in between
        number = f"{post.code}/{day:%d%m%y}/{sequence[key]:07d}"
        result.append(_Declaration(number, day, post, importer, supplier, lab))
    return result


def _goods_for(rng: random.Random, decl: _Declaration) -> list[Goods]:
    """The goods lines: lab goods first when it is a lab declaration, then cover goods."""
    by_key = {g.key: g for g in CATALOGUE}
    lines: list[Goods] = []
    if decl.lab:
        pool = decl.importer.route_goods + tuple(g.key for g in EQUIPMENT)
        lines += [by_key[k] for k in rng.sample(pool, rng.randint(1, 3))]
    n_cover = rng.randint(0, 2) if decl.lab else 1 + min(3, int(rng.expovariate(1.2)))
    lines += [_sector_goods(rng, decl.importer.sector) for _ in range(n_cover)]
    return lines


def _sector_goods(rng: random.Random, sector: str) -> Goods:
    """Goods a company of the sector buys; controlled or lab goods only now and then."""
    pool = [g for g in CATALOGUE if sector in g.sectors]
    weights = [1.0 if g.kind == "ordinary" else 0.12 for g in pool]
    return rng.choices(pool, weights)[0]


def _rows(
    rng: random.Random, decl: _Declaration, item_no: int, goods: Goods
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The observed row and the truth row of one goods line."""
    company = decl.importer.company
    front = company.lab_front_of
    line = write_line(rng, goods, decl.supplier, hiding=front is not None)
    origin = decl.supplier.country if rng.random() < 0.9 else rng.choice(("CN", "IN", "DE"))
    observed = {
        "declaration_no": decl.number, "item_no": item_no, "declaration_date": decl.day,
        "customs_post_code": decl.post.code, "customs_post_name": decl.post.name,
        "importer_bin": company.bin, "importer_name": company.name,
        "exporter_name": decl.supplier.name, "exporter_country": decl.supplier.country,
        "origin_country": origin, "goods_description": line.description,
        "hs_code": line.hs_code, "cas_number": line.cas_number, "quantity": line.quantity,
        "unit": line.unit, "net_weight_kg": line.net_weight_kg,
        "gross_weight_kg": line.gross_weight_kg, "invoice_value": line.invoice_value,
        "currency": line.currency,
    }  # fmt: skip
    is_lab_goods = front is not None and goods.kind != "ordinary"
    truth = {
        "declaration_no": decl.number, "item_no": item_no, "company_id": company.company_id,
        "catalogue_item": goods.key, "kind": goods.kind, "is_precursor": goods.is_precursor,
        "precursor_table": goods.table, "is_lab_equipment": goods.kind == "equipment",
        "importer_front_of": front, "lab_front_of": front if is_lab_goods else None,
        "lab_route": decl.importer.route if is_lab_goods else None,
        "description_style": line.description_style, "cas_state": line.cas_state,
        "hs_generic": line.hs_generic,
    }  # fmt: skip
    return observed, truth


def _counts(decls: list[_Declaration], labels: list[dict[str, Any]]) -> dict[str, int]:
    """What was written, for the caller's summary."""
    return {
        "declarations": len(decls),
        "items": len(labels),
        "precursor_items": sum(1 for r in labels if r["is_precursor"]),
        "equipment_items": sum(1 for r in labels if r["is_lab_equipment"]),
        "lab_front_items": sum(1 for r in labels if r["lab_front_of"] is not None),
    }
