"""Requisites and contacts printed the way a post at a given obfuscation level prints them."""

from __future__ import annotations

import random

from moneytrail.sim.content.draft import Ident
from moneytrail.sim.content.obfuscate import (
    obfuscate_handle,
    obfuscate_link,
    obfuscate_number,
    obfuscate_site,
)
from moneytrail.sim.content.requisites import (
    canonical_card,
    canonical_phone,
    digits,
    normalize,
    show_card,
    show_iban,
    show_phone,
)


def card_ident(value: str, level: int, rng: random.Random, lang: str) -> Ident:
    """A card number: canonical and recognised by Telegram at 0, other spacings above."""
    pan = digits(value)
    shown = canonical_card(pan) if level == 0 else show_card(pan, rng)
    shown = obfuscate_number(shown, level, rng, lang)
    if shown in (pan, canonical_card(pan)):
        entity = "code" if rng.random() < 0.3 else "bank_card"
    else:
        entity = "plain"
    return Ident("card", pan, shown, entity)


def phone_ident(value: str, level: int, rng: random.Random, lang: str) -> Ident:
    """A phone number for a transfer; Telegram marks the canonical international forms."""
    phone = normalize("phone", value)
    shown = canonical_phone(phone) if level == 0 else show_phone(phone, rng)
    shown = obfuscate_number(shown, level, rng, lang)
    entity = "phone" if shown in (canonical_phone(phone), phone) else "plain"
    return Ident("phone", phone, shown, entity)


def iban_ident(value: str, rng: random.Random) -> Ident:
    """An IBAN in groups of four, sometimes in monospace for copying."""
    iban = normalize("iban", value)
    return Ident("iban", iban, show_iban(iban), "code" if rng.random() < 0.5 else "plain")


def wallet_ident(kind: str, value: str, rng: random.Random) -> Ident:
    """A TRON or Bitcoin address, printed whole (it must stay copyable), often in monospace."""
    address = normalize(kind, value)
    return Ident(kind, address, address, "code" if rng.random() < 0.7 else "plain")


def payment_ident(kind: str, value: str, level: int, rng: random.Random, lang: str) -> Ident:
    """Any payment requisite as printed."""
    if kind == "card":
        return card_ident(value, level, rng, lang)
    if kind == "phone":
        return phone_ident(value, level, rng, lang)
    if kind == "iban":
        return iban_ident(value, rng)
    return wallet_ident(kind, value, rng)


def handle_ident(handle: str, level: int, rng: random.Random, lang: str) -> Ident:
    """An operator's or bot's username: a mention when printed whole."""
    kind = "telegram_bot" if handle.lower().endswith("bot") else "telegram"
    shown = obfuscate_handle(handle, level, rng, lang)
    entity = "mention" if shown == "@" + handle else "plain"
    return Ident(kind, normalize(kind, handle), shown, entity, requisite=False)


def handle_text_link(handle: str, label: str) -> Ident:
    """A word linking to the handle (`Бот` → https://t.me/name_bot): the handle is only in href."""
    kind = "telegram_bot" if handle.lower().endswith("bot") else "telegram"
    href = "https://t.me/" + handle
    return Ident(kind, normalize(kind, handle), label, "text_link", href, requisite=False)


def link_ident(path: str, level: int, rng: random.Random) -> Ident:
    """A t.me link; Telegram marks it as a link unless it is defanged."""
    shown = obfuscate_link(path, level, rng)
    entity = "link" if shown.endswith("t.me/" + path) and " " not in shown else "plain"
    return Ident("telegram_link", normalize("telegram_link", path), shown, entity, requisite=False)


def site_ident(host: str, level: int, rng: random.Random) -> Ident:
    """An onion or clearnet shop address; a link when it is printed as a URL."""
    shown = obfuscate_site(host, level, rng)
    entity = "link" if shown.startswith("http") else "plain"
    kind = "onion" if host.endswith(".onion") else "website"
    return Ident(kind, normalize(kind, host), shown, entity, requisite=False)
