"""Scan files and folders: every readable item analysed, every unreadable one quarantined.

Dispatch by file: `*.json` Telegram Desktop exports, `*.html`/`*.htm` pages, `*.txt` text,
images by suffix (OCR and QR). Any other file is quarantined as unsupported, so that
items in = analysed + quarantined. One bad item never stops the batch.

Images are read after the texts of the same scan: the handles found in its posts and pages,
with any handles the analyst already knows, are the known handles that OCR readings are
snapped to (`known_handles`); a snapped handle is marked `repaired`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.analyze import Analysis, analyze, analyze_image
from moneytrail.osint.errors import BadInputError
from moneytrail.osint.items import Item, Quarantined
from moneytrail.osint.model import AdModel
from moneytrail.osint.ocr import check_tesseract
from moneytrail.osint.readers.html import read_page, read_text
from moneytrail.osint.readers.images import IMAGE_SUFFIXES, read_image
from moneytrail.osint.readers.telegram import read_export
from moneytrail.osint.scores import bot_scores, channel_scores


@dataclass(slots=True)
class ScanReport:
    """Analyses, quarantine and group scores of one scan."""

    analyses: list[Analysis] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "items": len(self.analyses),
            "ads": sum(a.is_ad for a in self.analyses),
            "quarantined": [q.to_json() for q in self.quarantined],
            "channels": [s.to_json() for s in channel_scores(self.analyses)],
            "bots": [s.to_json() for s in bot_scores(self.analyses)],
            "results": [a.to_json() for a in self.analyses],
        }


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named and those inside the folders named, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def scan(
    paths: Iterable[Path],
    model: AdModel,
    tokenizer: Tokenizer | None,
    known: Iterable[str] = (),
) -> ScanReport:
    """Analyse everything under the paths, in file order; images after the texts so that the
    texts' handles (and `known`) can be matched to OCR readings."""
    files = list(files_under(paths))
    images = {i for i, path in enumerate(files) if path.suffix.lower() in IMAGE_SUFFIXES}
    outcomes: dict[int, list[Analysis | Quarantined]] = {}
    for i, path in enumerate(files):
        if i not in images:
            outcomes[i] = list(scan_file(path, model, tokenizer))
    handles = {name.lower().removeprefix("@") for name in known}
    handles |= {
        f.handle
        for got in outcomes.values()
        for a in got
        if isinstance(a, Analysis)
        for f in a.found
        if f.handle
    }
    for i in sorted(images):
        outcomes[i] = list(scan_file(files[i], model, tokenizer, frozenset(handles)))
    report = ScanReport()
    for i in range(len(files)):
        for outcome in outcomes[i]:
            if isinstance(outcome, Quarantined):
                report.quarantined.append(outcome)
            else:
                report.analyses.append(outcome)
    return report


def scan_file(
    path: Path,
    model: AdModel,
    tokenizer: Tokenizer | None,
    known: frozenset[str] = frozenset(),
) -> Iterator[Analysis | Quarantined]:
    """The analyses of one file's items, or why they could not be read; OCR handles near one
    of `known` are snapped to it."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            yield from _each(read_export(path), model, tokenizer)
        elif suffix in (".html", ".htm"):
            yield analyze(read_page(path), model, tokenizer)
        elif suffix == ".txt":
            yield analyze(read_text(path), model, tokenizer)
        elif suffix in IMAGE_SUFFIXES:
            check_tesseract()
            read = read_image(path)
            yield analyze_image(read.item, read.qr, model, tokenizer, known)
        else:
            yield Quarantined(str(path), f"unsupported file type {suffix or '(none)'}")
    except BadInputError as exc:
        yield Quarantined(str(path), str(exc))
    except Exception as exc:
        yield Quarantined(str(path), f"failed: {exc!r}")


def _each(
    items: Iterable[Item | Quarantined], model: AdModel, tokenizer: Tokenizer | None
) -> Iterator[Analysis | Quarantined]:
    for item in items:
        if isinstance(item, Quarantined):
            yield item
            continue
        try:
            yield analyze(item, model, tokenizer)
        except Exception as exc:
            yield Quarantined(item.path, f"failed: {exc!r}", item.item_id)
