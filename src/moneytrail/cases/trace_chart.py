"""The flow graph of a case's traced transfers as a PNG: instruments in columns by hop from
the sources, arrows as wide as the money they carry (largest `limit` transfers)."""

from __future__ import annotations

import io
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from moneytrail.cases.dossier import Flow
from moneytrail.model.transfers import MINOR_UNITS


def short(instrument: str) -> str:
    """A compact label: the kind and the first characters of a token or address."""
    kind, _, rest = instrument.partition(":")
    return f"{kind}:{rest[:8]}…" if len(rest) > 10 else instrument


def _hops(flows: Sequence[Flow]) -> dict[str, int]:
    """Breadth-first hop of each instrument from those that only send."""
    out: dict[str, list[str]] = defaultdict(list)
    targets = set()
    for f in flows:
        out[f.src].append(f.dst)
        targets.add(f.dst)
    roots = [n for n in dict.fromkeys(f.src for f in flows) if n not in targets]
    hop = dict.fromkeys(roots or [flows[0].src], 0)
    queue = deque(hop)
    while queue:
        node = queue.popleft()
        for nxt in out[node]:
            if nxt not in hop:
                hop[nxt] = hop[node] + 1
                queue.append(nxt)
    for f in flows:  # ends reachable only through a cycle
        hop.setdefault(f.src, 0)
        hop.setdefault(f.dst, hop[f.src] + 1)
    return hop


def _major(flow: Flow) -> float:
    return float(flow.amount_minor) / float(10 ** MINOR_UNITS.get(flow.currency, 0))


def render(flows: Sequence[Flow], labels: Mapping[str, str], limit: int = 40) -> bytes:
    """PNG of the largest `limit` flows, instruments named by `labels` (a card's mask, say)
    else shortened; each arrow carries its amount. Empty bytes when there are no flows."""
    if not flows:
        return b""
    shown = sorted(flows, key=_major, reverse=True)[:limit]
    hop = _hops(shown)
    columns: dict[int, list[str]] = defaultdict(list)
    for node, h in sorted(hop.items(), key=lambda kv: (kv[1], kv[0])):
        columns[h].append(node)
    place = {
        node: (h, -(i - (len(nodes) - 1) / 2))
        for h, nodes in columns.items()
        for i, node in enumerate(nodes)
    }
    height = max(len(n) for n in columns.values())
    fig = Figure(figsize=(10, max(3.0, 0.45 * height + 1.5)), dpi=120)
    ax = fig.subplots()
    top = max(_major(f) for f in shown) or 1.0
    for f in shown:
        (x0, y0), (x1, y1) = place[f.src], place[f.dst]
        width = 0.6 + 5.0 * _major(f) / top
        style = {"arrowstyle": "-|>", "lw": width, "color": "#1f5f8b", "alpha": 0.55}
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=style)
        shown_amount = f"{_major(f):,.2f} {f.currency}".replace(",", " ")
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 - 0.22, shown_amount, ha="center", fontsize=6.5)
    for node, (x, y) in place.items():
        ax.plot([x], [y], "o", color="#b03a2e", markersize=6)
        ax.text(x, y + 0.18, labels.get(node) or short(node), ha="center", fontsize=7)
    ax.set_xticks(sorted(columns), [f"hop {h}" for h in sorted(columns)])
    ax.set_yticks([])
    ax.set_xlim(-0.5, max(columns) + 0.5)
    ax.set_ylim(-height / 2 - 0.5, height / 2 + 0.5)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"Traced transfers: largest {len(shown)} of {len(flows)}", fontsize=10)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
