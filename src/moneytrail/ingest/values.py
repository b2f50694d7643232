"""Parsing the values readers meet: exact decimals, minor units, currencies, times.

Every failure is a `FieldError` whose message starts with the field's name, so that a
rejected row says which field was wrong and why ("amount: 'abc' is not a number").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moneytrail.ingest.contract import ReaderError
from moneytrail.ingest.redact import redact_pans
from moneytrail.model.transfers import MINOR_UNITS

SHOWN = 60
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
INT64_MAX = 2**63 - 1
DEFAULT_TIMEZONE = "Asia/Almaty"
"""Naive times in Kazakh sources are local; Kazakhstan keeps one zone (UTC+5) since 2024."""
_MINUS = str.maketrans({"−": "-", "–": "-"})
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class FieldError(ValueError):
    """A value that fails validation; the message names the field first."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


def shown(value: object) -> str:
    """A value quoted for a message: short, and with card numbers masked."""
    text = value if isinstance(value, str) else str(value)
    clipped = text if len(text) <= SHOWN else text[:SHOWN] + "…"
    return repr(redact_pans(clipped))


def require(value: object, field: str) -> str:
    """The value as stripped text; a FieldError if it is missing or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FieldError(field, "is missing")
    if not isinstance(value, str | int):
        raise FieldError(field, f"{shown(value)} is not text")
    return str(value).strip()


def parse_decimal(text: str, field: str, decimal: str = ".", thousands: str = "") -> Decimal:
    """An exact decimal from text such as "1 250 000,50" or "-15,000.00"."""
    cleaned = _SPACES.sub("", text.translate(_MINUS))
    for mark in thousands:
        cleaned = cleaned.replace(mark, "")
    if decimal != ".":
        if "." in cleaned:
            raise FieldError(field, f"{shown(text)} is not a number")
        cleaned = cleaned.replace(decimal, ".")
    if not _NUMBER.fullmatch(cleaned):
        raise FieldError(field, f"{shown(text)} is not a number")
    return Decimal(cleaned)


def to_decimal(value: object, field: str) -> Decimal:
    """An exact decimal from a number cell (int, float, Decimal) or plain text."""
    if isinstance(value, bool):
        raise FieldError(field, f"{shown(value)} is not a number")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as this float
    return parse_decimal(require(value, field), field)


def currency_code(value: object, field: str = "currency") -> str:
    """An upper-case code that `MINOR_UNITS` knows."""
    code = require(value, field).upper()
    if code not in MINOR_UNITS:
        raise FieldError(field, f"{shown(code)} is not a currency moneytrail knows")
    return code


def scaled(amount: Decimal, exponent: int, field: str) -> int:
    """The amount in units of 10**-exponent, exactly; a FieldError if that is not whole."""
    try:
        units = amount.scaleb(exponent)
        exact = units == units.to_integral_value()
    except ArithmeticError as exc:  # InvalidOperation, Overflow
        raise FieldError(field, f"{shown(amount)} is not a finite number of a sane size") from exc
    if not amount.is_finite() or not exact:
        raise FieldError(field, f"{amount} has more than {exponent} decimals")
    if abs(units) > INT64_MAX:
        raise FieldError(field, f"{amount} is too large")
    return int(units)


def minor_units(amount: Decimal, currency: str, field: str = "amount") -> int:
    """The amount in minor units of a known currency, exactly."""
    return scaled(amount, MINOR_UNITS[currency], field)


@cache
def zone(name: str) -> ZoneInfo:
    """A time zone by its IANA name; ValueError if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def option_zone(options: Mapping[str, Any], path: Path) -> ZoneInfo:
    """The zone `options["timezone"]` names (default Asia/Almaty); ReaderError if unknown."""
    try:
        return zone(str(options.get("timezone", DEFAULT_TIMEZONE)))
    except ValueError as exc:
        raise ReaderError(f"{path}: option timezone: {exc}") from exc


def to_utc(moment: datetime, tz: ZoneInfo) -> datetime:
    """A time in UTC; a naive one is taken to be in `tz`."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    return aware.astimezone(UTC)


def parse_time(value: object, field: str, tz: ZoneInfo, fmt: str | None = None) -> datetime:
    """A UTC time from a datetime or date cell, ISO 8601 text, or text in a strptime format."""
    if isinstance(value, datetime):
        return to_utc(value, tz)
    if isinstance(value, date):
        return to_utc(datetime.combine(value, time()), tz)
    text = require(value, field)
    try:
        moment = datetime.strptime(text, fmt) if fmt else datetime.fromisoformat(text)
    except ValueError as exc:
        expected = f"in the format {fmt!r}" if fmt else "an ISO 8601 time"
        raise FieldError(field, f"{shown(text)} is not {expected}") from exc
    return to_utc(moment, tz)


def from_epoch(value: object, field: str, scale: int = 1) -> datetime:
    """A UTC time from seconds (scale 1) or milliseconds (scale 1000) since 1970."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"{shown(value)} is not a whole number of seconds")
    try:
        return EPOCH + timedelta(microseconds=value * (1_000_000 // scale))
    except OverflowError as exc:
        raise FieldError(field, f"{value} is out of range") from exc
