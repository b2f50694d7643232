"""Channel exports have the structure and byte layout of Telegram Desktop's result.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.sim.content.world import Generated, flat_text

ENTITY_TYPES = {"plain", "bold", "italic", "mention", "link", "text_link", "hashtag", "phone",
                "bank_card", "code", "spoiler"}  # fmt: skip


def channels(generated: Generated) -> list[str]:
    """Every exported channel's folder name."""
    return sorted(path.name for path in (generated.out / "telegram").iterdir())


def test_every_channel_is_a_public_channel_export(generated: Generated) -> None:
    assert len(channels(generated)) == 9
    for channel in channels(generated):
        export = generated.export(channel)
        assert list(export) == ["name", "type", "id", "messages"]
        assert export["type"] == "public_channel"
        assert isinstance(export["id"], int)
        first = export["messages"][0]
        assert (first["type"], first["action"], first["actor_id"]) == (
            "service", "create_channel", f"channel{export['id']}"
        )  # fmt: skip


def test_layout_is_tdesktops(generated: Generated) -> None:
    """One-space indent, ': ' separators, raw UTF-8, no final newline, as json.dumps(indent=1)."""
    for channel in channels(generated):
        raw = (generated.out / "telegram" / channel / "result.json").read_text(encoding="utf-8")
        assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=1)


def test_messages_keep_tdesktop_keys_and_dates(generated: Generated) -> None:
    for channel in channels(generated):
        export = generated.export(channel)
        ids = [message["id"] for message in export["messages"]]
        assert ids == sorted(set(ids))
        for message in export["messages"][1:]:
            keys = [
                k
                for k in message
                if k not in ("edited", "edited_unixtime", "photo", "width", "height")
            ]
            assert keys == [
                "id",
                "type",
                "date",
                "date_unixtime",
                "from",
                "from_id",
                "text",
                "text_entities",
            ]
            assert message["from"] == export["name"]
            assert message["from_id"] == f"channel{export['id']}"
            moment = datetime.fromtimestamp(int(message["date_unixtime"]), UTC)
            kazakhstan = moment + timedelta(hours=5)  # the exporting machine's local time
            assert message["date"] == kazakhstan.strftime("%Y-%m-%dT%H:%M:%S")


def test_text_mixes_strings_and_entities(generated: Generated) -> None:
    formatted = 0
    for channel in channels(generated):
        for message in generated.export(channel)["messages"][1:]:
            entities = message["text_entities"]
            assert {e["type"] for e in entities} <= ENTITY_TYPES
            assert "".join(e["text"] for e in entities) == flat_text(message)
            if isinstance(message["text"], list):
                formatted += 1
                assert any(isinstance(part, str) for part in message["text"])
                assert all(isinstance(p, str) or p["type"] != "plain" for p in message["text"])
            else:
                assert [e["type"] for e in entities] == ["plain"]
            for entity in entities:
                assert ("href" in entity) == (entity["type"] == "text_link")
    assert formatted > 10


def test_truth_never_leaks_into_exports(generated: Generated) -> None:
    for channel in channels(generated):
        raw = (generated.out / "telegram" / channel / "result.json").read_text(encoding="utf-8")
        assert "is_drug_ad" not in raw
        assert "shop-00" not in raw
