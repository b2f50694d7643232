"""Storefronts and legitimate pages: valid HTML whose text shows what the truth says."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from tests.sim.content.world import Generated


class Text(HTMLParser):
    """Collects the text of a page and checks that tags balance."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs  # only the nesting matters
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(generated: Generated, page_id: str) -> str:
    """The visible text of a page, after checking its tags balance."""
    parser = Text()
    parser.feed((generated.out / "web" / page_id).read_text(encoding="utf-8"))
    assert parser.open == ["html"] or parser.open == []
    return unescape("".join(parser.parts))


def test_pages_show_their_requisites_and_contacts(generated: Generated) -> None:
    rows = generated.rows("pages.jsonl")
    assert sorted(row["is_drug_ad"] for row in rows) == [False, False, True, True]
    for row in rows:
        text = page_text(generated, row["page_id"])
        assert row["requisites"], row["page_id"]
        for item in row["requisites"] + row["contacts"]:
            assert item["shown"] in text, item
            if item["kind"] in ("card", "phone"):
                digits = item["value"][-10:] if item["kind"] == "phone" else item["value"]
                assert re.search(r"[^0-9]{0,3}".join(digits), text), item


def test_storefront_lists_prices_per_city(generated: Generated) -> None:
    row = next(r for r in generated.rows("pages.jsonl") if r["shop_id"] == "shop-001")
    html = (generated.out / "web" / row["page_id"]).read_text(encoding="utf-8")
    assert html.count("<tr><td>") >= 3 * 3 * 4
    assert "Алматы" in html
    assert row["domain"].endswith(".onion")


def test_legitimate_pages_share_the_vocabulary(generated: Generated) -> None:
    texts = [
        page_text(generated, row["page_id"]).lower()
        for row in generated.rows("pages.jsonl")
        if not row["is_drug_ad"]
    ]
    assert any(word in text for text in texts for word in ("магнит", "соль", "кристалл", "весы"))
