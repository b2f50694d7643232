"""Every identifier in a world is valid by its own rules (checked by `model.ids`)."""

from __future__ import annotations

import duckdb
import pytest

from moneytrail.model.ids import bank, bitcoin, card, kz, onion, phone, telegram, tron
from moneytrail.model.ids.banks_table import load_banks


def column(db: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [row[0] for row in db.execute(sql).fetchall()]


def test_iins_are_valid_and_unique(db: duckdb.DuckDBPyConnection) -> None:
    iins = column(db, "select iin from people")
    assert len(set(iins)) == len(iins)
    bad = [v for v in iins if not kz.check_iin(v).valid]
    assert not bad


def test_iin_encodes_the_birth_date_and_sex(db: duckdb.DuckDBPyConnection) -> None:
    for iin, born, sex in db.execute("select iin, birth_date, sex from people").fetchall():
        assert iin[:6] == born.strftime("%y%m%d")
        assert int(iin[6]) % 2 == (1 if sex == "M" else 0)


def test_bins_are_valid_and_unique(db: duckdb.DuckDBPyConnection) -> None:
    bins = column(db, "select bin from companies")
    assert len(set(bins)) == len(bins)
    assert all(kz.check_bin(v).valid for v in bins)


def test_pans_pass_luhn_and_carry_a_fictional_bank_bin(db: duckdb.DuckDBPyConnection) -> None:
    pans = column(db, "select pan from cards")
    prefixes = {p for b in load_banks() for p in b.bin_prefixes}
    assert all(p[:6] in prefixes for p in pans)
    assert len(set(pans)) == len(pans)
    assert all(card.luhn_valid(p) and len(p) == 16 for p in pans)
    assert all(card.check_card(p).valid for p in pans[:200])


def test_ibans_are_valid_and_match_the_library(db: duckdb.DuckDBPyConnection) -> None:
    ibans = column(db, "select iban from accounts")
    assert len(set(ibans)) == len(ibans)
    assert all(bank.check_iban(v).valid for v in ibans)
    for iban in ibans[:50]:
        assert bank.make_kz_iban(iban[4:7], iban[7:]) == iban


def test_phones_are_valid_kazakh_mobiles(db: duckdb.DuckDBPyConnection) -> None:
    phones = column(db, "select phone from people")
    assert len(set(phones)) == len(phones)
    prefixes = {"700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"}
    assert all(p[2:5] in prefixes for p in phones)
    assert all(phone.check_phone(p).valid for p in phones[:200])


@pytest.mark.parametrize("chain", ["tron", "bitcoin"])
def test_crypto_addresses_are_valid(db: duckdb.DuckDBPyConnection, chain: str) -> None:
    addresses = column(db, f"select address from wallets_truth where chain = '{chain}'")
    check = tron.check_tron if chain == "tron" else bitcoin.check_btc
    assert addresses
    assert all(check(a).valid for a in addresses)


def test_shop_handles_and_sites_are_valid(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute("select channel_handle, bot_handle, operator_handle, site from shops")
    for channel, bot, operator, site in rows.fetchall():
        assert telegram.check_telegram(channel).valid
        assert telegram.check_telegram_bot(bot).valid
        assert telegram.check_telegram(operator).valid
        if site is not None and site.endswith(".onion"):
            assert onion.check_onion(site).valid


def test_published_requisites_are_valid(db: duckdb.DuckDBPyConnection) -> None:
    checks = {
        "card": card.check_card,
        "phone": phone.check_phone,
        "tron": tron.check_tron,
        "btc": bitcoin.check_btc,
    }
    rows = db.execute("select kind, value from requisites").fetchall()
    assert {kind for kind, _ in rows} >= {"card", "tron"}
    assert all(checks[kind](value).valid for kind, value in rows)
