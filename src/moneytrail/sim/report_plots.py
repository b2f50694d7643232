"""PNG plots of a report's figures, with matplotlib (imported only when plots are asked for).

matplotlib is reached through `importlib` so that the rest of moneytrail neither needs it
installed nor its type information; without it, asking for plots is a clear error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from moneytrail.errors import MoneytrailError


def _pyplot() -> Any:
    try:
        matplotlib = importlib.import_module("matplotlib")
    except ImportError:
        raise MoneytrailError("plots need matplotlib: pip install matplotlib==3.11.2") from None
    matplotlib.use("Agg")
    return importlib.import_module("matplotlib.pyplot")


def write_plots(figures: dict[str, Any], folder: Path) -> list[str]:
    """Amounts, degrees, inter-event times and days as PNG files; their paths."""
    plt = _pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    drawings: dict[str, Callable[[dict[str, Any], Any], None]] = {
        "amounts": _amounts,
        "degrees": _degrees,
        "inter_event_times": _gaps,
        "days": _days,
    }
    made = []
    for name, draw in drawings.items():
        fig, ax = plt.subplots(figsize=(8, 5))
        draw(figures, ax)
        fig.tight_layout()
        path = folder / f"{name}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        made.append(str(path))
    return made


def _amounts(figures: dict[str, Any], ax: Any) -> None:
    bins = figures["amount_histogram"]
    for channel in sorted({b["channel"] for b in bins}):
        mine = [b for b in bins if b["channel"] == channel]
        ax.plot([10 ** b["log10_kzt"] for b in mine], [b["n"] for b in mine], label=channel)
    ax.set(xscale="log", yscale="log", xlabel="amount, tenge", ylabel="transfers")
    ax.set_title("Amounts by channel")
    ax.legend()


def _degrees(figures: dict[str, Any], ax: Any) -> None:
    for side in ("out", "in"):
        ccdf = figures["degrees"][f"{side}_ccdf"]
        x, y = [r["degree"] for r in ccdf], [r["at_least"] for r in ccdf]
        ax.plot(x, y, label=f"{side}-degree")
    ax.set(xscale="log", yscale="log", xlabel="distinct counterparties")
    ax.set(ylabel="instruments with at least this many", title="Degree distribution (CCDF)")
    ax.legend()


def _gaps(figures: dict[str, Any], ax: Any) -> None:
    bins = figures["inter_event_histogram"]
    ax.plot([10 ** b["log10_hours"] for b in bins], [b["n"] for b in bins])
    ax.set(xscale="log", xlabel="hours between a card's payments", ylabel="gaps")
    ax.set_title("Inter-event times (one card in eight)")


def _days(figures: dict[str, Any], ax: Any) -> None:
    days = figures["daily"]
    ax.plot(range(len(days)), [d["transfers"] for d in days], label="transfers")
    ax.set(xlabel="day", ylabel="transfers", title="Transfers per day and drug share")
    twin = ax.twinx()
    twin.plot(range(len(days)), [d["drug_share"] for d in days], color="tab:red")
    twin.set(ylabel="drug share of transfers")
