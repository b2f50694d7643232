"""The report as Rich tables, one per section."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

_TITLES = {
    "channels": "Bank transfers by channel (amount quantiles p10/p50/p90/p99, tenge)",
    "stages": "Labelled transfers by stage (typologies of the drug economy)",
    "path_ends": "Where buyers' money left the dropper network (share of paths' tenge)",
    "drops": "Drop cards: how acquired, how long they lived, what was frozen at the block",
    "bridges": "Fiat↔USDT bridges made by P2P traders",
    "assets": "Assets bought with drug money",
}


def fmt(value: Any) -> str:
    """A cell: numbers with separators, floats to three significant digits."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, list):
        return " / ".join(fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={fmt(v)}" for k, v in value.items())
    return str(value)


def table(title: str, rows: list[dict[str, Any]]) -> Table:
    """A Rich table of rows (the first row's keys are the columns)."""
    out = Table(title=title, title_justify="left")
    if not rows:
        out.add_column("(none)")
        return out
    for key in rows[0]:
        out.add_column(key, justify="right" if not isinstance(rows[0][key], str) else "left")
    for row in rows:
        out.add_row(*(fmt(v) for v in row.values()))
    return out


def facts(title: str, items: dict[str, Any]) -> Table:
    """A two-column table of named figures."""
    out = Table(title=title, title_justify="left", show_header=False)
    out.add_column("figure")
    out.add_column("value", justify="right")
    for key, value in items.items():
        out.add_row(key, fmt(value))
    return out


def power_ladder(degrees: dict[str, Any]) -> list[dict[str, Any]]:
    """The degree CCDFs read at k = 1, 2, 4, 8, ... (out and in side by side)."""
    ladder = []
    k = 1
    top = max(r["degree"] for side in ("out", "in") for r in degrees[f"{side}_ccdf"])
    while k <= top:
        row: dict[str, Any] = {"k": k}
        for side in ("out", "in"):
            above = [r["at_least"] for r in degrees[f"{side}_ccdf"] if r["degree"] >= k]
            row[f"{side}-degree"] = above[0] if above else 0
        ladder.append(row)
        k *= 2
    return ladder


def print_report(figures: dict[str, Any], console: Console) -> None:
    """Print every section of the report."""
    world = figures["world"]
    console.print(
        facts(
            f"World: seed {world['seed']}, scale {world['scale']}, {world['days']} days",
            world["counts"],
        )
    )
    for key in ("channels", "stages", "path_ends", "drops", "bridges", "assets"):
        console.print(table(_TITLES[key], figures[key]))
    deg = figures["degrees"]
    console.print(
        facts(
            "Distinct counterparties per instrument (p10/p50/p90/p99)",
            {"out-degree": deg["out"], "in-degree": deg["in"]},
        )
    )
    console.print(table("Instruments with at least k counterparties", power_ladder(deg)))
    console.print(
        facts(
            "Timing, fan-in, cash-out, share",
            {
                "hours between a card's payments (p10/p50/p90/p99)": figures["inter_event"][
                    "q_hours"
                ],
                "minutes from a buyer's payment to tier 1's forward (p10/p50/p90)": figures[
                    "forward_delay"
                ]["q_minutes"],
                "distinct buyers per tier-1 card and day (p50/p90)": figures["t1_fan_in"][
                    "buyers_per_card_day"
                ],
                "tenge cashed out per card and day (p50/p90)": figures["cash_out_days"]["q_kzt"],
                "drug share of bank transfers (count)": figures["drug_share"]["transfer_share"],
                "drug share of bank transfers (amount)": figures["drug_share"]["amount_share"],
            },
        )
    )
    console.print(
        facts(
            "Crypto ledgers",
            {
                **{f"tron {k}": v for k, v in figures["crypto"]["tron"].items()},
                **{f"bitcoin {k}": v for k, v in figures["crypto"]["bitcoin"].items()},
            },
        )
    )
    if "plots" in figures:
        console.print(facts("Plots", {str(i + 1): p for i, p in enumerate(figures["plots"])}))
