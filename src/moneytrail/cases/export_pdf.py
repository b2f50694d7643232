"""A court-ready PDF report of a case (reportlab): header, member agencies, the evidence list
with SHA-256 hashes and provenance, the trace chart, a timeline, freeze requests, foreign
requests, ledger totals and notes. Text is set in DejaVu (shipped with matplotlib), so
Cyrillic and Kazakh names print as written."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from moneytrail.cases.dossier import Dossier
from moneytrail.cases.ledger import UNITS
from moneytrail.cases.trace_chart import render

FONT, BOLD, MONO = "MT-Sans", "MT-Sans-Bold", "MT-Mono"
WIDTH = A4[0] - 30 * mm


@functools.cache
def _fonts() -> None:
    """Register the DejaVu faces once."""
    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in ((FONT, "DejaVuSans"), (BOLD, "DejaVuSans-Bold"), (MONO, "DejaVuSansMono")):
        pdfmetrics.registerFont(TTFont(name, str(ttf / f"{file}.ttf")))


STYLES = {
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=6),
    "h": ParagraphStyle("h", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=4),
    "p": ParagraphStyle("p", fontName=FONT, fontSize=8.5, leading=11),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5),
    "hash": ParagraphStyle("hash", fontName=MONO, fontSize=7.5, leading=9.5),
}


def _p(text: object, style: str = "cell") -> Paragraph:
    return Paragraph(escape(str(text)), STYLES[style])


def _when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def amount(minor: int, unit: str) -> str:
    """Minor units shown in the unit's major units (`1 250 000.00 KZT`)."""
    places = UNITS[unit][1] if unit in UNITS else 0
    value = Decimal(minor).scaleb(-places)
    return f"{value:,.{places}f}".replace(",", " ") + f" {unit}"


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    cells: list[list[Flowable]] = [[_p(h) for h in header]]
    cells += [[c if isinstance(c, Flowable) else _p(c) for c in row] for row in rows]
    table = Table(cells, colWidths=[w * WIDTH for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ea")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *extra,
            ]
        )
    )
    return table


def _section(
    story: list[Flowable], title: str, body: Flowable | list[Flowable] | None, empty: str
) -> None:
    story.append(_p(title, "h"))
    if body is None:
        story.append(_p(empty, "p"))
    elif isinstance(body, list):
        story.extend(body)
    else:
        story.append(body)


def _header(d: Dossier, exported_by: str, exported_at: datetime) -> list[Flowable]:
    facts = [
        ("Case", f"{d.id}: {d.title}"),
        ("Status", d.status),
        ("Owner agency", f"{d.owner[0]} ({d.owner[1]})"),
        ("Opened", f"{_when(d.created_at)} UTC by {d.created_by}"),
        ("Exported", f"{_when(exported_at)} UTC by {exported_by}"),
        ("Evidence", f"{len(d.evidence)} items, SHA-256 of each below"),
    ]
    table = Table([[_p(k), _p(v)] for k, v in facts], colWidths=[0.2 * WIDTH, 0.8 * WIDTH])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey)]))
    note = (
        "Card numbers appear only masked or as keyed tokens. The SHA-256 of this document is "
        "kept in the moneytrail audit log (action case.export), which is hash-chained."
    )
    return [_p(f"Case report — case {d.id}", "title"), table, Spacer(1, 3 * mm), _p(note, "p")]


def _evidence(d: Dossier) -> Table | None:
    """Two rows per item: its facts, then its SHA-256 on one line across the table."""
    rows: list[Sequence[Any]] = []
    for e in d.evidence:
        rows.append(
            (
                e.id,
                e.kind,
                e.title,
                f"{e.source}: {e.reference}",
                f"{_when(e.collected_at)} / {_when(e.added_at)} by {e.added_by}",
            )
        )
        rows.append(("", Paragraph(f"SHA-256 {e.sha256}", STYLES["hash"]), "", "", ""))
    spans = [("SPAN", (1, r), (-1, r)) for r in range(2, len(rows) + 1, 2)]
    header = ("#", "kind", "title", "provenance", "collected / added")
    return _table(header, rows, (0.05, 0.1, 0.3, 0.3, 0.25), spans) if rows else None


def _chart(d: Dossier) -> Image | None:
    png = render(d.flows, {f.token: f.masked for f in d.freezes})
    if not png:
        return None
    image = Image(io.BytesIO(png))
    scale = min(1.0, WIDTH / image.drawWidth)
    image.drawWidth, image.drawHeight = image.drawWidth * scale, image.drawHeight * scale
    return image


def _freezes(d: Dossier) -> Table | None:
    rows = [
        (f.id, f.kind, f.masked, f.bank, f.state, amount(f.amount_frozen, f.unit))
        for f in d.freezes
    ]
    header = ("#", "kind", "target", "bank", "state", "frozen")
    return _table(header, rows, (0.06, 0.1, 0.3, 0.2, 0.14, 0.2)) if rows else None


def _foreign(d: Dossier) -> Table | None:
    rows = [
        (
            r.id,
            f"{r.bank_bic} ({r.country})",
            r.state,
            _when(r.deadline),
            f"{r.answered} / {r.accounts}",
            "; ".join(f"{s}: {n}" for s, n, _ in r.by_status),
        )
        for r in d.foreign
    ]
    header = ("#", "bank", "state", "deadline", "answered", "accounts by status")
    return _table(header, rows, (0.06, 0.2, 0.12, 0.16, 0.14, 0.32)) if rows else None


def _ledger(d: Dossier) -> Table | None:
    rows = [(account, unit, amount(n, unit)) for account, unit, n in d.balances]
    return _table(("account", "unit", "balance"), rows, (0.3, 0.2, 0.5)) if rows else None


def _timeline(d: Dossier) -> Table | None:
    rows = [(_when(at), what) for at, what in d.timeline]
    return _table(("when (UTC)", "event"), rows, (0.2, 0.8)) if rows else None


def _notes(d: Dossier) -> list[Flowable] | None:
    """Paragraphs rather than table cells, so that a long note runs on to the next page."""
    notes: list[Flowable] = [_p(f"{_when(at)} UTC, {by}: {text}", "p") for at, by, text in d.notes]
    return notes or None


def build(d: Dossier, exported_by: str, exported_at: datetime) -> bytes:
    """The PDF bytes of the case report."""
    _fonts()
    members = ", ".join(f"{code} ({name})" for code, name in d.members)
    story = _header(d, exported_by, exported_at)
    shared = _p(f"Owner {d.owner[0]}; members: {members}", "p") if members else None
    _section(story, "Member agencies", shared, f"Owner {d.owner[0]}; not shared with others.")
    _section(story, "Evidence", _evidence(d), "No evidence items.")
    _section(story, "Trace chart", _chart(d), "No saved trace with transfers.")
    _section(story, "Timeline", _timeline(d), "No events.")
    _section(story, "Freeze requests (domestic)", _freezes(d), "No freeze requests.")
    _section(story, "Foreign requests", _foreign(d), "No foreign requests.")
    _section(story, "Asset ledger totals", _ledger(d), "Nothing recorded in the ledger.")
    _section(story, "Notes", _notes(d), "No notes.")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Case report {d.id}",
        author=exported_by,
        creator="moneytrail",
    )
    doc.build(story, onLaterPages=_footer(d), onFirstPage=_footer(d))
    return buffer.getvalue()


def _footer(d: Dossier) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(15 * mm, 8 * mm, f"moneytrail case {d.id} — page {doc.page}")
        canvas.restoreState()

    return draw
