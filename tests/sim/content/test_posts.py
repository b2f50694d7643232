"""Ground truth of posts matches what the posts show; negatives defeat a keyword filter."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from moneytrail.model.ids.base import IdKind
from moneytrail.model.ids.registry import check
from moneytrail.sim.content.obfuscate import read_digits
from moneytrail.sim.content.posts import shop_posts
from moneytrail.sim.content.requisites import normalize
from tests.sim.content.shops import END, START, make_shops
from tests.sim.content.world import Generated, flat_text

KEYWORDS = (
    "закладк",
    "клад",
    "меф",
    "соль",
    "кристалл",
    "шишк",
    "гаш",
    "магнит",
    "опт",
    "оператор",
)
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.I)
LATIN = re.compile(r"[a-z]", re.I)


def posts(generated: Generated) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each truth row with its exported message."""
    exports = {
        row["channel"]: generated.export(row["channel"]) for row in generated.rows("posts.jsonl")
    }
    pairs = []
    for row in generated.rows("posts.jsonl"):
        by_id = {m["id"]: m for m in exports[row["channel"]]["messages"]}
        pairs.append((row, by_id[row["message_id"]]))
    return pairs


def digits_in_order(value: str, text: str) -> bool:
    """The value's digits appear in order, separated by at most three non-digits each."""
    return re.search(r"[^0-9]{0,3}".join(value), text) is not None


def test_requisites_appear_in_the_text(generated: Generated) -> None:
    checked = 0
    for row, message in posts(generated):
        text = flat_text(message)
        for requisite in row["requisites"]:
            assert requisite["shown"] in text
            value = requisite["value"]
            if requisite["kind"] == "card" and row["obfuscation_level"] < 3:
                assert digits_in_order(value, text), (value, text)
            elif requisite["kind"] == "phone" and row["obfuscation_level"] < 3:
                assert digits_in_order(value[-10:], text), (value, text)
            elif requisite["kind"] in ("card", "phone"):
                assert normalize(requisite["kind"], read_digits(requisite["shown"])) == value
            else:
                assert value in text.replace(" ", "")
            checked += 1
    assert checked > 20


def test_requisites_are_valid_identifiers(generated: Generated) -> None:
    for row in generated.rows("posts.jsonl"):
        for item in row["requisites"] + row["contacts"]:
            if item["kind"] in {kind.value for kind in IdKind}:
                result = check(item["value"], IdKind(item["kind"]))
                assert result.valid, (item, result.reason)
                assert result.normalized == item["value"]


def test_shop_requisites_were_valid_when_posted(generated: Generated) -> None:
    shops = {shop.shop_id: shop for shop in make_shops()}
    for row in generated.rows("posts.jsonl"):
        if not row["is_drug_ad"]:
            continue
        moment = datetime.fromisoformat(row["date"])
        for item in row["requisites"]:
            spans = [
                (r.valid_from, r.valid_to)
                for r in shops[row["shop_id"]].requisites
                if normalize(r.kind, r.value) == item["value"]
            ]
            assert any(start <= moment < end for start, end in spans), item


def test_posts_fall_in_the_shops_active_span_and_name_its_products(generated: Generated) -> None:
    shops = {shop.shop_id: shop for shop in make_shops()}
    for row in generated.rows("posts.jsonl"):
        if row["is_drug_ad"]:
            shop = shops[row["shop_id"]]
            assert shop.active_from <= datetime.fromisoformat(row["date"]) < shop.active_to
            assert row["products"]
            assert set(row["products"]) <= set(shop.products)
        else:
            assert row["products"] == []


def test_contacts_appear_in_text_or_links(generated: Generated) -> None:
    invisible = {ord(c): None for c in "\u200b\u200c\u00ad"}
    for row, message in posts(generated):
        visible = flat_text(message)
        hrefs = " ".join(e.get("href", "") for e in message["text_entities"]).lower()
        for contact in row["contacts"]:
            assert contact["shown"] in visible
            shown = contact["shown"].translate(invisible).lower()
            value = contact["value"]
            name = (
                value.split("/")[-1] if "telegram" in contact["kind"] else value.rsplit(".", 1)[0]
            )
            assert name in shown or name in hrefs, (contact, hrefs)


def test_obfuscation_changes_the_text(generated: Generated) -> None:
    levels = set()
    for row, message in posts(generated):
        text = flat_text(message)
        levels.add(row["obfuscation_level"])
        if row["obfuscation_level"] == 0:
            assert text == row["clean_text"]
        elif row["is_drug_ad"]:
            assert text != row["clean_text"]
            assert any(CYRILLIC.search(word) and LATIN.search(word) for word in text.split()), text
    assert levels == {0, 1, 2, 3}


def test_keyword_filter_fails_both_ways(generated: Generated) -> None:
    def flagged(message: dict[str, Any]) -> bool:
        return any(word in flat_text(message).lower() for word in KEYWORDS)

    pairs = posts(generated)
    assert any(flagged(m) for r, m in pairs if not r["is_drug_ad"]), "negatives must use slang"
    assert any(not flagged(m) for r, m in pairs if r["is_drug_ad"]), "obfuscation must hide some"


def test_posts_cover_languages_and_categories(generated: Generated) -> None:
    rows = generated.rows("posts.jsonl")
    assert {row["language"] for row in rows} == {"ru", "kk", "en"}
    kazakh = [row["clean_text"] for row in rows if row["language"] == "kk" and row["is_drug_ad"]]
    assert kazakh
    assert all(re.search("[әғқңөұүһі]", text) for text in kazakh)
    categories = {row["category"] for row in rows}
    assert {"shop_ad", "classified", "news", "hardware", "crypto", "job"} <= categories
    assert all(row["shop_id"] is None for row in rows if not row["is_drug_ad"])


def test_unknown_products_are_refused() -> None:
    shop = replace(make_shops()[0], products=("heroin",))
    with pytest.raises(ValueError, match="unknown product 'heroin'"):
        shop_posts(1, shop, 1, (START, END))
