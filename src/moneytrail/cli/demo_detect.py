"""The demo's dropper detection, so that the alerts queue holds real decisions.

The demo's small world (about 10^6 transfers) takes longer than the demo may for the windowed
features on two cores, so detection runs on a second, tiny world of the next seed: the model
is trained on its early days and calibrated on the middle ones (`detect.evaluate.fit`), its
last days are scored, and the strongest review and block decisions are written as a decision
log and recorded into the store by the FIU analyst, card numbers tokenized at the door.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from moneytrail.cli.demo_case import _who
from moneytrail.decisions.accounts import Accounts
from moneytrail.decisions.store import RecordReport, record
from moneytrail.detect import rules
from moneytrail.detect.ends import NOWHERE
from moneytrail.detect.model import Model
from moneytrail.detect.training import Matrix
from moneytrail.model.ids.base import Tokenizer

MOST = 200
"""Decisions explained and recorded: the strongest flagged transfers of the scored days."""


def _flagged(model: Model, m: Matrix, rows: NDArray[np.int_]) -> NDArray[np.int_]:
    """Rows a decision can send to review or block (a score at the review threshold, or a
    rule firing), strongest first; `decide` then makes each decision."""
    scores = model.score(m.x[rows])
    ends = [(NOWHERE, NOWHERE)] * len(rows) if m.ends is None else [m.ends[i] for i in rows]
    fired = rules.fires(rules.usable(m.features), m.x[rows], ends).any(axis=1)
    keep = (scores >= model.thresholds.review) | fired
    return rows[keep][np.argsort(-scores[keep], kind="stable")]


def decision_log(world: Path, log: Path) -> tuple[int, int]:
    """Train on `world`, decide on its last days, write the log; (scored, flagged)."""
    from moneytrail.detect.datasets import load_sim
    from moneytrail.detect.decision import decide
    from moneytrail.detect.evaluate import fit
    from moneytrail.detect.training import cutoffs, data_hash, known_before, matrix
    from moneytrail.features.engine import duckdb_engine

    ds = load_sim(world)
    val_start, test_start = cutoffs(ds.labels["period"].to_numpy().astype(float))
    m = matrix(duckdb_engine(), ds, known_before(ds, val_start))
    model = fit(m, val_start, test_start, data_hash(ds))
    scored = np.flatnonzero(m.period >= test_start)
    flagged = _flagged(model, m, scored)
    part = log.with_suffix(".part")
    with part.open("w", encoding="utf-8") as sink:
        for i in flagged[:MOST]:
            ends = (NOWHERE, NOWHERE) if m.ends is None else m.ends[i]
            sink.write(decide(model, str(m.transfer_id[i]), m.x[i], ends).to_json() + "\n")
    part.replace(log)  # a killed run leaves no half-written log behind
    return len(scored), len(flagged)


def record_log(db: Session, world: Path, log: Path, tokenizer: Tokenizer) -> RecordReport:
    """Record the log as the FIU analyst, with each transfer's ends tokenized and masked."""
    from moneytrail.detect.datasets import load_sim

    accounts = Accounts.tokenized(load_sim(world).transfers, tokenizer)
    with log.open(encoding="utf-8") as lines:
        return record(db, _who(db, "demo.analyst"), lines, log.name, accounts)
