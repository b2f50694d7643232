"""Advance passenger (PAXLST) and booking (PNRGOV) messages of flights to and from Kazakhstan.

`generate_passengers` writes, per flight, `<out>/passengers/paxlst/<flight_id>.edi` and
`<out>/passengers/pnrgov/<flight_id>.edi` (flight_id such as `KC911_20250301`), and one row
per traveller and flight to `<truth>/passengers.parquet`: the files, the traveller's place in
them, the person, whether they are watchlisted, and the name variant and passport used.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from moneytrail.sim.passengers.bookings import Booker, Booking, Traveller, book_flight, plan_trips
from moneytrail.sim.passengers.flights import Flight, make_flights
from moneytrail.sim.passengers.paxlst import paxlst
from moneytrail.sim.passengers.pnrgov import pnrgov
from moneytrail.sim.stable_parquet import write_parquet
from moneytrail.sim.views import PersonView

TRUTH_SCHEMA = pa.schema(
    [
        ("flight_id", pa.string()),
        ("paxlst_file", pa.string()),
        ("pnrgov_file", pa.string()),
        ("passenger_index", pa.int32()),  # 1-based, same order in both messages
        ("pnr_locator", pa.string()),
        ("person_id", pa.string()),
        ("is_watchlisted", pa.bool_()),
        ("name_variant", pa.string()),
        ("surname", pa.string()),
        ("given_name", pa.string()),
        ("middle_name", pa.string()),
        ("passport_no", pa.string()),
        ("passport_changed", pa.bool_()),
    ]
)


def generate_passengers(
    seed: int,
    people: Sequence[PersonView],
    watchlisted: Sequence[PersonView],
    out: Path,
    truth: Path,
    *,
    flights: int,
    start: date,
    end: date,
) -> dict[str, int]:
    """Write the API and PNR messages of `flights` flights and their ground truth."""
    if flights < 0 or end < start or (flights and not (people or watchlisted)):
        raise ValueError("need travellers, a non-negative flight count and start <= end")
    rng = random.Random(f"moneytrail.passengers:{seed}")
    wanted_ids = {p.person_id for p in watchlisted}
    pool = sorted((p for p in people if p.person_id not in wanted_ids), key=lambda p: p.person_id)
    wanted = sorted(watchlisted, key=lambda p: p.person_id)
    schedule = make_flights(rng, flights, start, end)
    trips = plan_trips(rng, wanted, len(schedule))
    booker = Booker(seed, start.year, set())
    rows: list[dict[str, Any]] = []
    for index, flight in enumerate(schedule):
        bookings = book_flight(rng, booker, flight, pool, trips.get(index, []))
        rows += _write_flight(out, flight, bookings, f"{flight.departure:%y%m%d}{index:04d}")
    write_parquet(rows, TRUTH_SCHEMA, truth / "passengers.parquet")
    return {
        "flights": len(schedule),
        "passengers": len(rows),
        "bookings": len({r["pnr_locator"] for r in rows}),
        "watchlisted_trips": sum(1 for r in rows if r["is_watchlisted"]),
    }


def _write_flight(
    out: Path, flight: Flight, bookings: list[Booking], reference: str
) -> list[dict[str, Any]]:
    """Write both messages of a flight; return the truth rows of its travellers."""
    names: dict[str, str] = {}
    for kind, text in (("paxlst", paxlst(flight, bookings, reference)),
                       ("pnrgov", pnrgov(flight, bookings, reference))):  # fmt: skip
        relative = Path("passengers") / kind / f"{flight.flight_id}.edi"
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(text, encoding="ascii", newline="\n")
        names[kind] = relative.as_posix()
    pairs = [(b, t) for b in bookings for t in b.travellers]
    return [_truth_row(flight, names, i, b, t) for i, (b, t) in enumerate(pairs, start=1)]


def _truth_row(
    flight: Flight, files: dict[str, str], index: int, booking: Booking, traveller: Traveller
) -> dict[str, Any]:
    """The truth about one traveller on one flight."""
    name = traveller.name
    return {
        "flight_id": flight.flight_id,
        "paxlst_file": files["paxlst"],
        "pnrgov_file": files["pnrgov"],
        "passenger_index": index,
        "pnr_locator": booking.locator,
        "person_id": traveller.person.person_id,
        "is_watchlisted": traveller.watchlisted,
        "name_variant": name.variant,
        "surname": name.surname,
        "given_name": name.given,
        "middle_name": name.middle or None,
        "passport_no": traveller.passport_no,
        "passport_changed": traveller.passport_changed,
    }
