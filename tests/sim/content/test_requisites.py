"""Normalised forms agree with the identifier checks; made-up identifiers are valid."""

from __future__ import annotations

import random

import pytest

from moneytrail.model.ids.base import IdKind
from moneytrail.model.ids.registry import check
from moneytrail.sim.content.requisites import (
    fake_btc,
    fake_card,
    fake_phone,
    fake_tron,
    normalize,
    show_card,
    show_phone,
)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("card", "4400 4301-2345.6789", "4400430123456789"),
        ("phone", "8 (701) 234-56-78", "+77012345678"),
        ("phone", "701 234 5678", "+77012345678"),
        ("iban", "kz86 125k zt50 0410 0100", "KZ86125KZT5004100100"),
        ("telegram", "@Shop_Operator", "shop_operator"),
        ("telegram_link", "https://t.me/Shop_Channel", "t.me/shop_channel"),
        ("onion", "http://ABC.onion/", "abc.onion"),
    ],
)
def test_normalize(kind: str, value: str, expected: str) -> None:
    assert normalize(kind, value) == expected


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown requisite kind"):
        normalize("iin", "900101300123")


def test_made_up_identifiers_pass_the_checks() -> None:
    rng = random.Random(4)
    makers = {
        IdKind.CARD: fake_card,
        IdKind.PHONE: fake_phone,
        IdKind.TRON: fake_tron,
        IdKind.BTC: fake_btc,
    }
    for kind, make in makers.items():
        for _ in range(20):
            value = make(rng)
            result = check(value, kind)
            assert result.valid, (kind, value, result.reason)
            assert result.normalized == normalize(kind.value, value)


def test_printed_forms_keep_the_digits() -> None:
    rng = random.Random(5)
    for _ in range(50):
        pan, phone = fake_card(rng), fake_phone(rng)
        assert normalize("card", show_card(pan, rng)) == pan
        assert normalize("phone", show_phone(phone, rng)) == phone
