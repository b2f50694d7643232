"""Readers: Telegram exports and HTML pages; broken input is quarantined with its reason."""

from __future__ import annotations

import json
from pathlib import Path

from moneytrail.osint.items import Item, Quarantined
from moneytrail.osint.readers.html import page_text
from moneytrail.osint.readers.telegram import read_export


def test_export_messages_and_hrefs(corpus: Path) -> None:
    exports = sorted((corpus / "out" / "telegram").glob("*/result.json"))
    read = [i for path in exports for i in read_export(path)]
    items = [i for i in read if isinstance(i, Item)]
    assert items
    assert len(items) == len(read)
    truth = (corpus / "truth" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(items) == len(truth)
    assert any(href.startswith("https://t.me/") for i in items for href in i.hrefs)


def test_broken_export_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text('{"messages": [', encoding="utf-8")
    (out,) = list(read_export(path))
    assert isinstance(out, Quarantined)
    assert "unreadable Telegram export" in out.reason


def test_bad_message_does_not_stop_the_export(tmp_path: Path) -> None:
    path = tmp_path / "chat" / "result.json"
    path.parent.mkdir()
    messages = [
        {"id": 1, "type": "message", "text": "меф закладки"},
        {"type": "message", "text": "no id"},
        {"id": 3, "type": "message", "text": 42},
        {"id": 4, "type": "service", "action": "create_channel", "text": ""},
        {"id": 5, "type": "message", "text": ["a ", {"type": "mention", "text": "@shop_op"}]},
    ]
    path.write_text(json.dumps({"name": "chat", "messages": messages}), encoding="utf-8")
    out = list(read_export(path))
    assert [o.item_id for o in out if isinstance(o, Item)] == ["chat/1", "chat/5"]
    assert [o.where for o in out if isinstance(o, Quarantined)] == ["messages[1]", "messages[2]"]


def test_page_text_skips_scripts_and_keeps_cells_apart() -> None:
    html = (
        "<html><head><style>b{}</style><script>var x=1</script></head><body>"
        "<table><tr><td>меф</td><td>Астана</td></tr></table>"
        '<a href="https://t.me/shop_bot">Бот</a></body></html>'
    )
    text, hrefs = page_text(html)
    assert "var x" not in text
    assert "меф Астана" in text
    assert hrefs == ["https://t.me/shop_bot"]
