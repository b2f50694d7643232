"""Hand the world's views to the content, customs and passenger generators.

They write under `observable/online`, `observable/customs`, `observable/passengers`, and
their ground truth under `truth/`; each is seeded from the world's seed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moneytrail.sim.content import generate_content
from moneytrail.sim.country import Country
from moneytrail.sim.customs import generate_customs
from moneytrail.sim.drug.roles import DrugPlan
from moneytrail.sim.events import day_start_us
from moneytrail.sim.passengers import generate_passengers
from moneytrail.sim.views import ShopView
from moneytrail.sim.views_build import company_views, moment, person_views, world_dates


def run_generators(
    c: Country, plan: DrugPlan, shops: list[ShopView], seed: int, out: Path
) -> dict[str, int]:
    """Run the three generators; their counts, prefixed by generator."""
    cfg = c.config.content
    first, last = world_dates(c)
    counts: dict[str, int] = {}
    online = generate_content(
        seed,
        shops,
        out / "observable" / "online",
        out / "truth" / "online",
        posts_per_shop=cfg.posts_per_shop,
        negative_posts=cfg.negative_posts,
        photos=cfg.photos,
        negative_photos=cfg.negative_photos,
        start=moment(day_start_us(c.start_days, 0)),
        end=moment(day_start_us(c.start_days, c.config.days)),
    )
    counts |= {f"online.{k}": v for k, v in online.items()}
    customs = generate_customs(
        seed,
        company_views(c, plan),
        out / "observable",
        out / "truth",
        declarations=cfg.declarations,
        start=first,
        end=last,
    )
    counts |= {f"customs.{k}": v for k, v in customs.items()}
    wanted = _watchlisted(plan)
    rng = c.streams.get("travellers")
    sample = rng.choice(
        c.population.size, size=min(cfg.travellers, c.population.size), replace=False
    )
    travellers = np.setdiff1d(np.sort(sample), wanted)
    passengers = generate_passengers(
        seed,
        person_views(c, plan, travellers),
        person_views(c, plan, wanted),
        out / "observable",
        out / "truth",
        flights=cfg.flights,
        start=first,
        end=last,
    )
    counts |= {f"passengers.{k}": v for k, v in passengers.items()}
    return counts


def _watchlisted(plan: DrugPlan) -> np.ndarray:
    """People wanted by the police: organizers and cash-out droppers."""
    wanted = {s.organizer for s in plan.shops}
    wanted |= {d.person for s in plan.shops for d in s.cash_out}
    return np.array(sorted(wanted), dtype=np.int64)
