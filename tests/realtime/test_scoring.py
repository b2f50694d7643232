"""Batch scoring gives `detect.decision.decide`'s decision for every flagged transfer, and
each decision's JSON line is `Decision.to_json`'s."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moneytrail.detect import model as gbm
from moneytrail.detect import rules
from moneytrail.detect.decision import decide, explained
from moneytrail.detect.ends import NOWHERE, End
from moneytrail.detect.explain import strongest, top_reasons
from moneytrail.realtime.features import NAMES
from moneytrail.realtime.records import decision_json
from moneytrail.realtime.scoring import Scorer
from moneytrail.realtime.tx import Tx


def test_flagged_rows_decide_as_detect_and_allowed_rows_say_why(online_model: Path) -> None:
    model = gbm.load(online_model)
    scorer = Scorer(model)
    rng = np.random.default_rng(1)
    rows = rng.uniform(0, 3, size=(40, len(NAMES)))
    rows[::4, NAMES.index("dst_known_self")] = 1.0  # the known_requisite rule blocks these
    rows[1::4, NAMES.index("dst_known_self")] = 0.0
    rows[2::5, NAMES.index("src_dwell_s")] = np.nan  # missing: no rule fires on it
    kinds = [None, "card", "cash", "merchant", "card"] * 8  # rules about receivers skip 2, 3
    ends = [(NOWHERE, End(k, company=i % 7 == 6)) for i, k in enumerate(kinds)]
    batch = [Tx(f"t{i}", 0, 0, 1, "p2p", "a", "b", None, kinds[i], ends[i]) for i in range(40)]
    made = scorer.decisions(batch, rows)
    x = rows[:, scorer.columns]
    flagged = [d for d in made if d.action != "allow"]
    assert len(flagged) >= 10
    assert any("known_requisite" in d.rules_fired for d in made)
    for i, d in enumerate(made):
        assert decision_json(d) == d.to_json()
        assert d.score == float(model.score(x[i : i + 1])[0])
        if d.action == "allow":
            assert d.reasons[0].text.startswith("model score")
            assert d.score < model.thresholds.review
            values = dict(zip(model.features, x[i], strict=True))
            assert not rules.fired(values, *ends[i])
            assert d.inputs == decide(model, d.transfer_id, x[i], ends[i]).inputs
            continue
        if kinds[i] in ("cash", "merchant"):
            assert "known_requisite" not in d.rules_fired
        e = decide(model, d.transfer_id, x[i], ends[i])
        assert (d.action, d.rules_fired, d.score) == (e.action, e.rules_fired, e.score)
        assert d.inputs == e.inputs
        assert [r.text for r in d.reasons] == [r.text for r in e.reasons]
        assert np.array_equal(
            [r.value for r in d.reasons], [r.value for r in e.reasons], equal_nan=True
        )
        assert np.allclose([r.contribution for r in d.reasons], [r.contribution for r in e.reasons])


def test_strongest_orders_rows_as_top_reasons_does_one_at_a_time() -> None:
    """The batch's one sort gives each row `top_reasons`'s order, ties included."""
    rng = np.random.default_rng(4)
    contribs = rng.integers(-3, 4, size=(300, 41)).astype(float)
    contribs[rng.uniform(size=contribs.shape) < 0.6] = 0.0  # many ties
    features = list(NAMES[:40])
    orders = strongest(contribs, len(features))
    for row, order in zip(contribs, orders, strict=True):
        one = top_reasons(features, row[:40].tolist(), row)
        given = top_reasons(features, row[:40].tolist(), row.tolist(), order=order)
        assert (
            [r.feature for r in one] == [features[i] for i in order] == [r.feature for r in given]
        )
        assert one == given


def test_explained_with_the_batch_inputs_equals_explained_alone(online_model: Path) -> None:
    """What a batch caller passes (inputs, fired rules, order) changes nothing."""
    model = gbm.load(online_model)
    scorer = Scorer(model)
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 3, size=(30, len(model.features)))
    x[::3, model.features.index("dst_known_self")] = 1.0
    x[1::4, 0] = np.nan
    contrib = scorer.contributions(x)
    orders = strongest(contrib, len(model.features))
    for i, row in enumerate(x.tolist()):
        alone = explained(model, "t", 0.5, contrib[i], row, "now")
        values = dict(zip(model.features, row, strict=True))
        fired = rules.fired(values)
        given = explained(
            model,
            "t",
            0.5,
            contrib[i].tolist(),
            row,
            "now",
            alone.inputs,
            fired=fired,
            order=orders[i],
        )
        assert decision_json(given) == decision_json(alone)
