"""Landing files: counts, idempotence, quarantine, the catalog's views, the JSON report."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from moneytrail.ingest.contract import Rejected
from moneytrail.lake import land as land_module
from moneytrail.lake.errors import LakeError
from moneytrail.lake.land import LandOptions, land
from moneytrail.lake.layout import Lake
from moneytrail.lake.report import FileResult
from moneytrail.lake.tables import TABLES
from moneytrail.model.ids.base import Tokenizer
from tests.lake.files import amlworld_csv

OPTS = LandOptions(Tokenizer(b"k"))


def _query(lake: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        con.execute("SET TimeZone = 'UTC'")
        return con.execute(sql).fetchall()


def test_rows_land_or_are_quarantined_and_the_counts_add_up(tmp_path: Path) -> None:
    source = amlworld_csv(tmp_path / "a_Trans.csv", 200, bad=(3, 50, 101, 102))
    report = land([source], tmp_path / "lake", OPTS)
    transfers = report.tables()["transfers"]
    assert (transfers.read, transfers.landed, transfers.quarantined) == (200, 196, 4)
    assert report.tables()["labels"].landed == len(
        [n for n in range(200) if n % 7 == 0 and n not in (3, 50, 101, 102)]
    )
    lake = tmp_path / "lake"
    assert _query(lake, "SELECT count(*) FROM transfers") == [(196,)]
    rows = _query(lake, 'SELECT "table", file, line FROM quarantine ORDER BY line')
    assert rows == [("transfers", str(source), line) for line in (5, 52, 103, 104)]


def test_partitions_are_days_and_the_views_see_them(tmp_path: Path) -> None:
    land([amlworld_csv(tmp_path / "a_Trans.csv", 50)], tmp_path / "lake", OPTS)
    days = sorted(p.name for p in (tmp_path / "lake" / "tables" / "transfers").iterdir())
    assert days == [f"date=2022-09-0{d}" for d in range(1, 6)]
    sql = "SELECT strftime(date, '%Y-%m-%d'), count(*)::INT FROM transfers GROUP BY 1 ORDER BY 1"
    got = _query(tmp_path / "lake", sql)
    assert got == [(f"2022-09-0{d}", 10) for d in range(1, 6)]


def test_ingesting_a_file_again_adds_nothing(tmp_path: Path) -> None:
    source = amlworld_csv(tmp_path / "a_Trans.csv", 30)
    copy = tmp_path / "copy_Trans.csv"
    copy.write_bytes(source.read_bytes())
    first = land([source], tmp_path / "lake", OPTS)
    files = sorted((tmp_path / "lake" / "tables").rglob("*.parquet"))
    again = land([source, copy], tmp_path / "lake", OPTS)
    assert [r.status for r in again.files] == ["skipped", "skipped"]
    assert again.tables()["transfers"].read == 0
    assert sorted((tmp_path / "lake" / "tables").rglob("*.parquet")) == files
    assert _query(tmp_path / "lake", "SELECT count(*) FROM transfers") == [(30,)]
    assert first.files[0].ingest_id == again.files[0].ingest_id


def test_a_file_nobody_reads_is_quarantined_whole_when_named(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("nothing to see")
    report = land([junk], tmp_path / "lake", OPTS)
    assert [r.status for r in report.files] == ["failed"]
    rows = _query(tmp_path / "lake", 'SELECT "table", file, line, reason FROM quarantine')
    assert rows == [
        ("file", str(junk), None, "no reader recognises this file; name its format with --format")
    ]
    assert land([junk], tmp_path / "lake", OPTS).files[0].status == "skipped"


def test_in_a_directory_unknown_files_are_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    amlworld_csv(folder / "a_Trans.csv", 10)
    (folder / "readme.txt").write_text("hello")
    (folder / ".hidden_Trans.csv").write_text("x")
    report = land([folder], tmp_path / "lake", OPTS)
    assert [(Path(r.path).name, r.status) for r in report.files] == [
        ("a_Trans.csv", "landed"),
        ("readme.txt", "unknown"),
    ]


def test_a_reader_that_fails_fails_its_file_only(tmp_path: Path) -> None:
    bad = tmp_path / "bad_Trans.csv"
    bad.write_text("Timestamp,wrong header\n1,2\n")
    good = amlworld_csv(tmp_path / "a_Trans.csv", 10)
    report = land([bad, good], tmp_path / "lake", LandOptions(Tokenizer(b"k"), format="amlworld"))
    assert [r.status for r in report.files] == ["failed", "landed"]
    assert report.files[0].error is not None
    assert "header differs" in report.files[0].error
    assert _query(tmp_path / "lake", "SELECT count(*) FROM transfers") == [(10,)]


def test_every_table_has_a_typed_view_even_when_empty(tmp_path: Path) -> None:
    land([amlworld_csv(tmp_path / "a_Trans.csv", 5)], tmp_path / "lake", OPTS)
    for spec in TABLES:
        names = [row[0] for row in _query(tmp_path / "lake", f"DESCRIBE {spec.name}")]
        expected = [*spec.lake_schema.names, *(["date"] if spec.partition_by else [])]
        assert names == expected, spec.name


def test_the_manifest_records_each_file(tmp_path: Path) -> None:
    source = amlworld_csv(tmp_path / "a_Trans.csv", 5)
    report = land([source], tmp_path / "lake", OPTS)
    rows = _query(
        tmp_path / "lake", "SELECT ingest_id, sha256, file, format, source, status FROM ingests"
    )
    result = report.files[0]
    assert rows == [
        (result.ingest_id, result.sha256, str(source), "amlworld", "amlworld", "landed")
    ]


def test_json_report_has_counts_per_table(tmp_path: Path) -> None:
    report = land([amlworld_csv(tmp_path / "a_Trans.csv", 20, bad=(2,))], tmp_path / "lake", OPTS)
    data = report.to_json()
    assert data["files"] == {"landed": 1, "skipped": 0, "failed": 0, "unknown": 0}
    assert data["tables"]["transfers"] == {"read": 20, "landed": 19, "quarantined": 1}
    assert set(data["tables"]) == {s.name for s in TABLES} - {"quarantine"}


def test_missing_paths_and_unknown_formats_fail_before_anything_is_done(tmp_path: Path) -> None:
    with pytest.raises(LakeError, match="no such file"):
        land([tmp_path / "nope.csv"], tmp_path / "lake", OPTS)
    with pytest.raises(Exception, match="unknown format 'xml'"):
        land([tmp_path], tmp_path / "lake", LandOptions(Tokenizer(b"k"), format="xml"))
    assert not Lake(tmp_path / "lake").catalog_path.exists()


def test_single_rejects_of_several_tables_are_quarantined_under_their_own(tmp_path: Path) -> None:
    result = FileResult("f", "landed", ingest_id="abc")
    items = [Rejected("transfers", "f", n, "bad", "raw") for n in range(3)]
    items.append(Rejected("parties", "f", 9, "worse", "4400430000000007 was here"))
    staged = land_module._read_all(Lake.at(tmp_path), items, result, land_module._Quiet())
    assert {name: c.quarantined for name, c in result.counts.items()} == {
        "transfers": 3,
        "parties": 1,
    }
    rows = pq.read_table(tmp_path / "staging" / "abc" / staged[0]).to_pylist()
    assert {(r["table"], r["line"]) for r in rows} == {
        ("transfers", 0),
        ("transfers", 1),
        ("transfers", 2),
        ("parties", 9),
    }
    assert [r["raw"] for r in rows if r["table"] == "parties"] == ["440043******0007 was here"]
