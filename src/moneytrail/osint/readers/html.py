"""HTML pages: visible text (scripts and styles dropped) and the links of anchors."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from moneytrail.osint.errors import BadInputError
from moneytrail.osint.items import Item

SKIPPED = frozenset({"script", "style", "noscript", "template"})
CELLS = frozenset({"td", "th", "span", "a"})
BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "section", "title"})


class _Text(HTMLParser):
    """Collects visible text, one line per block element, and anchor hrefs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag in CELLS:
            self.parts.append(" ")
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skipping:
            self._skipping -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, list[str]]:
    """The visible text of a page, blank lines squeezed, and its anchor links."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line), parser.hrefs


def read_page(path: Path) -> Item:
    """One HTML file as an Item; the channel is the folder name (the site's domain)."""
    try:
        html = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"unreadable HTML: {exc}") from exc
    if "<" not in html:
        raise BadInputError("not HTML: no markup")
    text, hrefs = page_text(html)
    if not text:
        raise BadInputError("HTML page without visible text")
    item_id = f"{path.parent.name}/{path.name}"
    return Item(item_id, "web", str(path), text, path.parent.name, None, tuple(hrefs))


def read_text(path: Path) -> Item:
    """A plain UTF-8 text file as an Item."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"unreadable text: {exc}") from exc
    return Item(path.name, "text", str(path), text, None)
