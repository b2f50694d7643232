"""Malformed input never crashes a run and never loses a row: read = landed + quarantined.

Rows of the benchmark formats are mangled (cut short, bytes that are not UTF-8, wrong
types, fields missing or extra, stray quotes and carriage returns); XML and Parquet files
are cut and corrupted. Every data line that is not blank must come out landed or rejected,
and the lake's views must hold exactly what the report says.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moneytrail.ingest.contract import Landed, ReadContext, Reader, Rejected, RejectedBatch
from moneytrail.ingest.readers.amlsim import AmlSimReader
from moneytrail.ingest.readers.amlworld import HEADER, AmlWorldReader
from moneytrail.lake.land import LandOptions, land
from moneytrail.model.ids.base import Tokenizer
from tests.lake.files import amlworld_row

FIXTURES = Path(__file__).with_name("fixtures")
TOKENIZER = Tokenizer(b"k")
Mangle = Callable[[bytes, int], bytes]
MANGLES: tuple[Mangle, ...] = (
    lambda line, _k: line,
    lambda line, k: line[: k % (len(line) + 1)],
    lambda line, k: line[:k] + b"\xff\xfe" + line[k:],
    lambda line, _k: line.replace(b",", b",x", 1),
    lambda line, _k: line.replace(b",", b"", 1),
    lambda line, _k: line + b",extra",
    lambda line, k: line[:k] + b'"' + line[k:],
    lambda line, k: line[:k] + b"\r" + line[k:],
    lambda line, _k: line.replace(b"US Dollar", b"\x00"),
    lambda _line, _k: b"   ",
)


@st.composite
def mangled(draw: st.DrawFn, header: bytes, row: Callable[[int], bytes]) -> bytes:
    """A file: the header and rows, each maybe mangled; maybe no final newline."""
    count = draw(st.integers(0, 30))
    lines = [header]
    for n in range(count):
        mangle = draw(st.sampled_from(MANGLES))
        lines.append(mangle(row(n), draw(st.integers(0, 80))))
    return b"\n".join(lines) + draw(st.sampled_from([b"\n", b"", b"\r\n"]))


def data_rows(data: bytes) -> int:
    """Lines after the header that are not blank: each must land or be rejected."""
    return sum(1 for line in data.split(b"\n")[1:] if line.strip())


def read_count(reader: Reader, path: Path) -> tuple[int, int]:
    """Rows landed in the main table and rows rejected, as the reader yields them."""
    landed = rejected = 0
    for item in reader.read(path, ReadContext(TOKENIZER, reader.name, file_id="f")):
        if isinstance(item, Landed) and item.table in ("transfers", "instruments"):
            landed += item.rows.num_rows
        elif isinstance(item, RejectedBatch):
            rejected += item.rows.num_rows
        elif isinstance(item, Rejected):
            rejected += 1
    return landed, rejected


def _amlworld(n: int) -> bytes:
    return amlworld_row(n).encode()


def _amlsim(n: int) -> bytes:
    return f"{n},{n * 7 % 100},{n % 500}.{n % 100:02d},{n % 30}".encode()


@given(data=mangled(HEADER.encode(), _amlworld))
def test_amlworld_reader_accounts_for_every_row(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x_Trans.csv"
        path.write_bytes(data)
        assert sum(read_count(AmlWorldReader(), path)) == data_rows(data)


@given(data=mangled(b"sourceNodeId,targetNodeId,value,time", _amlsim))
def test_amlsim_reader_accounts_for_every_row(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "transactions.csv"
        path.write_bytes(data)
        assert sum(read_count(AmlSimReader(), path)) == data_rows(data)


def _lake_counts(lake: Path) -> tuple[int, int]:
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        landed = con.execute("SELECT count(*) FROM transfers").fetchall()[0][0]
        quarantined = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    return int(landed), int(quarantined)


@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow])
@given(data=mangled(HEADER.encode(), _amlworld))
def test_a_mangled_file_lands_row_for_row_in_the_lake(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x_Trans.csv"
        path.write_bytes(data)
        report = land([path], Path(folder) / "lake", LandOptions(TOKENIZER, format="amlworld"))
        counts = report.tables()["transfers"]
        assert counts.read == data_rows(data)
        assert _lake_counts(Path(folder) / "lake") == (counts.landed, counts.quarantined)


def _cut_and_flip(data: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data[: max(1, cut % (len(data) + 1))])
    for where, value in flips:
        out[where % len(out)] = value
    return bytes(out)


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["camt053_kaspi.xml", "goaml_kz_str.xml", "amlgentex"]),
    cut=st.integers(0, 1 << 20),
    flips=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=4),
)
def test_broken_xml_and_parquet_never_crash_the_run(
    name: str, cut: int, flips: list[tuple[int, int]], gentex_sample: bytes
) -> None:
    source = gentex_sample if name == "amlgentex" else (FIXTURES / name).read_bytes()
    fmt = {"camt053_kaspi.xml": "camt053", "goaml_kz_str.xml": "goaml"}.get(name, "amlgentex")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(_cut_and_flip(source, cut, flips))
        report = land([path], Path(folder) / "lake", LandOptions(TOKENIZER, format=fmt))
        (result,) = report.files
        assert result.status in ("landed", "failed")
        landed = sum(c.landed for name, c in result.counts.items() if name == "transfers")
        assert _lake_counts(Path(folder) / "lake")[0] == landed


def _post_and_traveller_sources() -> dict[str, tuple[bytes, str]]:
    """A Telegram export, a web page and the carriers' API and PNR samples, by format."""
    from tests.ingest.external import EXTERNAL
    from tests.ingest.test_telegram import EXPORT
    from tests.ingest.test_web import PAGE

    api = EXTERNAL / "api-pnr"
    return {
        "telegram": (json.dumps(EXPORT, indent=1).encode(), "result.json"),
        "web": (PAGE.encode(), "index.html"),
        "paxlst": ((api / "paxlst-airline2.edi").read_bytes(), "api.edi"),
        "pnrgov": ((api / "pnrgov-pnrMessageExample.txt").read_bytes(), "pnr.txt"),
    }


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(
    fmt=st.sampled_from(["telegram", "web", "paxlst", "pnrgov"]),
    cut=st.integers(0, 1 << 14),
    flips=st.lists(st.tuples(st.integers(0, 1 << 14), st.integers(0, 255)), max_size=4),
)
def test_broken_posts_and_passenger_messages_never_crash_the_run(
    fmt: str, cut: int, flips: list[tuple[int, int]]
) -> None:
    source, name = _post_and_traveller_sources()[fmt]
    table = "posts" if fmt in ("telegram", "web") else "passengers"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(_cut_and_flip(source, cut, flips))
        report = land([path], Path(folder) / "lake", LandOptions(TOKENIZER, format=fmt))
        (result,) = report.files
        assert result.status == "landed", result.error
        counts = report.tables()[table]
        assert counts.read == counts.landed + counts.quarantined
        with duckdb.connect(str(Path(folder) / "lake" / "catalog.duckdb"), read_only=True) as con:
            landed = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            quarantined = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
        assert (landed, quarantined) == (counts.landed, counts.quarantined)
