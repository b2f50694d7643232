"""`moneytrail demo`: the main job on embedded defaults, end to end on a synthetic country.

Generates a world, lands it in the lake, scans its ads, opens the cases database with the
demo agencies and users, runs dropper detection into the alerts queue, and serves the web
UI. Each step calls the same services as the commands `sim`, `ingest`, `osint scan`,
`cases seed-demo`, `detect record` and `serve`.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from moneytrail.cli.app import state_of
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings, load_settings

console = Console(stderr=True)


def _step(title: str) -> float:
    console.print(f"[bold cyan]▶ {title}[/bold cyan]")
    return time.perf_counter()


def _done(started: float, what: str) -> None:
    console.print(f"  {what} [dim]({time.perf_counter() - started:.1f} s)[/dim]")


def _world(world: Path, scale: str, seed: int) -> None:
    from moneytrail.sim.config import load_config
    from moneytrail.sim.scales import SCALES
    from moneytrail.sim.world import generate

    chosen = next((s for s in SCALES if s == scale), None)
    if chosen is None:
        raise typer.BadParameter(f"must be one of {', '.join(SCALES)}", param_hint="--scale")

    started = _step(f"Synthetic country: scale {scale}, seed {seed}")
    if (world / "manifest.json").exists():
        _done(started, f"kept the world already in {world}")
        return
    counts = generate(load_config(chosen, None), seed, world)
    _done(started, f"{counts['transfers']:,} bank transfers written to {world}")


def _lake(world: Path, lake: Path, tokenizer: Tokenizer) -> None:
    from moneytrail.lake.land import LandOptions, land

    started = _step("Ingestion: every row lands or is quarantined; card numbers tokenized")
    report = land([world / "observable", world / "truth"], lake, LandOptions(tokenizer))
    tables = report.tables()
    landed = ", ".join(f"{n} {c.landed:,}" for n, c in sorted(tables.items()) if c.landed)
    _done(started, f"lake {lake}: {landed or 'nothing new (already ingested)'}")


def _ads(online: Path, tokenizer: Tokenizer) -> list[dict[str, Any]]:
    from moneytrail.osint.model import load_model
    from moneytrail.osint.scan import scan

    started = _step("Ad monitoring: Telegram channels and web shops of the world")
    report = scan([online / "telegram", online / "web"], load_model(None), tokenizer)
    ads = [a for a in report.analyses if a.is_ad]
    kinds = Counter(f.kind for a in ads for f in a.found)
    found = ", ".join(f"{k} {n}" for k, n in kinds.most_common(6))
    _done(started, f"{len(ads)} ads in {len(report.analyses)} items; requisites: {found}")
    return [a.to_json() for a in ads]


def _card_seeds(ads: list[dict[str, Any]]) -> list[str]:
    """The keyed tokens of the card numbers published in the ads."""
    found = (f for ad in ads for f in ad["found"])
    return sorted({f["token"] for f in found if f["kind"] == "card" and f["token"]})


def _trace(lake: Path, seeds: list[str], tokenizer: Tokenizer) -> dict[str, Any]:
    from moneytrail.graph.build import build_graph
    from moneytrail.lake.read import committed_table
    from moneytrail.trace.api import trace

    started = _step(f"Follow the money: forward from the {len(seeds)} cards found in the ads")
    graph = build_graph(committed_table(lake, "transfers"))
    result = trace(graph, seeds, None, tokenizer).to_json(graph, rows=200)
    totals = result["totals"]
    _done(
        started,
        f"{totals['transactions']:,} transfers, {totals['accounts']:,} accounts, "
        f"countries {', '.join(totals['countries'])}; trace {result['trace_id'][:16]}",
    )
    table = Table(title="Where the ads' money went (top sinks, haircut attribution)")
    for column in ("category", "instrument", "country", "attributed KZT"):
        table.add_column(column)
    for sink in result["sinks"][:8]:
        amount = f"{sink['amount']:,.0f}"
        table.add_row(sink["category"], sink["instrument"], sink.get("country") or "", amount)
    console.print(table)
    return result


def _card_masks(lake: Path, traced: dict[str, Any]) -> dict[str, str]:
    """The masked numbers the lake keeps for the cards among the trace's sinks."""
    from moneytrail.lake.read import card_masks, committed_table

    tokens = [s["instrument"] for s in traced["sinks"] if s["instrument"].startswith("card:")]
    return card_masks(committed_table(lake, "instruments"), tokens)


