"""Which network and bank issued a card, from a table of BIN ranges.

The table is CSV (`start,end,bank,country,network[,fictional]`, `#` starts a comment line).
`start` and `end` are digit prefixes of equal length: `51,55` covers every PAN from 51 to 55.
When ranges overlap the narrowest wins, and of equal ones the row loaded last, so a user's
file can refine the built-in table. The ranges are flattened once into disjoint segments of
12-digit keys, so a lookup is one binary search.
"""

from __future__ import annotations

import csv
import heapq
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from moneytrail.errors import MoneytrailError

KEY_DIGITS = 12
NETWORKS = frozenset(
    {"visa", "mastercard", "mir", "unionpay", "amex", "maestro", "jcb", "diners", "discover"}
    | {"uzcard", "humo"}
)
BIN_COLUMNS = ("start", "end", "bank", "country", "network")
_PREFIX = re.compile(r"[0-9]{1,12}")
_COUNTRY = re.compile(r"[A-Z]{2}")


class TableError(MoneytrailError):
    """A row of a reference table is malformed; the message names file and line."""


@dataclass(frozen=True, slots=True)
class BinEntry:
    """One BIN range and what it tells: network, and the issuer when known."""

    start: str
    end: str
    network: str
    bank: str | None = None
    country: str | None = None
    fictional: bool = False

    @property
    def bounds(self) -> tuple[int, int]:
        """The half-open range of 12-digit keys this entry covers."""
        scale = 10 ** (KEY_DIGITS - len(self.start))
        return int(self.start) * scale, (int(self.end) + 1) * scale


class BinTable:
    """BIN ranges flattened for binary search; build with `load` or from entries."""

    def __init__(self, entries: Sequence[BinEntry]) -> None:
        self.entries = tuple(entries)
        self._starts, self._winners = _flatten(self.entries)

    @classmethod
    def load(cls, paths: Iterable[Path | str] = (), *, fictional: bool = True) -> BinTable:
        """The built-in table (its fictional banks unless told not) and then the user's files."""
        builtin = files("moneytrail.model").joinpath("data", "card_bins.csv")
        entries = [
            entry
            for entry in _parse(builtin.read_text(encoding="utf-8"), "card_bins.csv")
            if fictional or not entry.fictional
        ]
        for path in paths:
            entries.extend(_parse(Path(path).read_text(encoding="utf-8"), str(path)))
        return cls(entries)

    def lookup(self, pan: str) -> BinEntry | None:
        """The narrowest range holding this PAN (12 digits or more), or None."""
        if len(pan) < KEY_DIGITS or not pan.isascii() or not pan.isdigit():
            return None
        index = bisect_right(self._starts, int(pan[:KEY_DIGITS])) - 1
        return self._winners[index] if index >= 0 else None


def read_commented_csv(
    text: str, source: str, columns: Sequence[str]
) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows as dicts with `source:line` labels, skipping blank and `#` lines.

    The header must name every column in `columns`; extra columns are kept.
    """
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source}:{number}"
        fields = [field.strip() for field in next(csv.reader([line]))]
        if header is None:
            missing = [column for column in columns if column not in fields]
            if missing:
                raise TableError(f"{where}: header lacks column(s) {', '.join(missing)}")
            header = fields
            continue
        if len(fields) != len(header):
            raise TableError(f"{where}: {len(fields)} fields where the header has {len(header)}")
        yield where, dict(zip(header, fields, strict=True))


def _parse(text: str, source: str) -> Iterator[BinEntry]:
    for where, row in read_commented_csv(text, source, BIN_COLUMNS):
        problem = _row_problem(row)
        if problem:
            raise TableError(f"{where}: {problem}")
        yield BinEntry(
            start=row["start"],
            end=row["end"],
            network=row["network"],
            bank=row["bank"] or None,
            country=row["country"] or None,
            fictional=row.get("fictional", "") == "yes",
        )


def _row_problem(row: dict[str, str]) -> str | None:
    """Why a BIN row is malformed, or None."""
    start, end = row["start"], row["end"]
    if not (_PREFIX.fullmatch(start) and _PREFIX.fullmatch(end)):
        return f"start {start!r} and end {end!r} must be 1 to {KEY_DIGITS} digits"
    if len(start) != len(end) or int(start) > int(end):
        return f"start {start} and end {end} must have equal length and start <= end"
    if row["network"] not in NETWORKS:
        return f"unknown network {row['network']!r} (one of {', '.join(sorted(NETWORKS))})"
    if row["country"] and not _COUNTRY.fullmatch(row["country"]):
        return f"country {row['country']!r} is not a 2-letter upper-case code"
    if row.get("fictional", "") not in ("", "yes"):
        return f"fictional is 'yes' or empty, not {row['fictional']!r}"
    return None


def _flatten(entries: Sequence[BinEntry]) -> tuple[list[int], list[BinEntry | None]]:
    """Disjoint segments (their start keys) and the narrowest entry covering each.

    A sweep over the range boundaries with a heap of the open ranges, narrowest (and then
    latest) on top; ranges that have ended are dropped when they reach the top.
    """
    bounds = [entry.bounds for entry in entries]
    order = sorted(range(len(entries)), key=lambda i: bounds[i][0])
    points = sorted({point for pair in bounds for point in pair})
    heap: list[tuple[int, int, int]] = []  # (width, -index, end)
    starts: list[int] = []
    winners: list[BinEntry | None] = []
    cursor = 0
    for point in points:
        while cursor < len(order) and bounds[order[cursor]][0] <= point:
            low, high = bounds[order[cursor]]
            heapq.heappush(heap, (high - low, -order[cursor], high))
            cursor += 1
        while heap and heap[0][2] <= point:
            heapq.heappop(heap)
        winner = entries[-heap[0][1]] if heap else None
        if not winners or winners[-1] is not winner:
            starts.append(point)
            winners.append(winner)
    return starts, winners
