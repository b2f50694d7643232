"""E-mail addresses: golden tables, normalisation, masking and tokens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.model.ids import email
from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer

VALID = [
    # text, normalized, masked
    ("ivan@example.com", "ivan@example.com", "i***@example.com"),
    ("Ivan.Petrov@Mail.RU", "Ivan.Petrov@mail.ru", "I***@mail.ru"),
    (" a@b.kz ", "a@b.kz", "a***@b.kz"),
    (
        "first.last+tag@sub.example.co.uk",
        "first.last+tag@sub.example.co.uk",
        "f***@sub.example.co.uk",
    ),
    (
        "o'neil!#$%&*/=?^_`{|}~-@example.org",
        "o'neil!#$%&*/=?^_`{|}~-@example.org",
        "o***@example.org",
    ),
    ("user@пример.қаз", "user@xn--e1afmkfd.xn--80ao21a", "u***@xn--e1afmkfd.xn--80ao21a"),
    ("user@example.xn--p1ai", "user@example.xn--p1ai", "u***@example.xn--p1ai"),
    ("user@example.com.", "user@example.com", "u***@example.com"),
    ("a" * 64 + "@example.com", "a" * 64 + "@example.com", "a***@example.com"),
]
INVALID = [
    ("ivan.example.com", "email.shape"),
    ("a@b@example.com", "email.shape"),
    ("@example.com", "email.local_length"),
    ("a" * 65 + "@example.com", "email.local_length"),
    ('"john doe"@example.com', "email.local_chars"),
    ("иван@example.com", "email.local_chars"),
    (".ivan@example.com", "email.local_dots"),
    ("ivan.@example.com", "email.local_dots"),
    ("iv..an@example.com", "email.local_dots"),
    ("ivan@localhost", "email.domain_labels"),
    ("ivan@", "email.domain_labels"),
    ("ivan@-example.com", "email.domain_label"),
    ("ivan@exa_mple.com", "email.domain_label"),
    ("ivan@example..com", "email.domain_label"),
    ("ivan@" + "a" * 64 + ".com", "email.domain_label"),
    ("ivan@[192.168.0.1]", "email.domain_label"),
    ("ivan@example.c", "email.tld"),
    ("ivan@example.123", "email.tld"),
    ("ivan@" + ".".join(["a" * 60] * 5) + ".com", "email.domain_length"),
    ("a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".example.com", "email.length"),
]


@pytest.mark.parametrize(("text", "normalized", "masked"), VALID)
def test_valid_addresses(text: str, normalized: str, masked: str) -> None:
    result = email.check_email(text)
    assert result.valid, result.reason
    assert result.kind == IdKind.EMAIL
    assert result.normalized == normalized
    assert result.masked == masked
    assert email.looks_like_email(text)


@pytest.mark.parametrize(("text", "rule"), INVALID)
def test_invalid_addresses_name_the_rule(text: str, rule: str) -> None:
    result = email.check_email(text)
    assert not result.valid
    assert result.rule == rule


def test_addresses_are_tokenised_when_a_tokenizer_is_given() -> None:
    tokenizer = Tokenizer(b"secret")
    first = email.check_email("Ivan@Example.com", tokenizer).token
    assert first == tokenizer.token(IdKind.EMAIL, "Ivan@example.com")
    assert first == email.check_email("Ivan@EXAMPLE.com", tokenizer).token
    assert email.check_email("Ivan@Example.com").token is None


def test_what_does_not_look_like_an_email() -> None:
    for text in ("@durov", "ivan@localhost", "ivan example@x.com", "t.me/durov", ""):
        assert not email.looks_like_email(text)


local = st.from_regex(r"[a-z0-9+_-]{1,10}(?:\.[a-z0-9+_-]{1,10}){0,3}", fullmatch=True)
label = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
tld = st.from_regex(r"[a-z]{2,8}", fullmatch=True)


@given(local, st.lists(label, min_size=1, max_size=3), tld)
def test_generated_addresses_validate(name: str, labels: list[str], top: str) -> None:
    text = f"{name}@{'.'.join([*labels, top]).upper()}"
    result = email.check_email(text)
    assert result.valid, result.reason
    assert result.normalized == text.lower()


@given(st.text(max_size=80))
def test_check_never_raises(text: str) -> None:
    assert isinstance(email.check_email(text), IdResult)
    assert isinstance(email.check_email(f"a@{text}.com"), IdResult)
