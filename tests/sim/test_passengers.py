"""Passenger messages: deterministic, well-formed, true to the truth table, and to the samples."""

from __future__ import annotations

import hashlib
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from moneytrail.model.ids.kz import make_iin
from moneytrail.sim.passengers import generate_passengers
from moneytrail.sim.passengers.names import latin, passport_name, russian_patronymic, variant_name
from moneytrail.sim.views import PersonView
from tests.sim.test_edifact import Parsed, check_envelope, tags, tokenize

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "external" / "api-pnr"
START, END = date(2025, 3, 1), date(2025, 3, 31)

_NAMES = (
    ("Жұмабеков", "Ерлан", "Серікұлы", "ZHUMABEKOV ERLAN", "M"),
    ("Шыңғысова", "Әйгерім", "Қайратқызы", "SHYNGYSOVA AIGERIM", "F"),
    ("Иванов", "Сергей", "Петрович", "IVANOV SERGEI", "M"),
    ("Қасымов", "Нұрлан", None, "KASYMOV NURLAN", "M"),
    ("Өтегенова", "Гүлнар", "Болатқызы", "OTEGENOVA GULNAR", "F"),
)


def _person(index: int) -> PersonView:
    last, first, patronymic, latin_name, sex = _NAMES[index % len(_NAMES)]
    born = date(1970 + index % 30, 1 + index % 12, 1 + index % 28)
    serial = index
    while (iin := make_iin(born, "M" if sex == "M" else "F", serial)) is None:
        serial += 1000
    return PersonView(
        f"person-{index:04d}", iin, last, first, patronymic, (latin_name,), born, sex, "KAZ",
        f"N{10_000_000 + index:08d}", "Алматы", "citizen",
    )  # fmt: skip


PEOPLE = tuple(_person(i) for i in range(60))
WATCHLISTED = (PEOPLE[0], PEOPLE[1], PEOPLE[4])


def _run(root: Path, seed: int = 11, flights: int = 8) -> dict[str, int]:
    return generate_passengers(seed, PEOPLE, WATCHLISTED, root / "obs", root / "truth",
                               flights=flights, start=START, end=END)  # fmt: skip


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("pax")
    _run(root)
    return root, pq.read_table(root / "truth" / "passengers.parquet").to_pylist()


def _parse(root: Path, relative: str) -> Parsed:
    return tokenize((root / "obs" / relative).read_text(encoding="ascii"))


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    counts = _run(tmp_path / "a")
    assert counts == _run(tmp_path / "b")
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    _run(tmp_path / "c", seed=12)
    assert _digests(tmp_path / "a") != _digests(tmp_path / "c")
    assert counts["flights"] == 8
    assert counts["passengers"] > 8 * 6


def test_every_message_has_a_valid_envelope(world: tuple[Path, list[dict[str, Any]]]) -> None:
    root, rows = world
    files = {r["paxlst_file"] for r in rows} | {r["pnrgov_file"] for r in rows}
    assert len(files) == 16
    for relative in files:
        check_envelope(_parse(root, relative))


def _by_file(rows: list[dict[str, Any]], column: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r[column], r["passenger_index"])):
        grouped.setdefault(row[column], []).append(row)
    return grouped


def test_paxlst_lists_the_travellers_of_the_truth_in_order(
    world: tuple[Path, list[dict[str, Any]]],
) -> None:
    root, rows = world
    for relative, expected in _by_file(rows, "paxlst_file").items():
        parsed = _parse(root, relative)
        names = [s[4] for s in parsed if s[0] == ["NAD"] and s[1] == ["FL"]]
        documents = [s[2][0] for s in parsed if s[0] == ["DOC"]]
        count = next(s[1] for s in parsed if s[0] == ["CNT"])
        assert count == ["42", str(len(expected))]
        assert [n[:2] for n in names] == [[r["surname"], r["given_name"]] for r in expected]
        assert documents == [r["passport_no"] for r in expected]
        assert [s[1] for s in parsed if s[0] == ["RFF"]] == [
            ["AVF", r["pnr_locator"]] for r in expected
        ]


def test_pnrgov_holds_one_record_per_booking_and_the_documents(
    world: tuple[Path, list[dict[str, Any]]],
) -> None:
    root, rows = world
    for relative, expected in _by_file(rows, "pnrgov_file").items():
        parsed = _parse(root, relative)
        locators = [s[1][1] for s in parsed if s[0] == ["RCI"]]
        assert locators == list(dict.fromkeys(r["pnr_locator"] for r in expected))
        assert next(s[1] for s in parsed if s[0] == ["EQN"]) == [str(len(locators))]
        docs = [s[1][8].split("/") for s in parsed if s[0] == ["SSR"] and s[1][0] == "DOCS"]
        assert [(d[3], d[8], d[9]) for d in docs] == [
            (r["passport_no"], r["surname"], r["given_name"]) for r in expected
        ]


