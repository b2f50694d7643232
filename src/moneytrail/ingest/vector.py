"""Whole-column parsing and validation, so that readers check millions of rows per second.

`Checks` collects boolean masks of bad rows with a reason each; a row's reason is the
first check it fails. The parsers return nulls where a value does not parse, leaving the
decision (and the reason) to the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Column: TypeAlias = "pa.Array | pa.ChunkedArray"

_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_INTEGER = r"^-?\d{1,18}$"
MAX_MINOR = 9e18


class Checks:
    """Reasons to reject rows, first failing check wins."""

    def __init__(self, num_rows: int) -> None:
        self.num_rows = num_rows
        self._failed: list[tuple[Column, str]] = []

    def fail_where(self, mask: Column, reason: str) -> None:
        """Reject the rows where `mask` is true (null counts as false)."""
        mask = pc.fill_null(mask, False)
        if pc.any(mask).as_py():
            self._failed.append((mask, reason))

    def reasons(self) -> Column | None:
        """Each row's reason, null for good rows; None when every row is good."""
        if not self._failed:
            return None
        none = pa.scalar(None, pa.string())
        reasons = [pc.if_else(mask, pa.scalar(text), none) for mask, text in self._failed]
        return reasons[0] if len(reasons) == 1 else pc.coalesce(*reasons)


def blank(values: Column) -> Column:
    """Null or only whitespace."""
    trimmed = pc.utf8_trim_whitespace(values)
    return pc.or_kleene(pc.is_null(values), pc.equal(pc.utf8_length(trimmed), 0))


def parse_number(values: Column) -> Column:
    """Decimal text as float64; null where it is not a finite number."""
    trimmed = pc.utf8_trim_whitespace(values)
    ok = pc.match_substring_regex(trimmed, _NUMBER)
    return pc.cast(pc.if_else(ok, trimmed, pa.scalar(None, pa.string())), pa.float64())


def parse_int(values: Column) -> Column:
    """Integer text as int64; null where it is not an integer."""
    trimmed = pc.utf8_trim_whitespace(values)
    ok = pc.match_substring_regex(trimmed, _INTEGER)
    return pc.cast(pc.if_else(ok, trimmed, pa.scalar(None, pa.string())), pa.int64())


def parse_timestamp(values: Column, fmt: str) -> Column:
    """Text in `fmt` as UTC microseconds; null where it does not parse or is no real time.

    A parsed value must print back as the text it came from, so that a day that does not
    exist (`2022/09/31`, which the parser would roll over) is refused.
    """
    text = pc.utf8_trim_whitespace(values)
    distinct = pc.unique(text)  # times repeat: each distinct text is parsed once
    parsed = pc.strptime(distinct, format=fmt, unit="us", error_is_null=True)
    exact = pc.equal(pc.strftime(parsed, format=fmt), distinct)
    kept = pc.cast(
        pc.if_else(exact, parsed, pa.scalar(None, parsed.type)), pa.timestamp("us", tz="UTC")
    )
    return pc.take(kept, pc.index_in(text, value_set=distinct))


def bad_amount(amount: Column, exponent: Column | int) -> Column:
    """Amounts that are null, not finite, negative or too large in minor units."""
    scaled = pc.multiply(pc.abs(amount), pc.power(10.0, pc.cast(exponent, pa.float64())))
    out_of_range = pc.or_kleene(pc.less(amount, 0), pc.greater_equal(scaled, MAX_MINOR))
    return pc.or_kleene(pc.invert(pc.fill_null(pc.is_finite(amount), False)), out_of_range)


def to_minor(amount: Column, exponent: Column | int) -> Column:
    """Decimal amounts in integer minor units, rounded half to even (checked by `bad_amount`)."""
    factor = pc.power(10.0, pc.cast(exponent, pa.float64()))
    scaled = pc.round(pc.multiply(amount, factor), ndigits=0, round_mode="half_to_even")
    return pc.cast(scaled, pa.int64())


def by_distinct(values: Column, derive: Callable[[pa.Array], pa.Table]) -> pa.Table:
    """Columns derived from each distinct value once, then spread to every row."""
    distinct = pc.unique(values)
    return derive(distinct).take(pc.index_in(values, value_set=distinct))


def prefixed(prefix: str, values: Column, repeated: bool = False) -> Column:
    """`prefix` followed by each value as text (built once per distinct value if `repeated`)."""
    if repeated:
        distinct = pc.unique(values)
        return pc.take(prefixed(prefix, distinct), pc.index_in(values, value_set=distinct))
    return pc.binary_join_element_wise(prefix, pc.cast(values, pa.string()), "")


def constant(value: str | None, num_rows: int) -> pa.Array:
    """The same text on every row."""
    return pa.repeat(pa.scalar(value, pa.string()), num_rows)


def lookup(values: Column, mapping: dict[str, str]) -> Column:
    """Each value mapped through `mapping`; null where it has no entry."""
    keys = pa.array(list(mapping), pa.string())
    index = pc.index_in(pc.utf8_trim_whitespace(values), value_set=keys)
    return pc.take(pa.array(list(mapping.values()), pa.string()), index)


def numbered(first: int, count: int) -> pa.Array:
    """`first`, `first + 1`, ... (`count` of them) as int64."""
    return pa.array(np.arange(first, first + count, dtype=np.int64))
