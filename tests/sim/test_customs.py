"""Customs declarations: deterministic, well-formed, and lab fronts buying what labs buy."""

from __future__ import annotations

import csv
import hashlib
import random
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.model.ids.kz import check_bin, make_bin
from moneytrail.sim.customs import CATALOGUE, generate_customs
from moneytrail.sim.customs_csv import HEADERS
from moneytrail.sim.customs_goods import EQUIPMENT, PRECURSORS, REAGENTS, cas_is_valid, mistype_cas
from moneytrail.sim.customs_lines import GENERIC_HS
from moneytrail.sim.views import CompanyView

EXTERNAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "external"
START, END = date(2025, 1, 1), date(2025, 6, 30)
FRONTS = {3: "shop-a", 7: "shop-b", 11: "shop-a"}
UNIVERSITY = 29  # a legitimate buyer of lab glassware and solvents


def _company(index: int) -> CompanyView:
    serial = index
    while (bin_ := make_bin(date(2015, 1 + index % 12, 1), 4, 0, serial)) is None:
        serial += 1000
    return CompanyView(
        f"company-{index:03d}", bin_, f"ТОО «Импорт-{index}»", "Алматы",
        lab_front_of=FRONTS.get(index), activities=_activities(index),
    )  # fmt: skip


def _activities(index: int) -> tuple[str, ...]:
    if index == UNIVERSITY:
        return ("university",)
    return ("chemicals",) if index % 5 == 0 else ()


COMPANIES = tuple(_company(i) for i in range(30))


def _run(root: Path, seed: int = 5, declarations: int = 400) -> dict[str, int]:
    return generate_customs(seed, COMPANIES, root / "obs", root / "truth",
                            declarations=declarations, start=START, end=END)  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("customs")
    _run(root)
    observed = pq.read_table(root / "obs" / "customs" / "declarations.parquet").to_pylist()
    truth = pq.read_table(root / "truth" / "customs.parquet").to_pylist()
    assert [(o["declaration_no"], o["item_no"]) for o in observed] == [
        (t["declaration_no"], t["item_no"]) for t in truth
    ]
    return root, [o | t for o, t in zip(observed, truth, strict=True)]


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    counts = _run(tmp_path / "a")
    assert counts == _run(tmp_path / "b")
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    _run(tmp_path / "c", seed=6)
    assert _digests(tmp_path / "a") != _digests(tmp_path / "c")
    assert counts["declarations"] == 400
    assert counts["items"] >= 400


def test_declaration_numbers_follow_the_eaeu_form(world: tuple[Path, list[dict[str, Any]]]) -> None:
    _, rows = world
    last: dict[str, tuple[date, int]] = {}
    for row in rows:
        match = re.fullmatch(r"(\d{5})/(\d{6})/(\d{7})", row["declaration_no"])
        assert match, row["declaration_no"]
        assert match[1] == row["customs_post_code"]
        assert datetime.strptime(match[2], "%d%m%y").date() == row["declaration_date"]
        assert START <= row["declaration_date"] <= END
        if row["item_no"] == 1:
            previous = last.get(match[1], (START, 0))
            assert (row["declaration_date"], int(match[3])) > previous
            last[match[1]] = (row["declaration_date"], int(match[3]))
    assert len({(r["declaration_no"], r["item_no"]) for r in rows}) == len(rows)


def test_lines_are_well_formed(world: tuple[Path, list[dict[str, Any]]]) -> None:
    _, rows = world
    by_key = {g.key: g for g in CATALOGUE}
    for row in rows:
        goods = by_key[row["catalogue_item"]]
        assert re.fullmatch(r"\d{10}", row["hs_code"])
        assert row["hs_code"] == goods.hs_code or (
            row["hs_generic"] and row["hs_code"] in GENERIC_HS
        )
        assert check_bin(row["importer_bin"]).valid
        assert row["unit"] == goods.unit
        assert row["quantity"] > 0
        assert row["gross_weight_kg"] >= row["net_weight_kg"] > 0
        assert row["invoice_value"] > Decimal(0)
        assert re.fullmatch(r"[A-Z]{2}", row["exporter_country"])


def test_cas_numbers_are_valid_unless_mistyped(world: tuple[Path, list[dict[str, Any]]]) -> None:
    _, rows = world
    states = {r["cas_state"] for r in rows}
    assert {"exact", "absent", "mistyped", "none"} <= states
    for row in rows:
        cas = row["cas_number"]
        assert (cas is None) == (row["cas_state"] in ("absent", "none"))
        if cas is not None:
            assert cas_is_valid(cas) == (row["cas_state"] == "exact")


