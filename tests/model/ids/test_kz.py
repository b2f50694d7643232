"""IIN and BIN: golden numbers worked by hand, the rules, and every single-digit change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer
from moneytrail.model.ids.kz import (
    check_bin,
    check_iin,
    kz_check_digit,
    looks_like_bin,
    looks_like_iin,
    make_bin,
    make_iin,
)

# 850101300015: 8*1+5*2+0*3+1*4+0*5+1*6+3*7+0*8+0*9+0*10+1*11 = 60, 60 mod 11 = 5.
# 850101300603: first round 109 mod 11 = 10; second round (weights 3..11,1,2) 91 mod 11 = 3.
# 85010130069x: first round 208 mod 11 = 10, second round 109 mod 11 = 10: no check digit.
# 150340000003 (BIN): first round 43 mod 11 = 10; second round 69 mod 11 = 3.
GOLDEN_IIN = [
    ("850101300015", "1985-01-01", "M"),
    ("850101300603", "1985-01-01", "M"),
    ("920229412344", "1992-02-29", "F"),
    ("030715600428", "2003-07-15", "F"),
    ("991231100070", "1899-12-31", "M"),
    ("061211600012", "2006-12-11", "F"),  # the example of a public IIN validator's README
]
GOLDEN_BIN = [
    ("150340123451", "2015-03", "resident legal entity", "head office"),
    ("150340000003", "2015-03", "resident legal entity", "head office"),
    ("081151000071", "2008-11", "non-resident legal entity", "branch"),
    ("990663000427", "1999-06", "individual entrepreneur (joint enterprise)", "peasant farm"),
]
BAD_IIN = [
    ("85010130001", "iin.length"),
    ("8501013000155", "iin.length"),
    ("85010130001a", "iin.format"),
    ("８５０１０１３０００１５", "iin.format"),  # full-width digits are not ASCII digits
    ("850101300016", "iin.checksum"),
    ("850101300690", "iin.checksum"),  # no check digit exists for 85010130069
    ("850230300015", "iin.birth_date"),  # 30 February
    ("851301300015", "iin.birth_date"),
    ("850100300015", "iin.birth_date"),
    ("850101700015", "iin.century_sex"),
]
BAD_BIN = [
    ("1503401234", "bin.length"),
    ("15034012345x", "bin.format"),
    ("151340123451", "bin.registration_date"),
    ("150370123451", "bin.entity_type"),
    ("150344123451", "bin.attribute"),
    ("150340123452", "bin.checksum"),
]


def _first_round(first11: str) -> bool:
    """Whether the check digit comes from the first round (weights 1..11)."""
    return sum(w * int(d) for w, d in zip(range(1, 12), first11, strict=True)) % 11 != 10


def _substitutions(number: str) -> list[tuple[int, str]]:
    return [
        (i, number[:i] + d + number[i + 1 :])
        for i in range(len(number))
        for d in "0123456789"
        if d != number[i]
    ]


@pytest.mark.parametrize(("iin", "birth", "sex"), GOLDEN_IIN)
def test_golden_iin(iin: str, birth: str, sex: str) -> None:
    result = check_iin(iin)
    assert result.valid, result.reason
    assert result.details == {"birth_date": birth, "sex": sex}
    assert result.masked == iin[:6] + "******"
    assert looks_like_iin(iin)
    assert not looks_like_bin(iin)


@pytest.mark.parametrize(("bin_", "registered", "entity", "attribute"), GOLDEN_BIN)
def test_golden_bin(bin_: str, registered: str, entity: str, attribute: str) -> None:
    result = check_bin(bin_)
    assert result.valid, result.reason
    assert result.details == {
        "registered": registered,
        "entity_type": entity,
        "attribute": attribute,
    }
    assert result.masked == bin_
    assert looks_like_bin(bin_)
    assert not looks_like_iin(bin_)


@pytest.mark.parametrize(("value", "rule"), BAD_IIN)
def test_bad_iin_names_the_rule(value: str, rule: str) -> None:
    result = check_iin(value)
    assert not result.valid
    assert result.kind == IdKind.IIN
    assert result.rule == rule
    assert result.reason


@pytest.mark.parametrize(("value", "rule"), BAD_BIN)
def test_bad_bin_names_the_rule(value: str, rule: str) -> None:
    result = check_bin(value)
    assert not result.valid
    assert result.rule == rule


def test_check_digit_rounds() -> None:
    assert kz_check_digit("85010130001") == 5
    assert kz_check_digit("85010130060") == 3
    assert kz_check_digit("85010130069") is None
    assert make_iin(date(1985, 1, 1), "M", 69) is None
    assert make_bin(date(2015, 3, 1), 4, 0, 9) is None
    with pytest.raises(ValueError, match="11 digits"):
        kz_check_digit("1234")


def test_separators_and_token() -> None:
    result = check_iin("850101 300 015", Tokenizer(b"key"))
    assert result.normalized == "850101300015"
    assert result.token is not None
    assert result.token.startswith("iin:")
    assert "850101300015" not in result.token
    assert check_iin("850101-300-015", Tokenizer(b"key")).token == result.token
    assert check_bin("150340123451", Tokenizer(b"key")).token is None


def test_foreign_citizen_digit_zero() -> None:
    first11 = "85010100001"
    iin = first11 + str(kz_check_digit(first11))
    result = check_iin(iin)
    assert result.valid
    assert result.details == {"birth_date": "--01-01", "sex": "unknown", "century_sex": "0"}
    assert check_iin("850230000013").rule == "iin.birth_date"


def test_generators_refuse_bad_arguments() -> None:
    with pytest.raises(ValueError, match="century"):
        make_iin(date(1750, 1, 1), "M", 1)
    with pytest.raises(ValueError, match="serial"):
        make_iin(date(1985, 1, 1), "M", 10000)
    with pytest.raises(ValueError, match="entity type"):
        make_bin(date(2015, 1, 1), 7, 0, 1)
    with pytest.raises(ValueError, match="serial"):
        make_bin(date(2015, 1, 1), 4, 0, 100000)


iins = st.builds(
    make_iin,
    st.dates(date(1800, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["M", "F"]),
    st.integers(0, 9999),
)
bins = st.builds(
    make_bin,
    st.dates(date(1990, 1, 1), date(2089, 12, 31)),
    st.sampled_from([4, 5, 6]),
    st.integers(0, 3),
    st.integers(0, 99999),
)


@given(
    st.dates(date(1800, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["M", "F"]),
    st.integers(0, 9999),
)
def test_generated_iin_validates(birth: date, sex: Literal["M", "F"], serial: int) -> None:
    iin = make_iin(birth, sex, serial)
    assume(iin is not None)
    assert iin is not None
    result = check_iin(iin)
    assert result.valid, result.reason
    assert result.details == {"birth_date": birth.isoformat(), "sex": sex}


@given(bins)
def test_generated_bin_validates(bin_: str | None) -> None:
    assume(bin_ is not None)
    assert bin_ is not None
    assert check_bin(bin_).valid


@pytest.mark.parametrize("check", [check_iin, check_bin])
@given(number=st.one_of(iins, bins))
def test_single_substitutions_escape_only_where_the_weights_allow(
    check: Callable[[str], IdResult], number: str | None
) -> None:
    """A change goes unnoticed only at the 11th digit (weight 11) or across the two rounds."""
    assume(number is not None)
    assert number is not None
    for position, changed in _substitutions(number):
        if check(changed).valid:
            same_round = _first_round(number[:11]) == _first_round(changed[:11])
            assert not same_round or (position == 10 and _first_round(number[:11]))


@given(iins)
def test_the_eleventh_digit_is_unprotected_in_the_first_round(iin: str | None) -> None:
    assume(iin is not None)
    assert iin is not None
    assume(_first_round(iin[:11]))
    for position, changed in _substitutions(iin):
        if position == 10:
            assert check_iin(changed).valid


@given(st.text(max_size=30))
def test_checks_never_raise(value: str) -> None:
    for result in (check_iin(value), check_bin(value)):
        assert result.valid in (True, False)
    assert looks_like_iin(value) in (True, False)
