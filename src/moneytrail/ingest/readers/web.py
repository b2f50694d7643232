"""Saved web pages (`.html`), one `posts` row each, `platform` `web`.

The channel is the site: the folder the page was saved in (`<domain>/index.html`, as
`moneytrail sim` and most crawlers save them), and the post id `<domain>/<file name>`. The
text is what a reader sees (scripts, styles and templates dropped), the links the anchors'
targets, the media the images' sources, the language the page's `lang`. `posted_at` is the
page's own `article:published_time` (or first `<time datetime>`), else the time the file
was saved (its modification time). Bytes are read as UTF-8 when they are that, else in the
page's declared charset. Card numbers in the text are masked and the valid ones
kept as tokens, as in Telegram posts. A page the HTML parser cannot make a tree of is
rejected whole, with line 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import lxml.html
from lxml import etree

from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.emit import Tables, blank, reject
from moneytrail.ingest.readers.telegram import POSTS, card_tokens

HTML_HEAD = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)", re.IGNORECASE | re.DOTALL)
HIDDEN = ("script", "style", "noscript", "template")
CELLS = ("td", "th", "li", "dd", "dt")
BLOCKS = (
    *("p", "div", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "header"),
    *("footer", "article", "ul", "ol", "table", "title", "code"),
)
PUBLISHED = ('//meta[@property="article:published_time"]/@content', "//time/@datetime")
BLANKS = re.compile(r"[ \t\r\f\v]*\n\s*")
SPACES = re.compile(r"[ \t]{2,}")


def _strings(tree: Any, query: str) -> list[str]:
    """The attribute values an XPath query selects, as text."""
    found = tree.xpath(query)
    return [str(value) for value in found] if isinstance(found, list) else []


def _published(tree: Any, path: Path) -> datetime:
    for query in PUBLISHED:
        for value in _strings(tree, query):
            try:
                moment = datetime.fromisoformat(str(value).strip())
            except ValueError:
                continue
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _text(tree: Any) -> str:
    body = tree.find("body")
    root = body if body is not None else tree
    for hidden in list(root.iter(*HIDDEN)):
        hidden.drop_tree()
    for element in root.iter(*CELLS, *BLOCKS):
        element.tail = ("\n" if element.tag in BLOCKS else " ") + (element.tail or "")
    return SPACES.sub(" ", BLANKS.sub("\n", root.text_content())).strip()


def _decoded(data: bytes) -> str | bytes:
    """UTF-8 text when the bytes are that; else the bytes, for the page's own charset."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return data
    return data if text.lstrip().startswith("<?xml") else text  # lxml reads its declaration


def page_row(path: Path, ctx: ReadContext) -> dict[str, Any]:
    """The `posts` row of a saved page; ValueError if it is not HTML a tree can be made of."""
    tree = lxml.html.fromstring(_decoded(path.read_bytes()))
    site = path.parent.name or path.stem
    text = _text(tree)
    links, media = _strings(tree, "//a/@href"), _strings(tree, "//img/@src")
    return blank(
        POSTS, post_id=f"{site}/{path.name}", platform="web", channel=site,
        posted_at=_published(tree, path), text=text,
        media=media or None, links=links or None, language=tree.get("lang") or None,
        card_tokens=card_tokens(text, ctx.tokenizer) or None, source=ctx.source,
        file=str(path), row=1,
    )  # fmt: skip


class WebReader:
    """Saved HTML pages."""

    name: ClassVar[str] = "web"

    def sniff(self, path: Path, head: bytes) -> bool:
        """An `.html`/`.htm` file, or one that starts as HTML does."""
        return path.suffix.lower() in (".html", ".htm") or HTML_HEAD.match(head) is not None

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """The page as one post, or its rejection."""
        tables = Tables()
        try:
            row = page_row(path, ctx)
        except (ValueError, etree.ParserError) as exc:
            raw = path.read_bytes()[:2000].decode(errors="replace")
            yield reject(POSTS, path, 1, f"html: {exc}", raw)
            return
        yield from tables.add(POSTS, row)
        yield from tables.flush()
