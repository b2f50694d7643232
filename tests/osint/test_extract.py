"""Requisites and contacts in obfuscated text, each validated by its identifier module."""

from __future__ import annotations

import pytest

from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.bitcoin import encode_segwit
from moneytrail.model.ids.card import check_card, complete_pan
from moneytrail.model.ids.onion import make_onion
from moneytrail.osint.extract import extract, hrefs

PAN = complete_pan("440043000000012")
KEY = Tokenizer(b"test-key")


def kinds(text: str) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in extract(text, KEY)}


@pytest.mark.parametrize(
    "shown",
    [
        f"{PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:]}",
        f"{PAN[:4]}-{PAN[4:8]}-{PAN[8:12]}-{PAN[12:]}",
        f"{PAN[:4]} {PAN[4:8]} ноль ноль zero нөл {PAN[12:]}",  # digits written as words
    ],
)
def test_card_in_any_spacing(shown: str) -> None:
    assert PAN[8:12] == "0000"
    found = [f for f in extract("Карта: " + shown, KEY) if f.kind == "card"]
    assert [f.value for f in found] == [PAN]
    assert found[0].token == check_card(PAN, KEY).token
    assert found[0].to_json()["value"] is None  # never in clear outside the process


def test_luhn_failure_is_not_a_card() -> None:
    bad = PAN[:-1] + str((int(PAN[-1]) + 1) % 10)
    assert not any(kind == "card" for kind, _ in kinds("Карта: " + bad))


def test_phones_kazakh_and_russian() -> None:
    found = {f.value: f.details.get("country") for f in extract("8 (747) 5 пять пять - ноль 0-11")}
    assert found == {"+77475550011": "KZ"}
    found = {f.value: f.details.get("country") for f in extract("звоните +7 916 123-45-67")}
    assert found == {"+79161234567": "RU"}


def test_iban_and_wallets() -> None:
    taproot = encode_segwit("bc", 1, bytes(range(32)))
    evm = "0x52908400098527886E0F7030069857D2E4169EE7"
    text = (
        "IBAN: KZ86 125K ZT50 0410 0100\nUSDT TRC20: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n"
        f"BTC: {taproot}\nETH: {evm}\nBTC old: 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
    )
    assert kinds(text) == {
        ("iban", "KZ86125KZT5004100100"),
        ("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        ("btc", taproot),
        ("evm", evm),
        ("btc", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
    }


def test_bad_eip55_checksum_is_rejected() -> None:
    assert not kinds("ETH: 0x52908400098527886E0F7030069857D2E4169Ee7")


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("@ snow_support", "snow_support"),
        ("тг: SnowMarketBot", "snowmarketbot"),
        ("snow_support (телега)", "snow_support"),
        ("Резерв: t[.]me/snowmarket_ast", "snowmarket_ast"),
        ("тэ.ме/snowmarket_ast", "snowmarket_ast"),
    ],
)
def test_defanged_handles(text: str, handle: str) -> None:
    assert handle in {f.handle for f in extract(text)}


def test_onion_defanged_and_links_behind_words() -> None:
    onion = make_onion(bytes(range(32)))
    found = extract("Зеркало: " + onion.replace(".onion", "[.]onion"))
    assert ("onion", onion) in {(f.kind, f.value) for f in found}
    assert {f.handle for f in hrefs(["https://t.me/white_rabbit_kz_bot"])} == {
        "white_rabbit_kz_bot"
    }
    assert IdKind.ONION.value == "onion"
