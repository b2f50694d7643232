"""`moneytrail osint scan|train` and `moneytrail eval osint`: ads, requisites, photos."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from moneytrail.cli.app import state_of
from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.evaluate import ensure_corpus, evaluate
from moneytrail.osint.link import instrument_index, leads, read_instruments
from moneytrail.osint.model import DEFAULT_MODEL, load_model, save_model
from moneytrail.osint.scan import ScanReport, scan
from moneytrail.osint.seeds import HELD_OUT_SEED, TRAIN_SEED

osint_app = typer.Typer(help="Drug-shop ads: scan posts, pages and photos; train the model.")
eval_app = typer.Typer(help="Measure the analytics against generated ground truth.")
MODEL_OPTION = typer.Option(None, "--model", help="Ad model JSON (default: the shipped one).")


def _echo_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


@osint_app.command("scan")
def scan_cmd(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ..., help="Files or folders: exports, pages, texts, images."
    ),
    model_path: Path | None = MODEL_OPTION,
    instruments: Path | None = typer.Option(
        None, "--instruments", help="Parquet instruments table to link requisites to (leads)."
    ),
    known_file: Path | None = typer.Option(
        None,
        "--known-handles",
        help="Text file of Telegram handles already known, one per line: OCR readings near "
        "one of them (or near a handle in the scanned texts) are taken to be it.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Score every item as a drug-shop ad, extract requisites, score channels and bots."""
    tokenizer = Tokenizer(state_of(ctx).settings().token_key())
    known = _known_handles(known_file) if known_file is not None else []
    report = scan(paths, load_model(model_path), tokenizer, known)
    data = report.to_json()
    if instruments is not None:
        index = instrument_index(read_instruments(instruments))
        data["leads"] = [lead.to_json() for lead in leads(report.analyses, index)]
    if as_json:
        _echo_json(data)
    else:
        _show_scan(report, data)


def _known_handles(path: Path) -> list[str]:
    """The handles of a file, one per line (blank lines and `#` comments skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(f"{path}: {exc}", param_hint="--known-handles") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _show_scan(report: ScanReport, data: dict[str, Any]) -> None:
    console = Console()
    table = Table("item", "ad", "score", "requisites")
    for analysis in report.analyses:
        found = ", ".join(f"{f.kind}:{f.masked}" for f in analysis.found)
        table.add_row(
            analysis.item.item_id,
            "yes" if analysis.is_ad else "",
            f"{analysis.probability:.2f}",
            found,
        )
    console.print(table)
    for group in data["channels"] + data["bots"]:
        console.print(f"{group['kind']} {group['name']}: {group['score']:.2f} ({group['why']})")
    for row in data["quarantined"]:
        console.print(
            f"[yellow]quarantined[/yellow] {row['path']} {row['where'] or ''}: {row['reason']}"
        )
    for lead in data.get("leads", []):
        console.print(
            f"lead: {lead['shop']} -> {lead['kind']} {lead['requisite']} -> {lead['instrument_id']}"
        )


@osint_app.command("train")
def train_cmd(
    seed: int = typer.Option(TRAIN_SEED, "--seed", help="Seed of the generated training corpus."),
    out: Path = typer.Option(
        Path("src/moneytrail/osint") / DEFAULT_MODEL, "--out", help="Where to write the model."
    ),
    eval_seed: int = typer.Option(HELD_OUT_SEED, "--eval-seed", help="Seed of held-out posts."),
) -> None:
    """Train the ad model on a generated corpus; its card gets held-out text metrics."""
    if seed == eval_seed:
        raise typer.BadParameter("the evaluation seed must differ from the training seed")
    from moneytrail.osint.train import train  # scikit-learn loads only when training

    model = train(seed=seed)
    with tempfile.TemporaryDirectory(prefix="moneytrail-osint-eval-") as tmp:
        ensure_corpus(Path(tmp), eval_seed)
        metrics = evaluate(Path(tmp), model, Tokenizer(b"model-card"), photos=False)
    model.card["held_out"] = {
        "seed": eval_seed,
        **{k: v for k, v in metrics.items() if k != "targets"},
    }
    save_model(model, out)
    _echo_json({"model": model.version, "out": str(out), "card": model.card})


@eval_app.command("osint")
def eval_osint(
    ctx: typer.Context,
    dataset: Path = typer.Option(..., "--dataset", help="Generated corpus folder (made if empty)."),
    seed: int = typer.Option(HELD_OUT_SEED, "--seed", help="Seed to generate it with, if needed."),
    model_path: Path | None = MODEL_OPTION,
    photos: bool = typer.Option(True, "--photos/--no-photos", help="Also run OCR on the photos."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Ad F1 (clean, obfuscated), requisite precision and recall, OCR handle recall.

    Exits 1 when a target is missed."""
    model = load_model(model_path)
    if seed == model.card.get("train_seed"):
        raise typer.BadParameter("the evaluation seed is the model's training seed")
    ensure_corpus(dataset, seed)
    tokenizer = Tokenizer(state_of(ctx).settings().token_key())
    metrics = evaluate(dataset, model, tokenizer, photos=photos)
    if as_json:
        _echo_json(metrics)
    else:
        for key, value in metrics.items():
            typer.echo(f"{key}: {value}")
    missed = [k for k, v in metrics["targets"].items() if k in metrics and not v["met"]]
    raise typer.Exit(1 if missed else 0)
