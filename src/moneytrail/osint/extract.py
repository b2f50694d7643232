"""Requisites and contacts in a text, each validated by its module in `moneytrail.model.ids`.

Payment requisites: card numbers (Luhn), KZ and other IBANs (mod 97), phones (+7 of
Kazakhstan or Russia, told apart by the numbering plan), Bitcoin (base58 and bech32/bech32m),
TRON and Ethereum (EIP-55) addresses. Contacts: Telegram usernames, bots and t.me links in
their defanged forms ("@ name", "тг: name", "name (телега)", "t[.]me/name"), onion v3 and
clearnet shop sites. Only what passes its check is returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer
from moneytrail.model.ids.registry import BY_KIND
from moneytrail.model.ids.telegram import username_problem
from moneytrail.osint.found import Found, from_result
from moneytrail.osint.normalize import INVISIBLE
from moneytrail.osint.numbers import numbers_in

_B58 = "1-9A-HJ-NP-Za-km-z"
# (kind, pattern, a shorter pattern the text must have for the pattern to be tried: a plain
# run without look-arounds, which the regex engine finds by its first character)
WALLETS = (
    (
        IdKind.TRON,
        re.compile(rf"(?<![{_B58}])T[{_B58}]{{33}}(?![{_B58}])"),
        re.compile(rf"T[{_B58}]{{33}}"),
    ),
    (
        IdKind.BTC,
        re.compile(rf"(?<![{_B58}])[13][{_B58}]{{25,34}}+(?![{_B58}])"),
        re.compile(rf"[13][{_B58}]{{25}}"),
    ),
    (
        IdKind.BTC,
        re.compile(r"(?<![0-9a-z])(?:bc1|tb1)[02-9ac-hj-np-z]{11,71}+(?![0-9a-z])"),
        re.compile(r"(?:bc1|tb1)[02-9ac-hj-np-z]{11}"),
    ),
    (IdKind.EVM, re.compile(r"(?<!\w)0x[0-9a-fA-F]{40}(?!\w)"), re.compile(r"0x[0-9a-fA-F]{40}")),
)
_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[0-9A-Z]){11,30}(?![0-9A-Z])")
_IBAN_NEEDS = re.compile(r"[A-Z]{2}\d{2}")
# Possessive runs ("{m,n}+") where what follows a run can never be a character of it: the
# same matches without backtracking through every shorter run.
_NAME = r"([A-Za-z][A-Za-z0-9_]{3,31}+)"
_DOT = r"\s*(?:\.|\[\.\]|\(\.\)|\(точка\)|\(dot\))\s*"
_TLD = r"(com|kz|ru|net|org|shop|store|top|xyz)(?![\w])"
HANDLE_PATTERNS = (
    (re.compile(r"(?<![\w.])@\s?" + _NAME + r"(?!\w)"), re.compile("@")),
    (
        re.compile(r"(?i:(?<!\w)(?:тг|tg|телега|телеграм|telegram)\s*[:\-]\s*@?)" + _NAME),
        re.compile(r"(?i)тг|tg|телега|telegram"),
    ),
    (
        re.compile(r"(?<![\w@])" + _NAME + r"\s*\((?i:телега|telegram|тг|tg)\)"),
        re.compile(r"(?i)\((?:телега|telegram|тг|tg)\)"),
    ),
)
_LINK = re.compile(r"(?i:(?<!\w)(?:https?://)?(?:t|тэ)" + _DOT + r"(?:me|ме)\s*/\s*)" + _NAME)
_ONION = re.compile(r"(?<![a-z2-7])([a-z2-7]{56})" + _DOT + r"onion(?![a-z])", re.I)
_SITE = re.compile(r"(?<![\w.@/-])([a-z0-9][a-z0-9-]{2,62}+)" + _DOT + _TLD, re.I)
_SITE_NEEDS = re.compile(r"(?:\.|\]|\)|точка\)|dot\))\s*" + _TLD, re.I)


def clean_for_extraction(text: str) -> str:
    """NFKC with invisible characters removed; letters are left as written."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def extract(text: str, tokenizer: Tokenizer | None = None, source: str = "text") -> list[Found]:
    """Every valid requisite and contact in the text, first occurrence of each kept."""
    clean = clean_for_extraction(text)
    found = [*payments(clean, tokenizer, source), *contacts(clean, source)]
    return unique(found)


def payments(text: str, tokenizer: Tokenizer | None, source: str) -> Iterator[Found]:
    """Wallets, IBANs, cards and phones."""
    for kind, pattern, needed in WALLETS:
        for match in pattern.finditer(text) if needed.search(text) else ():
            result = BY_KIND[kind].check(match.group(), tokenizer)
            if result.valid:
                yield from_result(result, match.group(), source)
    for match in _IBAN.finditer(text) if _IBAN_NEEDS.search(text) else ():
        yield from _checked(IdKind.IBAN, match.group(), tokenizer, source)
    for shown, result in numbers_in(text, tokenizer):
        yield from_result(result, shown, source)


def contacts(text: str, source: str) -> Iterator[Found]:
    """Telegram handles and links, onion and clearnet sites."""
    for pattern, needed in HANDLE_PATTERNS:
        for match in pattern.finditer(text) if needed.search(text) else ():
            yield from handle(match.group(1), match.group(), source)
    for match in _LINK.finditer(text) if "/" in text else ():
        yield from _checked(IdKind.TELEGRAM_LINK, "t.me/" + match.group(1), None, source)
    for match in _ONION.finditer(text) if "onion" in text.lower() else ():
        yield from _checked(IdKind.ONION, match.group(1).lower() + ".onion", None, source)
    for match in _SITE.finditer(text) if _SITE_NEEDS.search(text) else ():
        host = f"{match.group(1)}.{match.group(2)}".lower()
        if not host.startswith("t.me"):
            yield Found("website", host, match.group(), source, host, None, {})


def handle(name: str, shown: str, source: str, repaired: bool = False) -> Iterator[Found]:
    """A username as a bot or user handle, if it keeps Telegram's rules."""
    if username_problem(name) is not None:
        return
    kind = IdKind.TELEGRAM_BOT if name.lower().endswith("bot") else IdKind.TELEGRAM
    result = BY_KIND[kind].check(name, None)
    if result.valid:
        yield from_result(result, shown, source, repaired)


def hrefs(links: Iterable[str], source: str = "href") -> list[Found]:
    """Contacts behind links (Telegram text links, page anchors)."""
    return unique(found for link in links for found in contacts(link, source))


def _checked(kind: IdKind, value: str, tokenizer: Tokenizer | None, source: str) -> Iterator[Found]:
    result: IdResult = BY_KIND[kind].check(value, tokenizer)
    if result.valid:
        yield from_result(result, value, source)


def unique(found: Iterable[Found]) -> list[Found]:
    """The first Found of each (kind, value)."""
    seen: dict[tuple[str, str], Found] = {}
    for item in found:
        seen.setdefault((item.kind, item.value), item)
    return list(seen.values())
