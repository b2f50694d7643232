"""The BIN table: narrowest range wins, malformed rows name file and line, built-in data agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schwifty import registry

from moneytrail.model.ids.bank import check_bic
from moneytrail.model.ids.banks_table import load_banks, parse_banks
from moneytrail.model.ids.card_bins import BinEntry, BinTable, TableError

HEADER = "start,end,bank,country,network\n"


def _pan(prefix: str) -> str:
    return prefix.ljust(16, "0")


@pytest.fixture(scope="module")
def table() -> BinTable:
    return BinTable.load()


@pytest.mark.parametrize(
    ("prefix", "network"),
    [
        ("4", "visa"),
        ("62", "unionpay"),  # inside maestro's 56-69, narrower
        ("6011", "discover"),
        ("65", "discover"),
        ("63", "maestro"),
        ("2204", "mir"),
        ("2205", None),
        ("2720", "mastercard"),
        ("2721", None),
        ("3589", "jcb"),
        ("9", None),
    ],
)
def test_network_ranges(table: BinTable, prefix: str, network: str | None) -> None:
    entry = table.lookup(_pan(prefix))
    assert (entry.network if entry else None) == network


def test_fictional_bank_beats_its_network(table: BinTable) -> None:
    entry = table.lookup("4407311234567890")
    assert entry is not None
    assert (entry.bank, entry.country, entry.network, entry.fictional) == (
        "Dala Bank",
        "KZ",
        "visa",
        True,
    )
    real_only = BinTable.load(fictional=False).lookup("4407311234567890")
    assert real_only is not None
    assert real_only.bank is None


def test_lookup_rejects_short_or_non_digit(table: BinTable) -> None:
    assert table.lookup("44073112345") is None
    assert table.lookup("4407311234x67890") is None
    assert table.lookup("") is None


def test_user_file_refines_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "bins.csv"
    user.write_text(HEADER + "44073100,44073199,Test Bank,KZ,visa\n4,4,,,visa\n")
    table = BinTable.load([user])
    narrow = table.lookup("4407310512345678")
    assert narrow is not None
    assert narrow.bank == "Test Bank"
    assert narrow.fictional is False
    same_width = table.lookup("4111111111111111")
    assert same_width is table.entries[-1]  # equal ranges: the row loaded last wins


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("4x,4x,,,visa", "must be 1 to 12 digits"),
        ("45,4,,,visa", "equal length"),
        ("46,45,,,visa", "start <= end"),
        ("4,4,,,visacard", "unknown network"),
        ("4,4,Bank,kz,visa", "2-letter"),
        ("4,4,,,visa,maybe", "fields where the header has"),
        ("4,4,,visa", "fields where the header has"),
    ],
)
def test_malformed_row_names_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("# a comment\n" + HEADER + "5,5,,,mastercard\n" + row + "\n")
    with pytest.raises(TableError, match=problem) as caught:
        BinTable.load([path])
    assert f"{path}:4:" in str(caught.value)


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("start,end,bank,network\n4,4,,visa\n")
    with pytest.raises(TableError, match=r"bad.csv:1: header lacks column\(s\) country"):
        BinTable.load([path])


def _linear(entries: list[BinEntry], key: int) -> BinEntry | None:
    """The reference answer: narrowest covering range, later rows first on ties."""
    best: tuple[int, int] | None = None
    for index, entry in enumerate(entries):
        low, high = entry.bounds
        if low <= key < high and (best is None or (high - low, -index) < best):
            best = (high - low, -index)
    return entries[-best[1]] if best else None


@st.composite
def entries(draw: st.DrawFn) -> BinEntry:
    length = draw(st.integers(1, 4))
    start = draw(st.integers(0, 10**length - 1))
    end = draw(st.integers(start, min(start + 3, 10**length - 1)))
    return BinEntry(str(start).zfill(length), str(end).zfill(length), "visa", bank=str(start))


@given(st.lists(entries(), max_size=12), st.lists(st.integers(0, 10**12 - 1), max_size=20))
def test_binary_search_matches_linear_scan(rows: list[BinEntry], keys: list[int]) -> None:
    table = BinTable(rows)
    probes = keys + [entry.bounds[0] for entry in rows] + [entry.bounds[1] for entry in rows]
    for key in probes:
        if key < 10**12:
            assert table.lookup(str(key).zfill(12) + "0000") is _linear(rows, key)


def test_fictional_bins_agree_with_networks_and_banks(table: BinTable) -> None:
    networks = BinTable([entry for entry in table.entries if entry.bank is None])
    by_bank: dict[str, set[str]] = {}
    for entry in table.entries:
        if entry.bank is None:
            continue
        assert entry.fictional
        assert entry.start == entry.end
        network = networks.lookup(_pan(entry.start))
        assert network is not None
        assert network.network == entry.network, entry
        by_bank.setdefault(entry.bank, set()).add(entry.start)
    assert by_bank == {bank.name: set(bank.bin_prefixes) for bank in load_banks()}


def test_fictional_banks_do_not_collide_with_real_ones() -> None:
    banks = load_banks()
    kz = [bank for bank in banks if bank.country == "KZ"]
    assert len(kz) == 8
    assert len(banks) - len(kz) == 6
    for bank in kz:
        assert bank.iban_bank_code is not None
        assert registry.get_banks_by_code("KZ", bank.iban_bank_code) == []
        assert len(bank.bic) == 8
        assert bank.bic.endswith("KZKA")
    for bank in banks:
        assert registry.get_banks_by_bic(bank.bic) == []
        assert check_bic(bank.bic).valid
        assert bank.bic[4:6] == bank.country
    assert len({bank.bank_id for bank in banks}) == len(banks)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("x,,KZ,AAAAKZKA,111,4", "bank_id and name"),
        ("x,X,KAZ,AAAAKZKA,111,4", "country"),
        ("x,X,KZ,AAAAKZKA,11,4", "iban_bank_code"),
        ("x,X,KZ,AAAAKZKA,111,4a", "bin_prefixes"),
    ],
)
def test_malformed_bank_row(row: str, problem: str) -> None:
    text = "bank_id,name,country,bic,iban_bank_code,bin_prefixes\n" + row + "\n"
    with pytest.raises(TableError, match=f"banks.csv:2: .*{problem}"):
        parse_banks(text, "banks.csv")
