"""Merchant categories of ordinary card spending, with amounts and outlet densities.

Weights (share of card payments), median amounts and spreads are approximations of
Kazakh retail (approx.); `per_10k` is outlets per 10,000 people for local categories,
`national` marks categories served by a few national merchants (taxi apps, marketplace,
mobile operators, betting).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Category:
    """One merchant category code and how people spend in it."""

    mcc: str
    label: str
    word: str  # the shop word in a merchant's name
    weight: float
    median_kzt: float
    sigma: float
    per_10k: float
    national: bool = False


RETAIL: tuple[Category, ...] = (
    Category("5411", "grocery stores, supermarkets", "MARKET", 0.27, 4200, 0.8, 35),
    Category("5499", "convenience and food stores", "AZYQ", 0.11, 1600, 0.7, 25),
    Category("5812", "restaurants", "RESTORAN", 0.06, 8500, 0.6, 10),
    Category("5814", "fast food", "FASTFOOD", 0.08, 3000, 0.5, 12),
    Category("5541", "fuel stations", "AZS", 0.06, 11000, 0.5, 4),
    Category("4121", "taxi", "TAXI", 0.07, 1900, 0.5, 0, national=True),
    Category("5912", "pharmacies", "DARIHANA", 0.05, 3800, 0.8, 8),
    Category("5651", "clothing", "STYLE", 0.035, 17000, 0.7, 6),
    Category("5732", "electronics", "TECHNO", 0.012, 55000, 0.9, 2),
    Category("5311", "marketplace and department stores", "MARKETPLACE", 0.07, 11000, 1.0, 0, True),
    Category("4814", "mobile operators", "MOBILE", 0.04, 2500, 0.5, 0, national=True),
    Category("5977", "cosmetics", "BEAUTY", 0.02, 7000, 0.7, 3),
    Category("5200", "home supply", "UY", 0.02, 14000, 0.9, 2),
    Category("7832", "cinema", "KINO", 0.01, 3500, 0.3, 1),
    Category("8099", "medical services", "MED", 0.015, 11000, 0.8, 3),
    Category("4111", "urban transit", "TRANSPORT", 0.05, 200, 0.2, 0.5),
    Category("7995", "betting", "BET", 0.01, 4000, 1.0, 0, national=True),
    Category("5533", "auto parts", "AUTO", 0.01, 9000, 0.9, 1.5),
)

UTILITIES = Category("4900", "utilities", "KOMMUNAL", 0.0, 14000, 0.5, 0)
CAR_DEALER = Category("5511", "car dealers", "MOTORS", 0.0, 12_000_000, 0.4, 0)
REAL_ESTATE = Category("6513", "real estate", "QURYLYS", 0.0, 35_000_000, 0.4, 0)
FOREIGN_ONLINE = Category("5999", "foreign online shops", "SHOP", 0.0, 9000, 0.9, 0)


def retail_weights() -> NDArray[np.float64]:
    """Each retail category's share of card payments (sums to 1)."""
    weights = np.array([c.weight for c in RETAIL], dtype=np.float64)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def retail_medians() -> NDArray[np.float64]:
    """Median amount in tenge of each retail category."""
    return np.array([c.median_kzt for c in RETAIL])


def retail_sigmas() -> NDArray[np.float64]:
    """Log-normal spread of each retail category's amounts."""
    return np.array([c.sigma for c in RETAIL])
