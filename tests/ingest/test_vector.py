"""Column parsers: nulls where values do not parse, exact minor units."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa

from moneytrail.ingest import vector as v


def test_numbers_parse_and_junk_is_null() -> None:
    values = pa.array(["1.5", " 7 ", "-3e2", ".5", "abc", "", None, "0x10", "1,5"])
    assert v.parse_number(values).to_pylist() == [
        1.5,
        7.0,
        -300.0,
        0.5,
        None,
        None,
        None,
        None,
        None,
    ]


def test_integers_parse_and_junk_is_null() -> None:
    values = pa.array(["12", "-4", "+3", "1.0", "9" * 19, "x"])
    assert v.parse_int(values).to_pylist() == [12, -4, None, None, None, None]


def test_timestamps_are_utc_and_bad_ones_null() -> None:
    parsed = v.parse_timestamp(
        pa.array(["2022/09/01 00:20", "2022/13/01 00:20", "x"]), "%Y/%m/%d %H:%M"
    )
    assert parsed.to_pylist() == [datetime(2022, 9, 1, 0, 20, tzinfo=UTC), None, None]


def test_minor_units_round_half_to_even_per_currency_exponent() -> None:
    amounts = pa.array([3697.34, 0.01, 0.000123, 2.5, 0.125])
    exponents = pa.array([2, 2, 8, 0, 2])
    assert v.to_minor(amounts, exponents).to_pylist() == [369734, 1, 12300, 2, 12]


def test_bad_amounts_are_null_negative_infinite_or_too_large() -> None:
    amounts = pa.array([1.0, None, -1.0, float("inf"), float("nan"), 1e17, 0.0])
    assert v.bad_amount(amounts, 2).to_pylist() == [False, True, True, True, True, True, False]


def test_checks_give_each_row_its_first_failing_reason() -> None:
    checks = v.Checks(3)
    checks.fail_where(pa.array([True, False, None]), "first")
    checks.fail_where(pa.array([True, True, False]), "second")
    checks.fail_where(pa.array([False, False, False]), "never")
    reasons = checks.reasons()
    assert reasons is not None
    assert reasons.to_pylist() == ["first", "second", None]
    assert v.Checks(2).reasons() is None


def test_lookup_and_prefix() -> None:
    assert v.lookup(
        pa.array(["Euro", " Yen ", "Zloty"]), {"Euro": "EUR", "Yen": "JPY"}
    ).to_pylist() == [
        "EUR",
        "JPY",
        None,
    ]
    assert v.prefixed("x:", pa.array([1, 2])).to_pylist() == ["x:1", "x:2"]
    assert v.numbered(5, 3).to_pylist() == [5, 6, 7]
