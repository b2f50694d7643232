"""The window store gives what recounting each window's legs gives, for huge amounts too,
and an account exported and loaded again goes on exactly as before."""

from __future__ import annotations

import math

import numpy as np

from moneytrail.features.windows import WINDOWS
from moneytrail.realtime.windowstore import (
    INCOMING,
    IS_ATM,
    IS_CRYPTO,
    IS_FAST,
    IS_NIGHT,
    IS_ROUND,
    KNOWN_CP,
    KNOWN_PAYER,
    LENGTHS,
    N_VALUES,
    OUT_WIDTH,
    WindowStore,
    step,
)

Leg = tuple[int, int | None, int, int]  # t, counterparty, amount, flags


def _recount(legs: list[Leg], now: int) -> list[float]:
    """Every value from the legs themselves, in Python integers (the reference)."""
    out = [0.0] * (N_VALUES * len(WINDOWS))
    for w, length in enumerate(WINDOWS.values()):
        mine = [g for g in legs if g[0] >= now - length]
        inc = [g for g in mine if g[3] & INCOMING]
        outg = [g for g in mine if not g[3] & INCOMING]
        n = len(mine)
        s_in, s_out = sum(g[2] for g in inc), sum(g[2] for g in outg)
        total = s_in + s_out
        var = n * sum(g[2] ** 2 for g in mine) - total * total
        vals = [
            len(inc),
            len(outg),
            s_in,
            s_out,
            len({g[1] for g in inc if g[1] is not None}),
            len({g[1] for g in outg if g[1] is not None}),
            s_out / (s_in + 1.0),
            sum(1 for g in mine if g[3] & IS_ROUND) / n,
            sum(1 for g in mine if g[3] & IS_NIGHT) / n,
            sum(g[2] for g in outg if g[3] & IS_ATM) / (s_out + 1.0),
            sum(1 for g in mine if g[3] & IS_CRYPTO) / n,
            total / n,
            math.sqrt(var) / n if var > 0 else 0.0,
        ]
        for i, v in enumerate(vals):
            out[i * len(WINDOWS) + w] = float(v)
    return out


def _apply(store: WindowStore, slot: int, t: int, legs: list[Leg]) -> list[float]:
    store.reserve(slot, len(legs))
    cps = np.array([store.cp_id(None if c is None else f"c{c}") for _, c, _, _ in legs])
    out = np.empty((1, OUT_WIDTH))
    ops = tuple(np.array([v], dtype=np.int64) for v in (slot, t, 0, len(legs)))
    arrays = (cps, np.array([g[2] for g in legs]), np.array([g[3] for g in legs]))
    step(store.state(), ops, arrays, LENGTHS, out)
    return [float(v) for v in out[0]]


def test_store_equals_recounting_with_huge_amounts() -> None:
    rng = np.random.default_rng(11)
    store = WindowStore()
    slots = [store.slot() for _ in range(3)]
    seen: list[list[Leg]] = [[] for _ in slots]
    t = 0
    checked = 0
    for _ in range(1500):
        t += int(rng.choice([5, 600, 3_000, 40_000, 400_000]))
        k = int(rng.integers(3))
        big = rng.uniform() < 0.3
        amount = int(rng.integers(1, 2**40)) if big else int(rng.choice([1000, 5000, 250_000]))
        cp = None if rng.uniform() < 0.05 else int(rng.integers(12))
        flags = int(rng.integers(256))
        legs = [(t, cp, amount, flags)]
        if rng.uniform() < 0.1:  # a self-transfer: both legs at once
            legs.append((t, cp, amount, flags ^ INCOMING))
        got = _apply(store, slots[k], t, legs)
        seen[k] += legs
        want = _recount(seen[k], t)
        assert np.allclose(got[: len(want)], want, rtol=1e-12, atol=0), (k, t)
        known = sum(1 for g in seen[k] if g[0] >= t - 30 * 86_400 and g[3] & KNOWN_CP)
        assert got[len(want) + 3] == known
        for i, length in ((4, 7 * 86_400), (5, 30 * 86_400)):
            mine = [g for g in seen[k] if g[0] >= t - length]
            fast = sum(1 for g in mine if g[3] & IS_FAST)  # only outgoing legs are, in use
            n_out = sum(1 for g in mine if not g[3] & INCOMING)
            assert got[len(want) + i] == fast / (n_out + 1.0)
        week = [g for g in seen[k] if g[0] >= t - 7 * 86_400]
        payers = sum(1 for g in week if g[3] & KNOWN_PAYER)  # only incoming legs are, in use
        n_in = sum(1 for g in week if g[3] & INCOMING)
        assert got[len(want) + 6] == payers / (n_in + 1.0)
        checked += 1
    assert checked == 1500


def test_exported_account_goes_on_as_before() -> None:
    store, other = WindowStore(), WindowStore()
    a = store.slot()
    for i in range(40):
        _apply(store, a, i * 3_000, [(i * 3_000, i % 7, 1000 + i, i % 2)])
    b = other.slot()
    other.load(b, store.export(a))
    nxt: list[Leg] = [(130_000, 3, 77, 1)]
    assert _apply(other, b, 130_000, nxt) == _apply(store, a, 130_000, nxt)


def test_reserve_all_makes_room_as_reserve_does_slot_by_slot() -> None:
    """Repeated slots add up; a full account grows, the others keep their rings."""
    one, many = WindowStore(), WindowStore()
    for store in (one, many):
        for _ in range(4):
            store.slot()
    slots = np.array([2, 0, 2, 3, 2], dtype=np.int64)
    more = np.array([5, 1, 6, 9, 1], dtype=np.int64)
    for s, m in ((0, 1), (2, 12), (3, 9)):
        one.reserve(s, m)
    many.reserve_all(slots, more)
    assert np.array_equal(one.cap[:4], many.cap[:4])
    assert np.array_equal(one.base[:4], many.base[:4])
    assert many.cap[2] >= 12
    assert many.cap[3] >= 9
    assert many.cap[1] == many.cap[0]
