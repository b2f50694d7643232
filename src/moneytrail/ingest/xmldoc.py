"""XML read safely (defusedxml: no entity expansion, no external resources), with line numbers.

Tags are kept without their namespace (`Ntry`, not `{urn:iso:...}Ntry`); the root's namespace
is kept apart, so readers can check which message version a file is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from moneytrail.ingest.contract import ReaderError

CHUNK = 1 << 20
RAW_LINES = 40


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of a `{ns}name` tag."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


class _Builder(ET.TreeBuilder):
    """A tree builder that drops namespaces and notes where each element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}
        self.namespace: str | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        namespace, name = _local(tag)
        if self.namespace is None:
            self.namespace = namespace
        element = super().start(name, attrs)
        assert self.parser is not None
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag: str) -> ET.Element:
        return super().end(_local(tag)[1])


@dataclass(frozen=True, slots=True)
class XmlDoc:
    """A parsed document: its root, the root's namespace, and the line of every element."""

    root: ET.Element
    namespace: str
    lines: dict[int, int]
    text_lines: list[str]

    def line(self, element: ET.Element) -> int | None:
        """The line where the element starts."""
        return self.lines.get(id(element))

    def raw(self, element: ET.Element) -> str:
        """The element's source text (its first lines), for a rejection."""
        start = self.line(element) or 1
        end = start
        for child in element.iter():
            end = max(end, self.line(child) or start)
        end = min(end + 1, start + RAW_LINES)
        return "\n".join(self.text_lines[start - 1 : end])


def parse(path: Path) -> XmlDoc:
    """The document; ReaderError naming the file, line and column if it is not well-formed."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    data = path.read_bytes()
    try:
        for start in range(0, len(data), CHUNK):
            parser.feed(data[start : start + CHUNK])
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        raise ReaderError(f"{path}:{line}: not well-formed XML (column {column}): {exc}") from exc
    except DefusedXmlException as exc:
        raise ReaderError(f"{path}: refused unsafe XML: {exc}") from exc
    except (LookupError, ValueError) as exc:  # an unknown declared encoding, say
        raise ReaderError(f"{path}: cannot read as XML: {exc}") from exc
    text = data.decode("utf-8", errors="replace").splitlines()
    return XmlDoc(root, builder.namespace or "", builder.lines, text)


def text(element: ET.Element | None, path: str) -> str | None:
    """The stripped text at `path` under the element, None if absent or empty."""
    if element is None:
        return None
    found = element.find(path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def children(element: ET.Element | None, path: str) -> Iterator[ET.Element]:
    """The elements at `path` under the element (none if the element is None)."""
    if element is not None:
        yield from element.iterfind(path)
