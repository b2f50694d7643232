"""Telegram Desktop exports: one post per message, card numbers masked and tokenized."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moneytrail.ingest.readers import detect
from moneytrail.ingest.readers.telegram import TelegramReader
from moneytrail.model.ids.base import IdKind, Tokenizer
from tests.ingest.fixtures.harness import KEY, assert_no_clear, assert_rejections_explained, run

PAN = "4270174326875588"
DOTTED = "4270.1743.2687.5588"


def _message(n: int, text: Any, **extra: Any) -> dict[str, Any]:
    when = {"date": "2026-06-15T21:24:15", "date_unixtime": str(1781540655 + n)}
    return {"id": n, "type": "message", **when, "from": "Night Owl", "text": text, **extra}


EXPORT = {
    "name": "Night Owl",
    "type": "public_channel",
    "id": 2972600141,
    "messages": [
        {"id": 1, "type": "service", "date": "2026-06-14T10:24:15", "action": "create_channel"},
        _message(2, ["Пиши ", {"type": "text_link", "text": "Бот", "href": "https://t.me/x_bot"}]),
        _message(
            3, f"Оплата на карту {DOTTED}", photo="photos/ph1.jpg", edited_unixtime="1781550000"
        ),
        _message(4, 12345),
        _message(5, "", photo="(File not included.)"),
    ],
}


def _export(folder: Path, data: bytes) -> Path:
    channel = folder / "night_owl_alm1_shop"
    channel.mkdir()
    path = channel / "result.json"
    path.write_bytes(data)
    return path


def test_every_message_is_a_post_with_its_links_and_media(tmp_path: Path) -> None:
    path = _export(tmp_path, json.dumps(EXPORT, ensure_ascii=False, indent=1).encode())
    reader = detect(path, path.read_bytes()[:4096])
    assert isinstance(reader, TelegramReader)
    result = run(reader, path)
    posts = {row["message_id"]: row for row in result.rows("posts")}
    assert sorted(posts) == [2, 3, 5]  # the service message is no post; 4 is rejected
    link = posts[2]
    assert (link["post_id"], link["text"], link["links"]) == (
        "night_owl_alm1_shop/2",
        "Пиши Бот",
        ["https://t.me/x_bot"],
    )
    assert link["url"] == "https://t.me/night_owl_alm1_shop/2"
    assert link["posted_at"] == datetime(2026, 6, 15, 16, 24, 17, tzinfo=UTC)
    assert posts[3]["media"] == ["photos/ph1.jpg"]
    assert posts[3]["edited_at"] == datetime(2026, 6, 15, 19, 0, tzinfo=UTC)
    assert posts[5]["text"] == ""
    (bad,) = result.rejected
    assert bad.reason == "text: is a int, not text or entities"
    assert_rejections_explained(result, path)


def test_a_card_number_in_a_post_is_masked_and_kept_as_its_token(tmp_path: Path) -> None:
    path = _export(tmp_path, json.dumps(EXPORT).encode())
    result = run(TelegramReader(), path)
    post = next(r for r in result.rows("posts") if r["message_id"] == 3)
    assert post["text"] == "Оплата на карту 427017******5588"
    assert post["card_tokens"] == [Tokenizer(KEY).token(IdKind.CARD, PAN)]
    assert_no_clear(result, [PAN, DOTTED])


def test_a_broken_export_rejects_the_rest_and_keeps_what_came_before(tmp_path: Path) -> None:
    text = json.dumps(EXPORT, indent=1)
    cut = text.index('"id": 4')
    path = _export(tmp_path, text[:cut].encode() + b"\xff{{")
    result = run(TelegramReader(), path)
    assert sorted(r["message_id"] for r in result.rows("posts")) == [2, 3]
    (bad,) = result.rejected
    assert bad.reason.startswith("invalid JSON")
    assert bad.line is not None
    assert bad.line > 1
