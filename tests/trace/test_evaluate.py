"""The trace acceptance check on a simulated world: paths recovered, little to innocents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app
from moneytrail.trace.evaluate import evaluate_world
from moneytrail.trace.params import SeedMoney, TraceParams


def test_traces_from_shop_requisites_recover_the_paths(tiny_world: Path) -> None:
    report = evaluate_world(tiny_world)
    assert report["paths"] > 50
    assert report["path_recall"] >= 0.95
    assert report["innocent_share"] <= 0.05
    assert report["params"]["policy"] == "haircut"
    for way in ("fiat_to_crypto", "crypto_to_fiat"):  # bridges scored against the truth
        counts = report["bridges"][way]
        assert counts["true"] > 10
        assert counts["correct"] >= 0.9 * max(counts["true"], counts["found"])


def test_the_scores_can_fail(tiny_world: Path) -> None:
    short = evaluate_world(tiny_world, TraceParams(depth=1, seed_money=SeedMoney.RECEIVED))
    assert short["path_recall"] < 0.5
    # all a seed sent is traced money: the drop's own spending lands on innocents
    sent = evaluate_world(tiny_world, TraceParams(depth=10))
    assert sent["innocent_share"] > evaluate_world(tiny_world)["innocent_share"]


def test_eval_trace_command_prints_json(tiny_world: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "trace", "--dataset", f"sim:{tiny_world}", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["path_recall"] >= 0.95


def test_eval_trace_names_an_unknown_dataset() -> None:
    result = CliRunner().invoke(app, ["eval", "trace", "--dataset", "amlgentex:x"])
    assert result.exit_code != 0
    assert "only sim:DIR" in str(result.exception) + result.output


@pytest.mark.parametrize("missing", ["nowhere"])
def test_a_folder_that_is_not_a_world_is_named(tmp_path: Path, missing: str) -> None:
    with pytest.raises(Exception, match="not a simulated world"):
        evaluate_world(tmp_path / missing)
