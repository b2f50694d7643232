"""Batch scoring gives `detect.decision.decide`'s decision for every flagged transfer, and
each decision's JSON line is `Decision.to_json`'s."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moneytrail.detect import model as gbm
from moneytrail.detect import rules_v1
from moneytrail.detect.decision import decide
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
    batch = [Tx(f"t{i}", 0, 0, 1, "p2p", "a", "b", None, None) for i in range(40)]
    made = scorer.decisions(batch, rows)
    x = rows[:, scorer.columns]
    flagged = [d for d in made if d.action != "allow"]
    assert len(flagged) >= 10
    for i, d in enumerate(made):
        assert decision_json(d) == d.to_json()
        assert d.score == float(model.score(x[i : i + 1])[0])
        if d.action == "allow":
            assert d.reasons[0].text.startswith("model score")
            assert d.score < model.thresholds.review
            values = dict(zip(model.features, x[i], strict=True))
            assert not any(
                r.fires(values[r.feature]) for r in rules_v1.RULES if r.feature in values
            )
            assert d.inputs == decide(model, d.transfer_id, x[i]).inputs
            continue
        e = decide(model, d.transfer_id, x[i])
        assert (d.action, d.rules_fired, d.score) == (e.action, e.rules_fired, e.score)
        assert d.inputs == e.inputs
        assert [r.text for r in d.reasons] == [r.text for r in e.reasons]
        assert np.array_equal(
            [r.value for r in d.reasons], [r.value for r in e.reasons], equal_nan=True
        )
        assert np.allclose([r.contribution for r in d.reasons], [r.contribution for r in e.reasons])
