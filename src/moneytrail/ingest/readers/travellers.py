"""What the API (PAXLST) and PNR (PNRGOV) readers share: the flight, the traveller, the row.

A traveller is gathered from the segments that describe them, then becomes one
`passengers` row, or one rejection naming the field that was wrong and holding the raw
segments. Its id is derived from the file's content id and the line its first segment is
on, so the same file always gives the same ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from followthemoney.types import registry

from moneytrail.ingest.contract import Landed, ReadContext, Rejected
from moneytrail.ingest.edifact import Segment
from moneytrail.ingest.emit import Tables, blank, reject, stable_id

PASSENGERS = "passengers"


@dataclass(frozen=True, slots=True)
class Flight:
    """One flight leg as a message names it; times local to the airports."""

    carrier: str | None
    flight_no: str | None
    departure_airport: str | None
    arrival_airport: str | None
    departure_local: datetime | None
    arrival_local: datetime | None


@dataclass
class Traveller:
    """A traveller being gathered: the cells found so far and the segments they came from."""

    line: int
    role: str
    cells: dict[str, Any] = field(default_factory=dict)
    raws: list[str] = field(default_factory=list)
    problem: str | None = None
    ref: str = ""
    """The message's own number for the traveller (PNRGOV), to find them again."""

    def add(self, segment: Segment) -> None:
        """Keep a segment's raw text for the quarantine."""
        self.raws.append(segment.raw)

    def fail(self, problem: str) -> None:
        """Note the first thing wrong with this traveller."""
        self.problem = self.problem or problem


def alpha2(code: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 or alpha-2 country as alpha-2 upper case ('' -> None)."""
    if not code:
        return None
    return (registry.country.clean(code) or code).upper()


def flight_day(flight: Flight | None) -> date | None:
    """The local day of departure, if known."""
    return (
        None if flight is None or flight.departure_local is None else flight.departure_local.date()
    )


def _row(kind: str, who: Traveller, flight: Flight, ctx: ReadContext, file: str) -> dict[str, Any]:
    return blank(
        PASSENGERS,
        passenger_id=stable_id("passenger", ctx.file_id, file, kind, who.line),
        message_kind=kind,
        role=who.role,
        carrier=flight.carrier,
        flight_no=flight.flight_no,
        departure_airport=flight.departure_airport,
        arrival_airport=flight.arrival_airport,
        departure_local=flight.departure_local,
        arrival_local=flight.arrival_local,
        source=ctx.source,
        file=file,
        row=who.line,
        **who.cells,
    )


def land(
    tables: Tables, kind: str, who: Traveller, flight: Flight | None, ctx: ReadContext, path: Path
) -> Iterator[Landed | Rejected]:
    """The traveller's row, or their rejection: a problem noted, no name, or no flight."""
    if who.problem is None and not who.cells.get("last_name"):
        who.fail("name: the traveller has no surname")
    if who.problem is None and (flight is None or flight.departure_local is None):
        who.fail("flight: no flight leg with a departure time precedes the traveller")
    if who.problem is not None or flight is None:
        yield reject(PASSENGERS, path, who.line, who.problem or "", "\n".join(who.raws))
        return
    yield from tables.add(PASSENGERS, _row(kind, who, flight, ctx, str(path)))
