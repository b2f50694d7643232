"""The names of the per-window features, in `features.catalog` order.

The windows themselves (running sums over the legs of the last hour, day, week and month)
live in `realtime.windowstore`.
"""

from __future__ import annotations

PER_WINDOW = (
    "n_in",
    "n_out",
    "sum_in",
    "sum_out",
    "senders",
    "receivers",
    "pass_through",
    "round_share",
    "night_share",
    "atm_share",
    "crypto_share",
    "amount_mean",
    "amount_std",
)
"""The per-window features in `features.catalog` order."""