def _cases(
    settings: Settings, lake: Path, ads: list[dict[str, Any]], traced: dict[str, Any] | None
) -> list[tuple[str, str, str]]:
    from moneytrail.cases.auth import AuthPolicy
    from moneytrail.cases.db import open_database
    from moneytrail.cases.seed import DEMO_USERS, demo_password, seed_demo
    from moneytrail.cases.totp_vault import totp_key
    from moneytrail.cli.demo_case import open_example_case

    started = _step("Cases: agencies, demo users (demo-only passwords), an example case")
    policy = AuthPolicy(totp_key=totp_key(settings))
    factory = open_database(settings.resolved_database_url(), totp_key=policy.totp_key)
    with factory() as db:
        created = seed_demo(db, policy)
        case = (
            open_example_case(
                db, ads, traced, _card_masks(lake, traced), Tokenizer(settings.token_key())
            )
            if traced
            else None
        )
    opened = f"; example case {case} opened" if case else ""
    _done(started, f"{created} demo users created in {settings.resolved_database_url()}{opened}")
    return [(name, agency, demo_password(name)) for name, agency, _ in DEMO_USERS]


def _detect(settings: Settings, directory: Path, seed: int, tokenizer: Tokenizer) -> None:
    from moneytrail.cases.db import open_database
    from moneytrail.cases.totp_vault import totp_key
    from moneytrail.cli.demo_detect import decision_log, record_log
    from moneytrail.sim.config import load_config
    from moneytrail.sim.world import generate

    started = _step("Dropper detection on a tiny world: train, score, explain, queue alerts")
    world, log = directory / "detect-world", directory / "decisions.jsonl"
    if not (world / "manifest.json").exists():
        generate(load_config("tiny", None), seed + 1, world)
    told = f"kept {log}"
    if not log.exists():
        scored, flagged = decision_log(world, log)
        told = f"{scored:,} transfers of the last days scored, {flagged:,} flagged, log {log}"
    factory = open_database(settings.resolved_database_url(), totp_key=totp_key(settings))
    with factory() as db:
        counts = record_log(db, world, log, tokenizer).counts()
    _done(started, f"{told}; alerts queued {counts['stored']} (before {counts['already_stored']})")


def _show_users(users: list[tuple[str, str, str]], url: str) -> None:
    from moneytrail.cases.seed import DEMO_TOTP_SECRET

    table = Table(title=f"Demo users at {url} (TOTP secret {DEMO_TOTP_SECRET})")
    for column in ("user", "agency", "password"):
        table.add_column(column)
    for row in users:
        table.add_row(*row)
    console.print(table)


def _serve(settings: Settings, transfers: Path, host: str, port: int) -> None:
    import uvicorn

    from moneytrail.web.app import create_app

    app = create_app(settings, transfers=transfers, demo=True)
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())


def demo(
    ctx: typer.Context,
    directory: Path = typer.Option(Path("var/demo"), "--dir", help="Where the demo lives."),
    scale: str = typer.Option("small", "--scale", help="Scale of the synthetic country."),
    seed: int = typer.Option(7, "--seed", help="Seed of the synthetic country."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the UI at the end."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address of the UI."),
    port: int = typer.Option(8000, "--port", help="Port of the UI."),
) -> None:
    """Generate, ingest and analyse a synthetic country, then serve the UI with demo users."""
    overrides: dict[str, Any] = {"data_dir": directory}
    settings = load_settings(config=state_of(ctx).config, **overrides)
    tokenizer = Tokenizer(settings.token_key())
    world, lake = directory / "world", directory / "lake"
    _world(world, scale, seed)
    _lake(world, lake, tokenizer)
    transfers = lake / "tables" / "transfers"
    ads = _ads(world / "observable" / "online", tokenizer)
    seeds = _card_seeds(ads)
    traced = _trace(lake, seeds, tokenizer) if seeds else None
    users = _cases(settings, lake, ads, traced)
    _detect(settings, directory, seed, tokenizer)
    url = f"http://{host}:{port}/"
    _show_users(users, url)
    if serve:
        _serve(settings, transfers, host, port)
