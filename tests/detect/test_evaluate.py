"""The whole protocol on a small AMLGentex-shaped file: train, save, load, decide, evaluate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from moneytrail.cli.detect_cmd import detect_app, eval_detect
from moneytrail.detect import model as gbm
from moneytrail.detect import rules_v1, rules_v2
from moneytrail.detect.datasets import load
from moneytrail.detect.decision import decide
from moneytrail.detect.ends import NOWHERE, End
from moneytrail.detect.evaluate import evaluate_detect, fit
from moneytrail.detect.training import cutoffs, matrix
from moneytrail.features.engine import Engine

Trained = tuple[gbm.Model, dict[str, Any]]


@pytest.fixture(scope="module")
def trained(duck: Engine, agx_path: Path) -> Trained:
    return evaluate_detect(duck, load(f"amlgentex:{agx_path}"))


def test_external_rows_are_dropped(agx_path: Path) -> None:
    ds = load(f"amlgentex:{agx_path}")
    assert ds.transfers.num_rows == 40 * 60 + 14 * 6
    assert ds.labels["label"].to_numpy().sum() == 14 * 6


def test_planted_fan_in_is_found(trained: Trained) -> None:
    test = trained[1]["test"]
    assert test["accounts"]["f1"] >= 0.8
    assert test["accounts"]["pr_auc"] >= 0.8


def test_artefacts_round_trip(trained: Trained, tmp_path: Path) -> None:
    model = trained[0]
    back = gbm.load(gbm.save(model, tmp_path))
    x = np.random.default_rng(0).uniform(0, 5, size=(4, len(model.features)))
    assert np.allclose(back.score(x), model.score(x))
    card = json.loads(next(tmp_path.glob("*/card.json")).read_text())
    assert card["data_hash"] == model.data_hash
    assert "accounts" in card["metrics"]


def test_decision_carries_reasons_versions_inputs(trained: Trained) -> None:
    model = trained[0]
    row = np.zeros(len(model.features))
    row[model.features.index("dst_known_self")] = 1.0
    d = decide(model, "t-1", row)
    assert d.action == "block"
    assert "known_requisite" in d.rules_fired
    assert d.rules_version == "rules-v4"
    assert d.model_version == model.version
    assert d.inputs["dst_known_self"] == 1.0
    assert any("raises" in r.text or "lowers" in r.text for r in d.reasons)
    assert json.loads(d.to_json())["transfer_id"] == "t-1"


def test_rules_about_the_receiver_skip_atms_and_merchants(trained: Trained) -> None:
    """A known requisite forces a block on a card, not on an ATM withdrawal or a payment
    to a merchant's terminal (rules v2); a sender's rule still fires there."""
    model = trained[0]
    row = np.zeros(len(model.features))
    row[model.features.index("dst_known_self")] = 1.0
    row[model.features.index("src_dwell_s")] = 60.0
    row[model.features.index("src_pass_through_7d")] = 1.0
    assert decide(model, "t", row, (NOWHERE, End("card"))).rules_fired == [
        "known_requisite",
        "rapid_pass_through",
    ]
    assert decide(model, "t", row, (NOWHERE, End("cash"))).rules_fired == ["rapid_pass_through"]
    assert decide(model, "t", row, (NOWHERE, End("merchant"))).rules_fired == []  # spending
    assert [r.name for r in rules_v1.RULES] == [r.name for r in rules_v2.RULES]
    known = {"dst_known_self": 1.0}
    assert all(r.fires(known, NOWHERE, End("cash")) for r in rules_v1.RULES[:1])


def test_eval_command_rejects_bad_dataset() -> None:
    app = typer.Typer()
    app.add_typer(detect_app, name="detect")
    app.command("eval-detect")(eval_detect)
    out = CliRunner().invoke(app, ["eval-detect", "--dataset", "nope:x"])
    assert out.exit_code != 0
    assert "KIND:PATH" in str(out.exception)


def test_a_fit_seed_replaces_lightgbm_sampling_seed(duck: Engine, agx_path: Path) -> None:
    ds = load(f"amlgentex:{agx_path}")
    val_start, test_start = cutoffs(ds.labels["period"].to_numpy().astype(float))
    m = matrix(duck, ds, None)
    default = fit(m, val_start, test_start, "h")
    again, other = (fit(m, val_start, test_start, "h", s) for s in (7, 8))
    assert (default.params["seed"], other.params["seed"]) == (7, 8)
    assert np.array_equal(default.raw(m.x), again.raw(m.x))
    assert not np.array_equal(default.raw(m.x), other.raw(m.x))
