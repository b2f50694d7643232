"""`moneytrail detect train|score|record|review|labels` and `moneytrail eval detect`: dropper
detection in batch, the decision store and the reviewer loop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from moneytrail.detect.errors import DetectError

if TYPE_CHECKING:
    from moneytrail.cli.cases_cmd import Acting
    from moneytrail.decisions.accounts import Accounts

# LightGBM, scikit-learn and SQLFrame load inside the commands, so that `moneytrail --help`
# and the other commands start fast.

detect_app = typer.Typer(help="Dropper detection: train the model, score transfers.")

DATASET_HELP = "KIND:PATH, KIND one of amlgentex, amlsim, sim."


@detect_app.command("train")
def train(
    dataset: str = typer.Option(..., "--dataset", help=DATASET_HELP),
    out: Path = typer.Option(Path("models"), "--out", help="Folder for model artefacts."),
    crossfit: bool = typer.Option(
        True,
        "--crossfit/--single-split",
        help="Cross-fitted on all periods, accounts blocked on their 2nd block-level "
        "transfer (default); or the 60/20/20 temporal split, blocked on one transfer.",
    ),
) -> None:
    """Train, calibrate and set thresholds on DATASET; write the versioned artefacts (the
    card's `metrics.design` says which design)."""
    from moneytrail.detect import datasets
    from moneytrail.detect import model as gbm
    from moneytrail.detect.crossfit import summary, train_dataset
    from moneytrail.detect.evaluate import evaluate_detect
    from moneytrail.features.engine import duckdb_engine

    ds = datasets.load(dataset)
    if crossfit:
        model = train_dataset(duckdb_engine(), ds)
        typer.echo(f"{gbm.save(model, out)}  {summary(model)}")
        return
    model, result = evaluate_detect(duckdb_engine(), ds)
    model.metrics["design"] = "single-split"
    folder = gbm.save(model, out)
    typer.echo(f"{folder}  test account F1 {result['test']['accounts']['f1']:.3f}")


@detect_app.command("score")
def score(
    transfers: Path = typer.Argument(..., help="Parquet file of canonical transfers."),
    model_dir: Path = typer.Option(..., "--model", help="A folder written by `detect train`."),
    out: Path = typer.Option(Path("decisions.jsonl"), "--out", help="Decision records."),
) -> None:
    """Decide allow / review / block for every transfer, with reasons, as JSON lines (in
    transfer id order); an account is blocked on its `block_hits`-th block-level received
    transfer, counted in arrival order (`detect.blockhits`)."""
    import pyarrow.parquet as pq

    from moneytrail.detect import blockhits
    from moneytrail.detect import ends as transfer_ends
    from moneytrail.detect import model as gbm
    from moneytrail.detect.decision import decide
    from moneytrail.detect.training import feature_rows
    from moneytrail.features.engine import duckdb_engine
    from moneytrail.realtime.replay import arrival_order

    model = gbm.load(model_dir)
    table = pq.read_table(transfers)
    ids, x = feature_rows(duckdb_engine(), table, None)
    ordered = arrival_order(table)
    rows = ordered.select(["transfer_id", "dst_instrument", "dst_instrument_kind"]).to_pylist()
    ends = dict(
        zip(ordered["transfer_id"].to_pylist(), transfer_ends.table_ends(ordered), strict=True)
    )
    decided = {
        str(tid): decide(model, str(tid), row, ends[tid]) for tid, row in zip(ids, x, strict=True)
    }
    in_order = [r for r in rows if r["transfer_id"] in decided]
    receivers = [
        blockhits.receiver(r["dst_instrument"], r["dst_instrument_kind"]) for r in in_order
    ]
    settled = blockhits.apply(
        [decided[r["transfer_id"]] for r in in_order], receivers, model.thresholds, {}
    )
    decided.update((d.transfer_id, d) for d in settled)
    counts = {"allow": 0, "review": 0, "block": 0}
    with out.open("w", encoding="utf-8") as sink:
        for tid in ids:
            decision = decided[str(tid)]
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


# The decision store and the reviewer loop (`moneytrail.decisions`). A person acts with
# `--user NAME` (password and one-time code prompted, as `moneytrail cases export`); a system
# with `--token-file FILE` holding its API token (never on the command line, where `ps` shows it).

review_app = typer.Typer(help="The review queue: list, confirm, overturn, lift decisions.")
detect_app.add_typer(review_app, name="review")

USER = typer.Option(None, "--user", help="Act as this user (password and code are prompted).")
TOKEN = typer.Option(None, "--token-file", help="Or: a file holding a system's API token.")


@contextmanager
def _acting(ctx: typer.Context, user: str | None, token_file: Path | None) -> Iterator[Acting]:
    """The database session and principal of `--user` or `--token-file` (exactly one)."""
    from moneytrail.cases.auth import authenticate_token
    from moneytrail.cli import cases_cmd

    if (user is None) == (token_file is None):
        raise typer.BadParameter(
            "give either --user NAME or --token-file FILE", param_hint="--user"
        )
    if user is not None:
        password = typer.prompt("Password", hide_input=True)
        code = typer.prompt("One-time code")
        with cases_cmd._acting(ctx, user, password, code) as acting:
            yield acting
        return
    assert token_file is not None  # one of the two is given
    with cases_cmd._sessions(ctx)() as db:
        yield cases_cmd.Acting(db, authenticate_token(db, token_file.read_text().strip()))


def _lake_accounts(transfers: Path | None, lake: Path | None) -> Accounts | None:
    """Each transfer's two ends, from a transfers Parquet file and/or a lake (whose committed
    transfers are the default, and whose card masks are used)."""
    import pyarrow.parquet as pq

    from moneytrail.decisions.accounts import Accounts

    table = pq.read_table(transfers) if transfers is not None else None
    if lake is not None:
        return Accounts.from_lake(lake, table)
    return Accounts.of(table) if table is not None else None


@detect_app.command("record")
def record_cmd(
    ctx: typer.Context,
    decisions: Path = typer.Argument(..., help="JSON lines of decisions (`detect score --out`)."),
    user: str | None = USER,
    token_file: Path | None = TOKEN,
    transfers: Path | None = typer.Option(None, "--transfers", help="Transfers Parquet file."),
    lake: Path | None = typer.Option(None, "--lake", help="A lake: its transfers, card masks."),
    quarantine: Path | None = typer.Option(None, "--quarantine", help="Where bad lines go."),
) -> None:
    """Store the review and block decisions in the cases database (each once); prints counts
    as one JSON line; malformed lines go to --quarantine (default DECISIONS.quarantine.jsonl)."""
    from moneytrail.decisions.store import record

    accounts = _lake_accounts(transfers, lake)
    with _acting(ctx, user, token_file) as acting, decisions.open(encoding="utf-8") as lines:
        report = record(acting.db, acting.who, lines, decisions.name, accounts)
    if report.quarantined:
        bad = quarantine or decisions.with_suffix(".quarantine.jsonl")
        with bad.open("w", encoding="utf-8") as sink:
            for q in report.quarantined:
                sink.write(json.dumps({"where": q.where, "reason": q.reason}) + "\n")
    typer.echo(json.dumps(report.counts()))


@review_app.command("queue")
def queue_cmd(
    ctx: typer.Context,
    user: str | None = USER,
    token_file: Path | None = TOKEN,
    status: str = typer.Option("open", "--status", help="open, confirmed, overturned, lifted."),
    action: str | None = typer.Option(None, "--action", help="review or block."),
    offset: int = typer.Option(0, "--offset"),
    limit: int = typer.Option(20, "--limit"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The decisions waiting for review that your agency may see, blocks first."""
    from moneytrail.decisions.queue import QueueFilter, queue

    which = QueueFilter(status=status or None, action=action)
    with _acting(ctx, user, token_file) as acting:
        page = queue(acting.db, acting.who, which, offset, limit)
    if as_json:
        typer.echo(json.dumps(asdict(page), sort_keys=True))
        return
    for item in page.items:
        first = item["reasons"][0]["text"] if item["reasons"] else ""
        typer.echo(
            f"{item['id']:>6} {item['action']:6s} {item['score']:.3f} "
            f"{item['payee'] or '-'}  {first}"
        )
    typer.echo(f"{len(page.items)} of {page.total}")


def _review(
    ctx: typer.Context,
    user: str | None,
    token_file: Path | None,
    decision: int,
    event: str,
    note: str,
) -> None:
    from moneytrail.decisions.review import ReviewEvent, review

    with _acting(ctx, user, token_file) as acting:
        done = review(acting.db, acting.who, decision, ReviewEvent(event), note)
    typer.echo(json.dumps({k: done[k] for k in ("id", "status", "label", "block_lifted")}))


NOTE = typer.Option("", "--note", help="Why (needed to overturn or lift).")
DECISION = typer.Argument(..., help="The stored decision's number.")


@review_app.command("confirm")
def confirm_cmd(
    ctx: typer.Context,
    decision: int = DECISION,
    note: str = NOTE,
    user: str | None = USER,
    token_file: Path | None = TOKEN,
) -> None:
    """A dropper: the decision stands (label 1)."""
    _review(ctx, user, token_file, decision, "confirm", note)


@review_app.command("overturn")
def overturn_cmd(
    ctx: typer.Context,
    decision: int = DECISION,
    note: str = NOTE,
    user: str | None = USER,
    token_file: Path | None = TOKEN,
) -> None:
    """Not a dropper: the decision was wrong (label 0); a block ends with it."""
    _review(ctx, user, token_file, decision, "overturn", note)


@review_app.command("lift")
def lift_cmd(
    ctx: typer.Context,
    decision: int = DECISION,
    note: str = NOTE,
    user: str | None = USER,
    token_file: Path | None = TOKEN,
) -> None:
    """End a block without judging it (an appeal, a court order); recorded."""
    _review(ctx, user, token_file, decision, "lift", note)


@detect_app.command("labels")
def labels_cmd(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="Parquet file of labels."),
    user: str | None = USER,
    token_file: Path | None = TOKEN,
) -> None:
    """Reviewed decisions as training labels (transfer_id, label: 1 confirmed, 0 overturned)."""
    import pyarrow.parquet as pq

    from moneytrail.decisions.queue import labels

    with _acting(ctx, user, token_file) as acting:
        table = labels(acting.db, acting.who)
    pq.write_table(table, out)
    typer.echo(json.dumps({"labels": table.num_rows, "out": str(out)}))
