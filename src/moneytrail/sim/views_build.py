"""The financial world as the content, customs and passenger generators see it.

Shops publish each live tier-1 card, day by day ("valid only today"), the holder's phone
where the shop takes phone transfers, a TRON address that changes weekly and, for some
shops, a bitcoin address. People keep their native-script names and their romanisations.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

from moneytrail.sim.companies import CATEGORIES
from moneytrail.sim.country import Country
from moneytrail.sim.crypto.world import WEEK_US, CryptoWorld
from moneytrail.sim.drug.buyers import publishes_bitcoin
from moneytrail.sim.drug.roles import DrugPlan, Shop
from moneytrail.sim.events import DAY_US, day_start_us
from moneytrail.sim.geo import ABROAD, CITIES
from moneytrail.sim.labels import person_id, shop_id
from moneytrail.sim.population import EPOCH, NATIONALITIES
from moneytrail.sim.tables import company_id
from moneytrail.sim.views import CompanyView, PersonView, Requisite, ShopView

_OUTLET_ACTIVITY = {
    "5411": "food",
    "5499": "food",
    "5812": "food",
    "5814": "food",
    "5651": "textiles",
    "5732": "electronics",
    "5533": "auto_parts",
    "5912": "pharmacy",
    "8099": "medical",
    "5200": "construction",
}
_KIND_ACTIVITY = {
    "chemicals": ("chemicals",),
    "car_dealer": ("car_dealer",),
    "developer": ("developer", "construction"),
    "university": ("university", "research"),
}
_EMPLOYER_ACTIVITY = ("construction", "food", "textiles", "mining", "auto_parts", "electronics")


def moment(us: int) -> datetime:
    """A UTC datetime from microseconds since the epoch."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)


def shop_views(c: Country, plan: DrugPlan, crypto: CryptoWorld) -> list[ShopView]:
    """Every shop with its published requisites."""
    world = (day_start_us(c.start_days, 0), day_start_us(c.start_days, c.config.days))
    return [_shop_view(c, shop, crypto, world) for shop in plan.shops]


def _shop_view(c: Country, shop: Shop, crypto: CryptoWorld, world: tuple[int, int]) -> ShopView:
    span = (max(shop.active_from, world[0]), min(shop.active_to, world[1]))
    reqs: list[Requisite] = []
    for drop in shop.t1:
        for lo, hi in _days(max(drop.live_from, span[0]), min(drop.blocked_at, span[1]), world[0]):
            reqs.append(Requisite("card", c.inst.card_pan[drop.card], moment(lo), moment(hi)))
            if drop.phone:
                reqs.append(
                    Requisite("phone", c.population.phone[drop.person], moment(lo), moment(hi))
                )
    week = world[0] + (span[0] - world[0]) // WEEK_US * WEEK_US
    while week < span[1]:
        address = crypto.receiving_address(shop.index, week)
        reqs.append(
            Requisite(
                "tron", address, moment(max(week, span[0])), moment(min(week + WEEK_US, span[1]))
            )
        )
        week += WEEK_US
    if publishes_bitcoin(shop.index):
        btc = crypto.btc.addresses[crypto.shop_btc[shop.index]][0]
        reqs.append(Requisite("btc", btc, moment(span[0]), moment(span[1])))
    face = shop.face
    reqs.sort(key=lambda r: (r.valid_from, r.kind, r.value))
    return ShopView(
        face.shop_id,
        face.name,
        CITIES[face.city].name,
        face.products,
        face.channel,
        face.bot,
        face.operator,
        face.site,
        tuple(reqs),
        moment(shop.active_from),
        moment(shop.active_to),
    )


def _days(lo: int, hi: int, day0: int) -> list[tuple[int, int]]:
    """[lo, hi) cut at local midnights."""
    out = []
    while lo < hi:
        midnight = day0 + ((lo - day0) // DAY_US + 1) * DAY_US
        out.append((lo, min(hi, midnight)))
        lo = midnight
    return out


def person_views(c: Country, plan: DrugPlan, people: np.ndarray) -> list[PersonView]:
    """The people chosen, as the passenger generator sees them."""
    pop, bank = c.population, c.population.names
    abroad = {s.organizer: ABROAD[s.index % len(ABROAD)].name for s in plan.shops}
    out = []
    for i in people.tolist():
        last, first = pop.last[i], pop.first[i]
        patr = bank.patronymic.cyrillic[pop.patronymic[i]] if pop.patronymic[i] >= 0 else None
        latin = (
            f"{bank.last.icao[last]} {bank.first.icao[first]}",
            f"{bank.last.kz2021[last]} {bank.first.kz2021[first]}",
        )
        out.append(
            PersonView(
                person_id(i),
                pop.iin[i],
                bank.last.cyrillic[last],
                bank.first.cyrillic[first],
                patr,
                tuple(dict.fromkeys(latin)),
                EPOCH + timedelta(days=int(pop.birth[i])),
                "F" if pop.sex[i] else "M",
                NATIONALITIES[pop.nationality[i]],
                pop.passport[i],
                abroad.get(i, CITIES[pop.city[i]].name),
                plan.roles.get(i, ("citizen", -1))[0],
            )
        )
    return out


def company_views(c: Country, plan: DrugPlan) -> list[CompanyView]:
    """Companies that import goods; some chemical importers front for a shop's lab."""
    co = c.companies
    chemicals = co.by_kind.get("chemicals", [])
    fronts = {
        chemicals[i]: shop_id(s.index)
        for i, s in enumerate(plan.shops[::2])
        if i < len(chemicals) // 2
    }
    outlet_activity: dict[int, str] = {}
    for company, cat in zip(co.outlet_company, co.outlet_category, strict=True):
        activity = _OUTLET_ACTIVITY.get(CATEGORIES[cat].mcc)
        if activity:
            outlet_activity.setdefault(company, activity)
    views = []
    for i, kind in enumerate(co.kind):
        if kind in ("treasury", "benefits", "platform", "utility", "exchange"):
            continue
        activities = _KIND_ACTIVITY.get(kind) or (
            (outlet_activity[i],)
            if i in outlet_activity
            else (_EMPLOYER_ACTIVITY[i % len(_EMPLOYER_ACTIVITY)],)
        )
        views.append(
            CompanyView(
                company_id(i),
                co.bin[i],
                co.name[i],
                CITIES[co.city[i]].name,
                fronts.get(i),
                activities,
            )
        )
    return views


def world_dates(c: Country) -> tuple[date, date]:
    """The first and last day of the world."""
    return c.config.start, c.day_date(c.config.days - 1)
