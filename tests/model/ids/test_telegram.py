"""Telegram usernames, bot usernames and links: golden tables of valid and invalid forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.model.ids import telegram
from moneytrail.model.ids.base import IdKind, IdResult

USERNAMES_VALID = [
    ("@durov", "durov"),
    ("@Durov", "durov"),
    ("@Kaz_Shop_24", "kaz_shop_24"),
    ("@abcde", "abcde"),
    ("@" + "a" * 32, "a" * 32),
    ("stavka_kz", "stavka_kz"),  # '@' is optional when the kind is known
]
USERNAMES_INVALID = [
    ("@abcd", "telegram.length"),
    ("@" + "a" * 33, "telegram.length"),
    ("@1shop", "telegram.first_char"),
    ("@_shop1", "telegram.first_char"),
    ("@shop1_", "telegram.trailing_underscore"),
    ("@shop__1", "telegram.double_underscore"),
    ("@shop-1", "telegram.chars"),
    ("@магазин", "telegram.chars"),
    ("@", "telegram.length"),
]
LINKS_VALID = [
    # link, normalized, link_type, username, post_id
    ("t.me/durov", "t.me/durov", "username", "durov", None),
    ("https://t.me/Durov", "t.me/durov", "username", "durov", None),
    ("http://www.t.me/durov/", "t.me/durov", "username", "durov", None),
    ("telegram.me/durov", "t.me/durov", "username", "durov", None),
    ("https://telegram.dog/durov", "t.me/durov", "username", "durov", None),
    ("https://t.me/Shop_KZ/123", "t.me/shop_kz/123", "post", "shop_kz", "123"),
    ("https://t.me/s/shop_kz", "t.me/shop_kz", "username", "shop_kz", None),
    (
        "https://t.me/some_shop_bot?start=ref42",
        "t.me/some_shop_bot",
        "username",
        "some_shop_bot",
        None,
    ),
    ("tg://resolve?domain=Durov", "t.me/durov", "username", "durov", None),
    ("tg://resolve?domain=durov&post=7", "t.me/durov/7", "post", "durov", "7"),
]
INVITES_VALID = [
    ("https://t.me/+Kq8hW5GvC6Y1ZjNi", "Kq8hW5GvC6Y1ZjNi"),
    ("t.me/joinchat/AAAAAEtdS4jeUdvuRZQ9wg", "AAAAAEtdS4jeUdvuRZQ9wg"),
    ("tg://join?invite=Kq8hW5GvC6Y1ZjNi", "Kq8hW5GvC6Y1ZjNi"),
]
LINKS_INVALID = [
    ("https://example.com/durov", "telegram_link.host"),
    ("ftp://t.me/durov", "telegram_link.host"),
    ("https://t.me/", "telegram_link.path"),
    ("https://t.me/abc", "telegram_link.length"),
    ("https://t.me/durov/abc", "telegram_link.post_id"),
    ("https://t.me/durov/1/2", "telegram_link.unsupported"),
    ("https://t.me/addstickers/SomePack", "telegram_link.unsupported"),
    ("https://t.me/+abc", "telegram_link.invite_hash"),
    ("https://t.me/+Kq8hW5GvC6Y1ZjNi/extra", "telegram_link.path"),
    ("https://t.me/c/abc/1", "telegram_link.post_id"),
    ("tg://msg?text=hi", "telegram_link.tg_action"),
    ("https://[t.me/durov", "telegram_link.url"),
]


@pytest.mark.parametrize(("text", "normalized"), USERNAMES_VALID)
def test_valid_usernames(text: str, normalized: str) -> None:
    result = telegram.check_telegram(text)
    assert result.valid, result.reason
    assert result.kind == IdKind.TELEGRAM
    assert result.normalized == normalized
    assert result.details["display"] == "@" + text.removeprefix("@")
    assert result.token is None


@pytest.mark.parametrize(("text", "rule"), USERNAMES_INVALID)
def test_invalid_usernames_name_the_rule(text: str, rule: str) -> None:
    result = telegram.check_telegram(text)
    assert not result.valid
    assert result.rule == rule


def test_looks_like_a_username_needs_the_at_sign() -> None:
    assert telegram.looks_like_telegram("@durov")
    assert telegram.looks_like_telegram("@ab")  # too short, but shaped like a handle
    assert not telegram.looks_like_telegram("durov")
    assert not telegram.looks_like_telegram("a@b.kz")


@pytest.mark.parametrize("text", ["@ShopBot", "@kz_shop_bot", "@AnyBOT"])
def test_bot_usernames(text: str) -> None:
    result = telegram.check_telegram_bot(text)
    assert result.valid
    assert result.kind == IdKind.TELEGRAM_BOT
    assert result.normalized == text[1:].lower()
    assert telegram.looks_like_telegram_bot(text)
    assert telegram.check_telegram(text).details["bot"] == "yes"


def test_a_bot_username_must_end_in_bot() -> None:
    assert telegram.check_telegram_bot("@durov").rule == "telegram_bot.suffix"
    assert telegram.check_telegram_bot("@1bot_").rule == "telegram_bot.first_char"
    assert not telegram.looks_like_telegram_bot("@durov")


@pytest.mark.parametrize(("text", "normalized", "link_type", "username", "post"), LINKS_VALID)
def test_valid_user_and_post_links(
    text: str, normalized: str, link_type: str, username: str, post: str | None
) -> None:
    result = telegram.check_telegram_link(text)
    assert result.valid, result.reason
    assert result.kind == IdKind.TELEGRAM_LINK
    assert result.normalized == normalized
    assert result.details["link_type"] == link_type
    assert result.details["username"] == username
    assert result.details.get("post_id") == post
    assert telegram.looks_like_telegram_link(text)


@pytest.mark.parametrize(("text", "invite"), INVITES_VALID)
def test_invite_links_keep_the_hash_as_written(text: str, invite: str) -> None:
    result = telegram.check_telegram_link(text)
    assert result.valid
    assert result.normalized == f"t.me/+{invite}"
    assert result.details == {"link_type": "invite", "invite_hash": invite}


def test_private_channel_post_links() -> None:
    result = telegram.check_telegram_link("https://t.me/c/1234567890/55")
    assert result.normalized == "t.me/c/1234567890/55"
    assert result.details["channel_id"] == "1234567890"
    assert result.details["post_id"] == "55"


@pytest.mark.parametrize(("text", "rule"), LINKS_INVALID)
def test_invalid_links_name_the_rule(text: str, rule: str) -> None:
    result = telegram.check_telegram_link(text)
    assert not result.valid
    assert result.rule == rule


def test_display_keeps_the_case_as_written() -> None:
    result = telegram.check_telegram_link("https://t.me/Shop_KZ/123")
    assert result.details["display"] == "@Shop_KZ"


def test_what_does_not_look_like_a_link() -> None:
    for text in ("t.me", "https://example.com/t.me/x", "@durov", "tg://msg?text=hi"):
        assert not telegram.looks_like_telegram_link(text)


usernames = st.from_regex(r"[A-Za-z](?:_?[A-Za-z0-9]){4,31}", fullmatch=True)


@given(usernames.filter(lambda name: len(name) <= telegram.MAX_LENGTH))
def test_generated_usernames_validate_everywhere(name: str) -> None:
    assert telegram.check_telegram("@" + name).normalized == name.lower()
    assert telegram.check_telegram_link(f"t.me/{name}/9").normalized == f"t.me/{name.lower()}/9"


@given(st.text(max_size=60))
def test_checks_never_raise(text: str) -> None:
    for check in (
        telegram.check_telegram,
        telegram.check_telegram_bot,
        telegram.check_telegram_link,
    ):
        assert isinstance(check(text), IdResult)
        assert isinstance(check("t.me/" + text), IdResult)
        assert isinstance(check("tg://resolve?domain=" + text), IdResult)
