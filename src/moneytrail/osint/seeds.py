"""The seeds of the generated corpora: the shipped model's training seed and the held-out one."""

TRAIN_SEED = 1101
HELD_OUT_SEED = 2202  # also the default seed of `moneytrail eval osint`
