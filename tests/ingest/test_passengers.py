"""API (PAXLST) and PNR (PNRGOV) messages: the carriers' own samples, and spoiled ones."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moneytrail.ingest.edifact import segments
from moneytrail.ingest.readers import detect
from moneytrail.ingest.readers.paxlst import ROLES, PaxlstReader
from moneytrail.ingest.readers.pnrgov import PnrgovReader
from moneytrail.lake.land import LandOptions, land
from moneytrail.model.ids.base import Tokenizer
from tests.ingest.external import EXTERNAL
from tests.ingest.fixtures.harness import (
    MUTATIONS,
    assert_accounted,
    assert_rejections_explained,
    mutate,
    run,
)

API_PNR = EXTERNAL / "api-pnr"
COUNTS = {
    "paxlst-Test1.txt": 8,
    "paxlst-airline2.edi": 10,
    "paxlst-multiple_flight_leg_apis.txt": 2,
    "pnrgov-2_pnrs_basic.edi": 4,
    "pnrgov-infant.edi": 2,
    "pnrgov-pnr1.txt": 2,
    "pnrgov-pnr2.txt": 2,
    "pnrgov-pnrMessageExample.txt": 5,
}
PAXLST = """UNA:+.? '
UNB+UNOA:4+DVAPIS:ZZ+KZPIU:ZZ+260626:0300+1++APIS'
UNH+1+PAXLST:D:02B:UN:IATA+DV771/260626/0315+01:F'
BGM+745'
TDT+20+DV771+++DV'
LOC+125+SCO'
DTM+189:2606260315:201'
LOC+87+SVO'
DTM+232:2606260415:201'
NAD+FL+++MURATOV:TALGAT'
ATT+2++M'
DTM+329:931214'
NAT+2+KAZ'
RFF+AVF:YUYF7P'
DOC+P:110:111+N07921598'
DTM+36:320107'
LOC+91+KAZ'
NAD+FL+++O?'BRIEN:SEAN:PATRICK'
ATT+2++M'
DTM+329:070718'
NAT+2+IRL'
DOC+P:110:111+PA1234567'
NAD+FL+++DUISENOVA:ZHANSAIA'
ATT+2++F'
DTM+329:791312'
CNT+42:3'
UNT+25+1'
UNZ+1+1'
"""


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "count"), sorted(COUNTS.items()))
def test_the_carriers_samples_are_read_traveller_for_traveller(name: str, count: int) -> None:
    path = API_PNR / name
    reader = detect(path, path.read_bytes()[:4096])
    assert reader is not None
    assert reader.name == name.split("-")[0]
    result = run(reader, path)
    assert len(result.rows("passengers")) == count
    assert result.rejected == []
    for row in result.rows("passengers"):
        assert row["last_name"]
        assert row["departure_local"] is not None
        assert row["message_kind"] == reader.name.upper()


def test_an_api_message_gives_flight_document_and_person(tmp_path: Path) -> None:
    result = run(PaxlstReader(), _write(tmp_path, "api.edi", PAXLST.encode()))
    first, second = result.rows("passengers")
    assert first["flight_no"] == "DV771"
    assert (first["departure_airport"], first["arrival_airport"]) == ("SCO", "SVO")
    assert first["departure_local"] == datetime(2026, 6, 26, 3, 15)
    assert first["birth_date"] == date(1993, 12, 14)
    assert first["document_expiry"] == date(2032, 1, 7)
    assert (first["nationality"], first["document_country"]) == ("KZ", "KZ")
    assert (first["document_number"], first["booking_ref"]) == ("N07921598", "YUYF7P")
    assert (second["last_name"], second["middle_name"]) == ("O'BRIEN", "PATRICK")  # released
    assert second["birth_date"] == date(2007, 7, 18)  # not after the flight: this century
    (bad,) = result.rejected
    assert (bad.line, bad.reason) == (23, "DTM+329: '791312' is not a YYMMDD date")
    assert "DUISENOVA" in bad.raw


def test_a_booking_gives_its_travellers_documents_payment_and_seat() -> None:
    result = run(PnrgovReader(), API_PNR / "pnrgov-infant.edi")
    mother, infant = result.rows("passengers")
    assert (mother["first_name"], mother["role"], mother["booking_ref"]) == (
        "ISABELLE RUTH",
        "passenger",
        "3PGZOV",
    )
    assert (infant["role"], infant["birth_date"]) == ("infant", date(2012, 9, 20))
    assert (mother["flight_no"], mother["seat"]) == ("SQ602", "011D")
    example = run(PnrgovReader(), API_PNR / "pnrgov-pnrMessageExample.txt").rows("passengers")
    assert example[0]["form_of_payment"] == "CC 372395XXXXX9581"
    assert example[0]["arrival_local"] == datetime(2018, 9, 28, 15, 5)


def _travellers(data: bytes) -> set[int]:
    """The lines where the tokenizer sees a traveller start."""
    return {s.line for s in segments(data) if s.tag == "NAD" and s.get(1) in ROLES}


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    spoil=st.lists(
        st.tuples(st.integers(0, 28), st.sampled_from(MUTATIONS), st.integers(0, 60)), max_size=4
    )
)
def test_a_spoiled_api_message_accounts_for_every_traveller(
    spoil: list[tuple[int, str, int]],
) -> None:
    clean = PAXLST.splitlines()
    lines = [line.encode() for line in clean]
    for index, how, at in spoil:
        lines[index % len(clean)] = mutate(clean[index % len(clean)], how, at)
    data = b"\n".join(lines)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "api.edi", data)
        result = run(PaxlstReader(), path)
        assert_accounted(result, "passengers", _travellers(data))
        assert_rejections_explained(result, path)


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(1, 6000), name=st.sampled_from(sorted(COUNTS)))
def test_a_cut_message_never_crashes_a_run(cut: int, name: str) -> None:
    data = (API_PNR / name).read_bytes()[:cut]
    fmt = name.split("-")[0]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), name, data)
        report = land([path], Path(folder) / "lake", LandOptions(Tokenizer(b"k"), format=fmt))
        (result,) = report.files
        assert result.status == "landed"
        counts = report.tables()["passengers"]
        assert counts.read == counts.landed + counts.quarantined <= COUNTS[name]
