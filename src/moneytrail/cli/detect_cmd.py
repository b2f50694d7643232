"""`moneytrail detect train|score` and `moneytrail eval detect`: dropper detection in batch."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from moneytrail.detect.errors import DetectError

# LightGBM, scikit-learn and SQLFrame load inside the commands, so that `moneytrail --help`
# and the other commands start fast.

detect_app = typer.Typer(help="Dropper detection: train the model, score transfers.")

DATASET_HELP = "KIND:PATH, KIND one of amlgentex, amlsim, sim."


@detect_app.command("train")
def train(
    dataset: str = typer.Option(..., "--dataset", help=DATASET_HELP),
    out: Path = typer.Option(Path("models"), "--out", help="Folder for model artefacts."),
) -> None:
    """Train, calibrate and set thresholds on DATASET; write the versioned artefacts."""
    from moneytrail.detect import datasets
    from moneytrail.detect import model as gbm
    from moneytrail.detect.evaluate import evaluate_detect
    from moneytrail.features.engine import duckdb_engine

    model, result = evaluate_detect(duckdb_engine(), datasets.load(dataset))
    folder = gbm.save(model, out)
    typer.echo(f"{folder}  test account F1 {result['test']['accounts']['f1']:.3f}")


@detect_app.command("score")
def score(
    transfers: Path = typer.Argument(..., help="Parquet file of canonical transfers."),
    model_dir: Path = typer.Option(..., "--model", help="A folder written by `detect train`."),
    out: Path = typer.Option(Path("decisions.jsonl"), "--out", help="Decision records."),
) -> None:
    """Decide allow / review / block for every transfer, with reasons, as JSON lines."""
    import pyarrow.parquet as pq

    from moneytrail.detect import model as gbm
    from moneytrail.detect.decision import decide
    from moneytrail.detect.training import feature_rows
    from moneytrail.features.engine import duckdb_engine

    model = gbm.load(model_dir)
    ids, x = feature_rows(duckdb_engine(), pq.read_table(transfers), None)
    counts = {"allow": 0, "review": 0, "block": 0}
    with out.open("w", encoding="utf-8") as sink:
        for tid, row in zip(ids, x, strict=True):
            decision = decide(model, str(tid), row)
            counts[decision.action] += 1
            sink.write(decision.to_json() + "\n")
    typer.echo(json.dumps(counts))


def eval_detect(
    dataset: str = typer.Option(..., "--dataset", help=DATASET_HELP),
    held_out_world: Path | None = typer.Option(
        None, "--held-out", help="With a sim DATASET: a world of another seed to judge on."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Temporal split (60/20/20): precision, recall, F1, PR-AUC per transaction and account."""
    from moneytrail.detect import datasets
    from moneytrail.detect.evaluate import evaluate_detect
    from moneytrail.detect.heldout import held_out
    from moneytrail.features.engine import duckdb_engine

    if held_out_world is not None:
        kind, _, train_world = dataset.partition(":")
        if kind != "sim":
            raise DetectError("--held-out needs a sim:DIR dataset to train on")
        report = held_out(duckdb_engine(), Path(train_world), held_out_world)
        typer.echo(json.dumps(report, sort_keys=True))
        return
    _, result = evaluate_detect(duckdb_engine(), datasets.load(dataset))
    if as_json:
        typer.echo(json.dumps(result, sort_keys=True))
        return
    test = result["test"]
    for level in ("transactions", "accounts"):
        m = test[level]
        typer.echo(
            f"{level:13s} P {m['precision']:.3f}  R {m['recall']:.3f}  "
            f"F1 {m['f1']:.3f}  PR-AUC {m['pr_auc']:.3f}"
        )
    block = test["block"]["accounts"]
    typer.echo(
        f"block threshold {test['block']['threshold']:.3f}: precision {block['precision']:.3f}"
    )
