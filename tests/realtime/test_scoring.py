"""Batch scoring gives `detect.decision.decide`'s decision for every flagged transfer."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moneytrail.detect import model as gbm
from moneytrail.detect.decision import decide
from moneytrail.realtime.features import NAMES
from moneytrail.realtime.scoring import Scorer
from moneytrail.realtime.tx import Tx


def test_flagged_rows_decide_as_detect_and_allowed_rows_say_why(online_model: Path) -> None:
    model = gbm.load(online_model)
    scorer = Scorer(model)
    rng = np.random.default_rng(1)
    rows = rng.uniform(0, 3, size=(40, len(NAMES)))
    rows[::4, NAMES.index("dst_known_self")] = 1.0  # the known_requisite rule blocks these
    rows[1::4, NAMES.index("dst_known_self")] = 0.0
    batch = [Tx(f"t{i}", 0, 0, 1, "p2p", "a", "b", None, None) for i in range(40)]
    made = scorer.decisions(batch, rows)
    x = rows[:, scorer.columns]
    flagged = [d for d in made if d.action != "allow"]
    assert len(flagged) >= 10
    for i, d in enumerate(made):
        if d.action == "allow":
            assert d.reasons[0].text.startswith("model score")
            assert d.score < model.thresholds.review
            continue
        e = decide(model, d.transfer_id, x[i])
        assert (d.action, d.rules_fired, d.score) == (e.action, e.rules_fired, e.score)
        assert [r.text for r in d.reasons] == [r.text for r in e.reasons]
        assert np.allclose([r.contribution for r in d.reasons], [r.contribution for r in e.reasons])
