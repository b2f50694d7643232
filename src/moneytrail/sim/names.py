"""Flat tables of name forms, so that a person's name is three integer indices.

Every name form (a given name in one spelling, a surname in one sex and spelling, a
patronymic in one sex, spelling and form) is one row of a table with its Cyrillic text and
its two romanisations; people hold indices into the tables and strings are made only when
written, by Arrow `take`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from moneytrail.sim import name_data as nd
from moneytrail.sim.romanize import romanize

POOLS = ("kazakh", "russian", "central_asian")
"""Name pools; a person draws every name from one pool."""


@dataclass(frozen=True, slots=True)
class NameTable:
    """Cyrillic forms and their romanisations, row by row."""

    cyrillic: list[str]
    icao: list[str]
    kz2021: list[str]


@dataclass(frozen=True, slots=True)
class PoolIndex:
    """Where a pool's forms sit in the flat tables.

    `first[sex, name, spelling]`, `last[sex, surname, spelling]` and
    `patronymic[sex, father, spelling, form]` are row numbers; sex 0 is male, spelling 0 is
    the Kazakh spelling, form 0 is Russian (-ович/-овна) and form 1 Kazakh (-ұлы/-қызы).
    """

    first: NDArray[np.int64]
    last: NDArray[np.int64]
    patronymic: NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class NameBank:
    """The three flat tables and each pool's index into them."""

    first: NameTable
    last: NameTable
    patronymic: NameTable
    pools: tuple[PoolIndex, ...]


def female_surname(male: str) -> str:
    """The female form of a surname (-ов → -ова, -ин → -ина; -енко, Ким unchanged)."""
    return male + "а" if male.endswith(("ов", "ев", "ёв", "ин")) else male


def russian_patronymic(father: str, female: bool) -> str:
    """The Russian patronymic from a father's given name (Сергей → Сергеевич / Сергеевна)."""
    special = {
        "Илья": ("Ильич", "Ильинична"),
        "Дмитрий": ("Дмитриевич", "Дмитриевна"),
        "Михаил": ("Михайлович", "Михайловна"),
        "Павел": ("Павлович", "Павловна"),
    }
    if father in special:
        return special[father][female]
    if father.endswith("ий"):
        stem, male_end, female_end = father[:-2], "ьевич", "ьевна"
    elif father.endswith(("ей", "ай")):
        stem, male_end, female_end = father[:-1], "евич", "евна"
    elif father.endswith("и"):
        stem, male_end, female_end = father, "евич", "евна"
    else:
        stem, male_end, female_end = father, "ович", "овна"
    return stem + (female_end if female else male_end)


def kazakh_patronymic(father: str, female: bool, kazakh_spelling: bool) -> str:
    """The Kazakh patronymic, joined to the father's name (Нұрланұлы, Нурланкызы)."""
    if kazakh_spelling:
        return father + ("қызы" if female else "ұлы")
    return father + ("кызы" if female else "улы")


def build_name_bank() -> NameBank:
    """All pools' name forms in flat tables."""
    rows: dict[str, list[str]] = {"first": [], "last": [], "patronymic": []}
    pools = tuple(_pool_index(pool, rows) for pool in POOLS)
    return NameBank(_table(rows["first"]), _table(rows["last"]), _table(rows["patronymic"]), pools)


def _pool_lists(
    pool: str,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    if pool == "kazakh":
        return list(nd.KAZAKH_MALE), list(nd.KAZAKH_FEMALE), list(nd.KAZAKH_SURNAMES)
    if pool == "russian":
        males, females, surnames = nd.RUSSIAN_MALE, nd.RUSSIAN_FEMALE, nd.RUSSIAN_SURNAMES
    else:
        males, females = nd.CENTRAL_ASIAN_MALE, nd.CENTRAL_ASIAN_FEMALE
        surnames = nd.CENTRAL_ASIAN_SURNAMES
    return [(n, n) for n in males], [(n, n) for n in females], [(n, n) for n in surnames]


def _add(rows: list[str], text: str) -> int:
    rows.append(text)
    return len(rows) - 1


def _pool_index(pool: str, rows: dict[str, list[str]]) -> PoolIndex:
    males, females, surnames = _pool_lists(pool)
    width = max(len(males), len(females))
    first = np.zeros((2, width, 2), dtype=np.int64)
    for sex, names in enumerate((males, females)):
        for i in range(width):
            for spelling in (0, 1):
                first[sex, i, spelling] = _add(rows["first"], names[i % len(names)][spelling])
    last = np.zeros((2, len(surnames), 2), dtype=np.int64)
    for j, forms in enumerate(surnames):
        for spelling in (0, 1):
            last[0, j, spelling] = _add(rows["last"], forms[spelling])
            last[1, j, spelling] = _add(rows["last"], female_surname(forms[spelling]))
    patronymic = np.zeros((2, len(males), 2, 2), dtype=np.int64)
    for k, father in enumerate(males):
        for sex, spelling in ((0, 0), (0, 1), (1, 0), (1, 1)):
            name = father[spelling]
            patronymic[sex, k, spelling, 0] = _add(
                rows["patronymic"], russian_patronymic(father[1], bool(sex))
            )
            patronymic[sex, k, spelling, 1] = _add(
                rows["patronymic"], kazakh_patronymic(name, bool(sex), spelling == 0)
            )
    return PoolIndex(first, last, patronymic)


def _table(cyrillic: list[str]) -> NameTable:
    return NameTable(
        cyrillic,
        [romanize(text, "icao") for text in cyrillic],
        [romanize(text, "kz2021") for text in cyrillic],
    )
