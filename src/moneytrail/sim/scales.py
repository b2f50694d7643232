"""Default parameters of each scale; a config file overrides any of them.

The scales aim at about 10^4 (tiny), 10^6 (small), 10^7 (medium) and 10^8 (large) bank
transfers: ordinary activity is about 0.9 transfers per person and day, so the population
sets the size and the span sets the time.
"""

from __future__ import annotations

from typing import Any, Literal

Scale = Literal["tiny", "small", "medium", "large"]
SCALES: tuple[Scale, ...] = ("tiny", "small", "medium", "large")

_PEOPLE: dict[Scale, int] = {"tiny": 500, "small": 12_000, "medium": 120_000, "large": 1_200_000}
_DAYS: dict[Scale, int] = {"tiny": 30, "small": 90, "medium": 90, "large": 90}
_SHOPS: dict[Scale, int] = {"tiny": 2, "small": 4, "medium": 12, "large": 60}
_EXCHANGERS: dict[Scale, int] = {"tiny": 2, "small": 6, "medium": 30, "large": 150}
_ROW_GROUP: dict[Scale, int] = {
    "tiny": 65_536,
    "small": 65_536,
    "medium": 131_072,
    "large": 262_144,
}
_CONTENT: dict[Scale, dict[str, int]] = {
    "tiny": {
        "posts_per_shop": 6,
        "negative_posts": 10,
        "photos": 2,
        "negative_photos": 1,
        "declarations": 40,
        "flights": 3,
        "travellers": 400,
    },
    "small": {
        "posts_per_shop": 20,
        "negative_posts": 60,
        "photos": 4,
        "negative_photos": 2,
        "declarations": 400,
        "flights": 12,
        "travellers": 5_000,
    },
    "medium": {
        "posts_per_shop": 40,
        "negative_posts": 200,
        "photos": 12,
        "negative_photos": 6,
        "declarations": 2_000,
        "flights": 40,
        "travellers": 20_000,
    },
    "large": {
        "posts_per_shop": 60,
        "negative_posts": 600,
        "photos": 60,
        "negative_photos": 30,
        "declarations": 10_000,
        "flights": 120,
        "travellers": 50_000,
    },
}


def defaults(scale: Scale) -> dict[str, Any]:
    """The full parameter tree of a scale, as plain data."""
    tiny = scale == "tiny"
    return {
        "scale": scale,
        "start": "2026-06-01",
        "days": _DAYS[scale],
        "population": {
            "people": _PEOPLE[scale],
            "companies_per_1000": 25.0 if tiny else 12.0,
            "employment_rate": 0.82,
            "student_share_of_young": 0.45,
            "migrant_share": 0.03,
            "second_account_share": 0.3,
            "friends": 8,
        },
        "normal": {
            "card_payments_per_day": 1.05,
            "activity_sigma": 0.7,
            "p2p_per_day": 0.12,
            "atm_per_day": 0.09,
            "cash_deposit_per_day": 0.004,
            "b2b_per_company_day": 0.15,
            "foreign_card_share": 0.015,
            "inbound_foreign_per_day": 0.002,
            "informal_sales_per_day": 0.0,
            "salary_median_kzt": 320_000.0,
            "pension_median_kzt": 115_000.0,
        },
        "drug": {
            "shops": _SHOPS[scale],
            "buyer_share": 0.07,
            "orders_per_buyer_week": 1.5,
            "price_per_gram_kzt": [10_000, 25_000],
            "live_cards_per_shop": 2,
            "card_life_days_median": 7.0,
            "tier2_per_shop": 2,
            "cash_out_per_shop": 2,
            "couriers_per_shop": 3 if tiny else 6,
            "exchangers": _EXCHANGERS[scale],
            "forward_delay_minutes": 75.0,
            "crypto_order_share": 0.12,
            "phone_order_share": 0.3,
            "atm_daily_limit_kzt": 1_000_000,
            "transfer_limit_kzt": 2_000_000,
            "exchanger_spread": [0.01, 0.04],
        },
        "crypto": {
            "usdt_kzt": 512.0,
            "btc_usd": 96_000.0,
            "tron_noise_per_day": max(20, _PEOPLE[scale] // 60),
            "btc_noise_per_day": max(10, _PEOPLE[scale] // 400),
        },
        "content": _CONTENT[scale],
        "output": {"row_group_rows": _ROW_GROUP[scale], "compression": "zstd"},
    }
