"""Where the external benchmark data sets are: read in place, never copied."""

from __future__ import annotations

from pathlib import Path

EXTERNAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "external"
AMLGENTEX = EXTERNAL / "amlgentex" / "tx_log.parquet"
AMLSIM = EXTERNAL / "amlsim" / "20K_fanin200cycle200.tgz"
