"""A started service leaves the collector as it found it, its start-up objects frozen."""

from __future__ import annotations

import gc
from pathlib import Path

from moneytrail.detect import model as gbm
from moneytrail.realtime.service import DecisionService


def test_a_service_freezes_what_is_alive_at_its_start(online_model: Path) -> None:
    model = gbm.load(online_model)
    gc.unfreeze()
    try:
        assert gc.isenabled()
        service = DecisionService(model, {})
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked(service.features.cycles.out)
        gc.disable()
        DecisionService(model, {})
        assert not gc.isenabled()  # as the caller had it
    finally:
        gc.enable()
        gc.unfreeze()