def test_payments_are_cash_or_masked_cards(world: tuple[Path, list[dict[str, Any]]]) -> None:
    root, rows = world
    for relative in {r["pnrgov_file"] for r in rows}:
        for fop in (s[1] for s in _parse(root, relative) if s[0] == ["FOP"]):
            assert fop[0] in ("CA", "CC")
            if fop[0] == "CC":
                assert re.fullmatch(r"[45]\d{5}X{6}\d{4}|X{12}\d{4}", fop[4]), fop


def test_ordinary_travellers_use_their_passports(world: tuple[Path, list[dict[str, Any]]]) -> None:
    _, rows = world
    ordinary = [r for r in rows if not r["is_watchlisted"]]
    assert ordinary
    assert all(r["name_variant"] == "passport" for r in ordinary)
    assert all(re.fullmatch(r"N\d{8}", r["passport_no"]) for r in ordinary)
    assert not {r["person_id"] for r in ordinary} & {p.person_id for p in WATCHLISTED}


def test_watchlisted_persons_travel_under_name_variants(
    world: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, rows = world
    flagged = [r for r in rows if r["is_watchlisted"]]
    assert {r["person_id"] for r in flagged} == {p.person_id for p in WATCHLISTED}
    assert len({r["name_variant"] for r in flagged}) >= 2
    official = {p.person_id: passport_name(p) for p in WATCHLISTED}
    for row in flagged:
        name = official[row["person_id"]]
        same = (row["surname"], row["given_name"]) == (name.surname, name.given)
        if row["name_variant"] == "passport":
            assert same
            assert row["middle_name"] is None
        else:
            assert not same or row["middle_name"]


def test_transliterations_of_one_name() -> None:
    assert latin("Жұмабеков", "icao") == "ZHUMABEKOV"
    assert latin("Жұмабеков", "kz2021") == "JUMABEKOV"
    assert latin("Жұмабеков", "russian") == "DZHUMABEKOV"
    assert latin("Жуков", "russian") == "ZHUKOV"
    assert latin("Юлия", "icao") == "IULIIA"
    assert latin("Юлия", "russian") == "YULIYA"
    assert latin("Шыңғыс", "kz2017") == "S'YN'G'YS"
    assert latin("Шыңғыс", "kz2021") == "SYNGYS"
    assert russian_patronymic("Серікұлы") == "Серикович"
    assert russian_patronymic("Қайратқызы") == "Кайратовна"


def test_a_variant_never_equals_the_passport_name() -> None:
    rng = random.Random(5)
    for person in PEOPLE[:10]:
        official = passport_name(person)
        for _ in range(20):
            name = variant_name(rng, person)
            assert (name.surname, name.given, name.middle) != (official.surname, official.given, "")


def test_apostrophes_in_names_are_released(tmp_path: Path) -> None:
    person = PersonView("irish", "", "", "", None, ("O'NEILL SEAN",), date(1990, 1, 1), "M",
                        "IRL", "PB1234567", "Алматы", "citizen")  # fmt: skip
    generate_passengers(1, [person], [], tmp_path, tmp_path, flights=1, start=START, end=START)
    text = next((tmp_path / "passengers" / "paxlst").glob("*.edi")).read_text()
    assert "O?'NEILL" in text
    nad = next(s for s in tokenize(text) if s[0] == ["NAD"] and s[1] == ["FL"])
    assert nad[4] == ["O'NEILL", "SEAN"]


_QUALIFIED = ("BGM", "NAD", "TDT", "LOC", "DTM", "ATT", "NAT", "RFF", "DOC", "CNT")


def _qualified(parsed: Parsed) -> set[tuple[str, str]]:
    """(tag, qualifier) pairs; the qualifier is the first component of the first element."""
    pairs = set()
    for segment in parsed:
        tag = segment[0][0].strip()
        pairs.add((tag, segment[1][0] if tag in _QUALIFIED else ""))
    return pairs


def test_structure_follows_the_published_samples(world: tuple[Path, list[dict[str, Any]]]) -> None:
    sample_paxlst = SAMPLES / "paxlst-airline2.edi"
    sample_pnrgov = SAMPLES / "pnrgov-pnrMessageExample.txt"
    if not (sample_paxlst.exists() and sample_pnrgov.exists()):
        pytest.skip(f"the CBP GTAS sample messages are not in {SAMPLES}")
    root, rows = world
    paxlst = [s for f in {r["paxlst_file"] for r in rows} for s in _parse(root, f)]
    pnrgov = [s for f in {r["pnrgov_file"] for r in rows} for s in _parse(root, f)]
    assert _qualified(tokenize(sample_paxlst.read_text())) <= _qualified(paxlst)
    assert set(tags(tokenize(sample_pnrgov.read_text()))) <= set(tags(pnrgov))


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="travellers"):
        generate_passengers(1, [], [], tmp_path, tmp_path, flights=1, start=START, end=END)
    with pytest.raises(ValueError, match="start <= end"):
        generate_passengers(1, PEOPLE, [], tmp_path, tmp_path, flights=1, start=END, end=START)
    with pytest.raises(ValueError, match="do not fit"):
        generate_passengers(
            1, PEOPLE, [], tmp_path, tmp_path, flights=10_000, start=START, end=START
        )
