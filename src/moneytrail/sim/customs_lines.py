"""One goods line of a declaration as a clerk writes it: free text, codes, amounts.

Lines for a lab front are written to hide: vaguer descriptions, CAS numbers left out or
mistyped, now and then a generic HS code instead of the right one.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from moneytrail.sim.customs_goods import Goods, mistype_cas
from moneytrail.sim.customs_parties import Supplier, rate

# Generic codes a chemical is hidden under ("other chemical products", "other organic compounds").
GENERIC_HS = ("3824999608", "2942000000")

_STYLES = ("name_ru", "name_en", "synonym", "vague")
_STYLE_WEIGHTS = ((0.6, 0.2, 0.1, 0.1), (0.3, 0.2, 0.15, 0.35))  # honest, hiding
_CAS_STATES = ("exact", "absent", "mistyped")
_CAS_WEIGHTS = ((0.7, 0.27, 0.03), (0.45, 0.4, 0.15))  # honest, hiding


@dataclass(frozen=True, slots=True)
class Line:
    """What a declaration says about one item, and how it was written (for the truth)."""

    description: str
    hs_code: str
    cas_number: str | None
    quantity: float
    unit: str
    net_weight_kg: float
    gross_weight_kg: float
    invoice_value: Decimal
    currency: str
    description_style: str
    cas_state: str  # "exact" | "absent" | "mistyped" | "none" (goods without a CAS number)
    hs_generic: bool


def write_line(rng: random.Random, goods: Goods, supplier: Supplier, hiding: bool) -> Line:
    """One line for the goods bought from the supplier; `hiding` when a lab front writes it."""
    style, text = _description(rng, goods, supplier, hiding)
    cas, cas_state = _cas(rng, goods, hiding)
    generic = hiding and goods.cas is not None and rng.random() < 0.2
    quantity = _quantity(rng, goods)
    net = round(quantity * goods.kg_per_unit, 3)
    packing = rng.uniform(1.1, 1.4) if goods.kind == "equipment" else rng.uniform(1.03, 1.15)
    currency = rng.choice(supplier.currencies)
    value = quantity * rng.uniform(*goods.price_usd) * rate(currency)
    return Line(
        description=text,
        hs_code=rng.choice(GENERIC_HS) if generic else goods.hs_code,
        cas_number=cas,
        quantity=quantity,
        unit=goods.unit,
        net_weight_kg=net,
        gross_weight_kg=round(net * packing, 3),
        invoice_value=Decimal(f"{value:.2f}"),
        currency=currency,
        description_style=style,
        cas_state=cas_state,
        hs_generic=generic,
    )


def _description(
    rng: random.Random, goods: Goods, supplier: Supplier, hiding: bool
) -> tuple[str, str]:
    """The free-text description and the style it was written in."""
    style = rng.choices(_STYLES, _STYLE_WEIGHTS[hiding])[0]
    if style == "synonym" and not goods.synonyms:
        style = "name_ru"
    if style in ("synonym", "vague"):
        base = rng.choice(goods.synonyms if style == "synonym" else goods.vague)
    else:
        base = goods.name_en if style == "name_en" else goods.name_ru
    text = base + _remark(rng, goods, supplier, english=base.isascii())
    return style, (text.upper() if rng.random() < 0.35 else text)


def _remark(rng: random.Random, goods: Goods, supplier: Supplier, *, english: bool) -> str:
    """An optional tail such as purity, packing, maker or article number."""
    options = [
        "",
        f", manufacturer: {supplier.name}" if english else f", производитель: {supplier.name}",
        ", trademark: none" if english else ", товарный знак отсутствует",
        f", art. {rng.randint(1000, 99999)}" if english else f", арт. {rng.randint(1000, 99999)}",
    ]
    if goods.cas:
        purity = rng.choice((95, 98, 99, 99.5))
        options.append(f", purity {purity}%" if english else f", чистота {purity}%")
        size = rng.choice((25, 50, 200))
        pack = "L" if english else "л"
        pack = pack if goods.unit == "л" else ("kg" if english else "кг")
        options.append(
            f", in drums of {size} {pack}" if english else f", в бочках по {size} {pack}"
        )
    return rng.choice(options)


def _cas(rng: random.Random, goods: Goods, hiding: bool) -> tuple[str | None, str]:
    """The CAS number as written, and whether it is exact, absent or mistyped."""
    if goods.cas is None:
        return None, "none"
    state = rng.choices(_CAS_STATES, _CAS_WEIGHTS[hiding])[0]
    if state == "exact":
        return goods.cas, state
    return (mistype_cas(rng, goods.cas) if state == "mistyped" else None), state


def _quantity(rng: random.Random, goods: Goods) -> float:
    """A quantity drawn log-uniformly in the usual range, rounded as shipped."""
    low, high = goods.quantity
    raw = math.exp(rng.uniform(math.log(low), math.log(high)))
    step = 25 if goods.kind in ("precursor", "reagent") and raw > 100 else 1
    return float(max(low, round(raw / step) * step))