def test_lab_fronts_buy_precursors_and_equipment(world: tuple[Path, list[dict[str, Any]]]) -> None:
    _, rows = world
    for index, shop in FRONTS.items():
        mine = [r for r in rows if r["company_id"] == f"company-{index:03d}"]
        lab = [r for r in mine if r["kind"] != "ordinary"]
        assert lab, f"front {index} imported nothing for its lab"
        assert all(r["lab_front_of"] == shop for r in lab)
        assert all(r["importer_front_of"] == shop for r in mine)
    fronts = [r for r in rows if r["importer_front_of"]]
    assert any(r["is_precursor"] for r in fronts)
    assert any(r["is_lab_equipment"] for r in fronts)
    assert any(r["description_style"] == "vague" for r in fronts)


def test_ordinary_companies_mostly_do_not(world: tuple[Path, list[dict[str, Any]]]) -> None:
    _, rows = world
    university = f"company-{UNIVERSITY:03d}"
    ordinary = [r for r in rows if r["importer_front_of"] is None and r["company_id"] != university]
    fronts = [r for r in rows if r["importer_front_of"] is not None]

    def share(lines: list[dict[str, Any]]) -> float:
        return sum(1 for r in lines if r["is_precursor"] or r["is_lab_equipment"]) / len(lines)

    assert all(r["lab_front_of"] is None for r in ordinary)
    assert share(ordinary) < 0.1
    assert share(fronts) > 3 * share(ordinary)
    tables = {r["precursor_table"] for r in ordinary if r["is_precursor"]}
    assert tables <= {"I", "II", "S"}, "national mephedrone precursors have no ordinary buyer"


def test_a_university_buys_lab_goods_without_a_lab(
    world: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, rows = world
    mine = [r for r in rows if r["company_id"] == f"company-{UNIVERSITY:03d}"]
    assert mine
    assert all(r["kind"] != "ordinary" for r in mine)
    assert all(r["lab_front_of"] is None for r in mine)


def test_csv_export_carries_the_same_rows(world: tuple[Path, list[dict[str, Any]]]) -> None:
    root, rows = world
    with (root / "obs" / "customs" / "declarations.csv").open(encoding="utf-8", newline="") as f:
        records = list(csv.reader(f, delimiter=";"))
    assert tuple(records[0]) == tuple(header for _, header in HEADERS)
    assert len(records) == len(rows) + 1
    columns = [column for column, _ in HEADERS]
    for record, row in zip(records[1:], rows, strict=True):
        values = dict(zip(columns, record, strict=True))
        assert values["declaration_no"] == row["declaration_no"]
        assert values["declaration_date"] == f"{row['declaration_date']:%d.%m.%Y}"
        assert Decimal(values["invoice_value"].replace(",", ".")) == row["invoice_value"]
        assert values["cas_number"] == (row["cas_number"] or "")
        assert values["goods_description"] == row["goods_description"]


def test_catalogue_is_consistent() -> None:
    keys = [g.key for g in CATALOGUE]
    assert len(keys) == len(set(keys))
    for goods in CATALOGUE:
        assert re.fullmatch(r"\d{10}", goods.hs_code), goods.key
        assert goods.cas is None or cas_is_valid(goods.cas), goods.key
    assert all(g.is_precursor for g in PRECURSORS)
    assert not any(g.is_precursor for g in REAGENTS + EQUIPMENT)
    assert {"bromo_mpp", "mpp", "methylamine"} <= {g.key for g in PRECURSORS}


def test_precursors_match_the_reference_list() -> None:
    path = EXTERNAL / "precursors" / "precursors.csv"
    if not path.exists():
        pytest.skip(f"the reference precursor list is not at {path}")
    with path.open(encoding="utf-8", newline="") as f:
        reference = {row["cas"]: row for row in csv.DictReader(f)}
    for goods in PRECURSORS:
        assert goods.cas in reference, f"{goods.key}: CAS {goods.cas} is not in the reference list"
        row = reference[goods.cas]
        assert goods.table == row["table"], goods.key
        assert goods.hs_code[:6] == row["hs2022"][:7].replace(".", ""), goods.key
    reagent_cas = {g.cas for g in REAGENTS}
    assert not reagent_cas & set(reference), "a reagent is listed: it should be a precursor"


@given(index=st.integers(0, len(CATALOGUE) - 1), seed=st.integers(0, 10_000))
def test_mistyped_cas_numbers_fail_the_check(index: int, seed: int) -> None:
    cas = CATALOGUE[index].cas
    if cas is not None:
        typo = mistype_cas(random.Random(seed), cas)
        assert typo != cas
        assert not cas_is_valid(typo)


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="companies"):
        generate_customs(1, [], tmp_path, tmp_path, declarations=3, start=START, end=END)
    with pytest.raises(ValueError, match="start <= end"):
        generate_customs(1, COMPANIES, tmp_path, tmp_path, declarations=3, start=END, end=START)
