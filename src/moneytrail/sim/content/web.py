"""Web storefronts of shops that have a site, and legitimate shop pages that resemble them."""

from __future__ import annotations

import random
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from moneytrail.sim.content.common import as_utc, derive, iso_utc, overlap, pick_time
from moneytrail.sim.content.draft import Ident
from moneytrail.sim.content.idents import handle_ident, payment_ident
from moneytrail.sim.content.lexicon import AMOUNTS_G, AMOUNTS_PCS, CITIES, UNITS, city_name
from moneytrail.sim.content.obfuscate import obfuscate_word
from moneytrail.sim.content.posts import shop_products, shop_style
from moneytrail.sim.content.pricing import amount_price, show_amount, unit_price
from moneytrail.sim.content.requisites import normalize
from moneytrail.sim.content.web_lexicon import label, labels, page
from moneytrail.sim.views import Requisite, ShopView

Span = tuple[datetime, datetime]


class Page:
    """HTML sections of one page and the truth of what they show."""

    def __init__(self, rng: random.Random, level: int, lang: str) -> None:
        self.rng, self.level, self.lang = rng, level, lang
        self.sections: list[str] = []
        self.requisites: list[dict[str, str]] = []
        self.contacts: list[dict[str, str]] = []

    def show(self, item: Ident) -> str:
        """The identifier as HTML (a link for handles, code for requisites), recorded in truth."""
        row = {"kind": item.kind, "value": item.value, "shown": item.shown}
        (self.requisites if item.requisite else self.contacts).append(row)
        if item.kind in ("telegram", "telegram_bot") and item.shown.startswith("@"):
            return f'<a href="https://t.me/{escape(item.value)}">{escape(item.shown)}</a>'
        return f"<code>{escape(item.shown)}</code>" if item.requisite else escape(item.shown)


def storefront(seed: int, shop: ShopView, window: Span, folder: Path) -> dict[str, Any] | None:
    """Write `folder/<site>/index.html` for a shop with a site; return its truth row."""
    span = overlap((shop.active_from, shop.active_to), window)
    if shop.site is None or span is None:
        return None
    rng = derive(seed, "site", shop.shop_id)
    lang = shop_style(seed, shop)[0]
    sheet = Page(rng, rng.choice((0, 1, 1, 2)), lang)
    moment, paid = snapshot(rng, shop, span)
    sheet.sections.append(catalogue(seed, shop, sheet))
    sheet.sections.append(payment(shop, sheet, paid))
    sheet.sections.append(contacts(shop, sheet))
    title = f"{shop.name} — {city_name(shop.city, lang)}"
    write(
        folder / shop.site / "index.html", page(title, lang, label(lang, "tagline"), sheet.sections)
    )
    return {
        "page_id": f"{shop.site}/index.html",
        "source": "web",
        "domain": shop.site,
        "snapshot": iso_utc(moment),
        "is_drug_ad": True,
        "shop_id": shop.shop_id,
        "category": "shop_site",
        "language": lang,
        "obfuscation_level": sheet.level,
        "products": [item.key for item in shop_products(shop)],
        "requisites": sheet.requisites,
        "contacts": sheet.contacts,
    }


def snapshot(rng: random.Random, shop: ShopView, span: Span) -> tuple[datetime, list[Requisite]]:
    """When the page was captured and the requisites (one per kind) valid then."""
    usable = [r for r in shop.requisites if overlap((r.valid_from, r.valid_to), span)]
    chosen = rng.choice(usable) if usable else None
    window = overlap((chosen.valid_from, chosen.valid_to), span) if chosen else None
    moment = pick_time(rng, window or span)
    valid = [r for r in shop.requisites if as_utc(r.valid_from) <= moment < as_utc(r.valid_to)]
    by_kind = {r.kind: r for r in valid}
    return moment, [
        by_kind[kind] for kind in ("card", "phone", "iban", "tron", "btc") if kind in by_kind
    ]


def catalogue(seed: int, shop: ShopView, sheet: Page) -> str:
    """The price table: product, city, amount, price."""
    rng, lang = sheet.rng, sheet.lang
    others = rng.sample([forms[2] for forms in CITIES], 2)
    cities = dict.fromkeys(city_name(c, sheet.lang) for c in (shop.city, *others))
    rows = []
    for item in shop_products(shop):
        names = item.en if sheet.lang == "en" else item.ru
        name = escape(obfuscate_word(names[0], sheet.level, rng))
        for city in cities:
            unit = unit_price(seed, shop.shop_id, item, city)
            for amount in AMOUNTS_PCS[:3] if item.per_piece else AMOUNTS_G[:4]:
                size = f"{show_amount(amount, sheet.lang)} {UNITS[sheet.lang][item.per_piece]}"
                price = f"{amount_price(unit, amount):,}".replace(",", " ")
                cells = (name, escape(city), size, price)
                rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in labels(lang, "columns"))
    table = (
        f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    note = f"<p>{escape(label(lang, 'delivery'))}</p>"
    return section("catalog", label(lang, "catalog"), f"{table}\n{note}")


def payment(shop: ShopView, sheet: Page, paid: list[Requisite]) -> str:
    """How to pay: the steps and the requisites valid when the page was captured."""
    rng, lang = sheet.rng, sheet.lang
    bot = sheet.show(handle_ident(shop.bot_handle, 0, rng, lang))
    op = sheet.show(handle_ident(shop.operator_handle, 0, rng, lang))
    steps = "".join(
        f"<li>{escape(step).format(bot=bot, op=op)}</li>" for step in labels(lang, "steps")
    )
    items = []
    for item in paid:
        ident = payment_ident(item.kind, item.value, sheet.level, rng, sheet.lang)
        items.append(f"<li>{escape(label(lang, item.kind))}: {sheet.show(ident)}</li>")
    today = f'<p class="warn">{escape(label(lang, "today"))}</p>' if paid else ""
    body = f"<ol>{steps}</ol>\n<ul>{''.join(items)}</ul>\n{today}"
    return section("payment", label(lang, "payment"), body)


def contacts(shop: ShopView, sheet: Page) -> str:
    """Operator, bot and channel."""
    rng, lang = sheet.rng, sheet.lang
    link = f"https://t.me/{shop.channel_handle}"
    value = normalize("telegram_link", link)
    channel = sheet.show(Ident("telegram_link", value, link, "link", requisite=False))
    operator = sheet.show(handle_ident(shop.operator_handle, 0, rng, lang))
    bot = sheet.show(handle_ident(shop.bot_handle, 0, rng, lang))
    items = (
        f"<li>{escape(label(lang, 'operator'))}: {operator}</li>",
        f"<li>{escape(label(lang, 'bot'))}: {bot}</li>",
        f'<li>{escape(label(lang, "channel"))}: <a href="{link}">{channel}</a></li>',
    )
    return section("contacts", label(lang, "contacts"), f"<ul>{''.join(items)}</ul>")


def section(anchor: str, heading: str, body: str) -> str:
    """A page section with its heading."""
    return f'<section id="{anchor}"><h2>{escape(heading)}</h2>\n{body}</section>'


def write(path: Path, html: str) -> None:
    """Write a page as UTF-8 with LF line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8", newline="\n")
