"""Saved web pages: one post each, visible text only, card numbers masked and tokenized."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from moneytrail.ingest.readers import detect
from moneytrail.ingest.readers.web import WebReader
from moneytrail.model.ids.base import IdKind, Tokenizer
from tests.ingest.fixtures.harness import KEY, assert_no_clear, run

PAN = "6259415556422975"
PAGE = f"""<!DOCTYPE html>
<html lang="kk"><head><title>Night Owl</title>
<meta property="article:published_time" content="2026-06-18T01:14:01+05:00">
<style>body{{color:#eee}}</style><script>var card = "{PAN}";</script></head>
<body><h1>Night Owl</h1><table><tr><td>меф</td><td>Алматы</td><td>6 500</td></tr></table>
<p>Карта: <code>{PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:]}</code></p>
<a href="https://t.me/night_owl_bot">Бот</a><img src="qr.png"></body></html>
"""


def _page(folder: Path, data: bytes) -> Path:
    site = folder / "night-owl98.biz"
    site.mkdir()
    path = site / "index.html"
    path.write_bytes(data)
    return path


def test_a_page_is_one_post_of_its_visible_text(tmp_path: Path) -> None:
    path = _page(tmp_path, PAGE.encode())
    reader = detect(path, path.read_bytes()[:4096])
    assert isinstance(reader, WebReader)
    result = run(reader, path)
    (post,) = result.rows("posts")
    assert (post["post_id"], post["channel"], post["platform"]) == (
        "night-owl98.biz/index.html",
        "night-owl98.biz",
        "web",
    )
    assert post["posted_at"] == datetime(2026, 6, 17, 20, 14, 1, tzinfo=UTC)
    assert post["text"] == "Night Owl\nмеф Алматы 6 500\nКарта: 625941******2975\nБот"
    assert (post["links"], post["media"], post["language"]) == (
        ["https://t.me/night_owl_bot"],
        ["qr.png"],
        "kk",
    )
    assert post["card_tokens"] == [Tokenizer(KEY).token(IdKind.CARD, PAN)]
    assert_no_clear(result, [PAN])


def test_a_page_that_is_no_html_is_rejected_whole(tmp_path: Path) -> None:
    path = _page(tmp_path, b"")
    result = run(WebReader(), path)
    assert result.rows("posts") == []
    (bad,) = result.rejected
    assert (bad.line, bad.reason.split(":")[0]) == (1, "html")
