"""The goods a synthetic customs declaration can carry: precursors, lab reagents, equipment.

Written from public knowledge of the 1988 UN Convention (Tables I and II), the INCB limited
international special surveillance list (`table` "S") and the national mephedrone precursors
(`table` "N"). HS codes are ten-digit EAEU TN VED codes whose first six digits are the HS 2022
subheading; the last four are our best plausible national subdivision. Ordinary goods live in
`customs_ordinary`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from stdnum import casrn

Kind = Literal["ordinary", "precursor", "reagent", "equipment"]

VAGUE_CHEMICAL = (
    "химический реагент",
    "органическое соединение",
    "химическая продукция для промышленного применения",
    "сырьё для производства",
    "chemical reagent",
    "organic intermediate",
    "industrial chemical",
)
VAGUE_GENERAL = (
    "товары народного потребления",
    "сборный груз",
    "general cargo",
    "consumer goods",
)
VAGUE_EQUIPMENT = (
    "лабораторное оборудование",
    "оборудование для химической промышленности",
    "запасные части к промышленному оборудованию",
    "laboratory equipment",
    "industrial equipment",
)


@dataclass(frozen=True, slots=True)
class Goods:
    """One kind of goods: names, codes, unit, unit price (USD) and usual quantities."""

    key: str
    kind: Kind
    name_ru: str
    name_en: str
    hs_code: str  # ten-digit EAEU TN VED
    unit: str  # "кг" | "л" | "шт"
    price_usd: tuple[float, float]
    quantity: tuple[int, int]
    kg_per_unit: float
    cas: str | None = None
    table: str | None = None  # "I", "II", "S" (INCB surveillance), "N" (national)
    synonyms: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # sectors that import it for ordinary business

    @property
    def is_precursor(self) -> bool:
        """Listed in a precursor table."""
        return self.table is not None

    @property
    def vague(self) -> tuple[str, ...]:
        """Descriptions that say almost nothing about what the goods are."""
        if self.kind == "equipment":
            return VAGUE_EQUIPMENT
        return VAGUE_CHEMICAL if self.cas else VAGUE_GENERAL


def _chem(
    key: str,
    kind: Kind,
    names: tuple[str, str],
    hs_cas: tuple[str, str],
    table: str | None,
    liquid_density: float | None = None,
    price: tuple[float, float] = (1.0, 3.0),
    synonyms: tuple[str, ...] = (),
    sectors: tuple[str, ...] = (),
) -> Goods:
    """A chemical sold by the kilogram, or by the litre when it has a density."""
    unit, kg = ("л", liquid_density) if liquid_density else ("кг", 1.0)
    return Goods(
        key, kind, names[0], names[1], hs_cas[0], unit, price, (25, 2000), kg,
        cas=hs_cas[1], table=table, synonyms=synonyms, sectors=sectors,
    )  # fmt: skip


PRECURSORS: tuple[Goods, ...] = (
    _chem("acetone", "precursor", ("Ацетон", "Acetone"), ("2914110000", "67-64-1"), "II", 0.79,
          synonyms=("Диметилкетон", "Propan-2-one"), sectors=("chemicals", "research")),
    _chem("mek", "precursor", ("Метилэтилкетон", "Methyl ethyl ketone"), ("2914120000", "78-93-3"),
          "II", 0.81, synonyms=("Бутанон", "MEK", "2-butanone"), sectors=("chemicals",)),
    _chem("toluene", "precursor", ("Толуол", "Toluene"), ("2902300000", "108-88-3"), "II", 0.87,
          synonyms=("Метилбензол", "Methylbenzene"), sectors=("chemicals", "research")),
    _chem("ethyl_ether", "precursor", ("Диэтиловый эфир", "Diethyl ether"),
          ("2909110000", "60-29-7"), "II", 0.71, price=(2.0, 5.0), synonyms=("Эфир этиловый",),
          sectors=("research",)),
    _chem("hydrochloric_acid", "precursor", ("Кислота соляная", "Hydrochloric acid"),
          ("2806100000", "7647-01-0"), "II", 1.18, price=(0.3, 0.9),
          synonyms=("Хлороводородная кислота",), sectors=("chemicals", "research")),
    _chem("sulphuric_acid", "precursor", ("Кислота серная", "Sulphuric acid"),
          ("2807000000", "7664-93-9"), "II", 1.84, price=(0.1, 0.4),
          synonyms=("Sulfuric acid", "Купоросное масло"), sectors=("chemicals", "mining")),
    _chem("potassium_permanganate", "precursor", ("Калий марганцовокислый",
          "Potassium permanganate"), ("2841610000", "7722-64-7"), "I", price=(2.0, 4.0),
          synonyms=("Перманганат калия", "KMnO4"), sectors=("chemicals",)),
    _chem("acetic_anhydride", "precursor", ("Уксусный ангидрид", "Acetic anhydride"),
          ("2915240000", "108-24-7"), "I", 1.08, price=(1.5, 4.0)),
    _chem("p2p", "precursor", ("1-Фенил-2-пропанон", "1-Phenyl-2-propanone"),
          ("2914310000", "103-79-7"), "I", 1.01, price=(40.0, 120.0),
          synonyms=("Фенилацетон", "BMK", "P-2-P", "Benzyl methyl ketone")),
    _chem("phenylacetic_acid", "precursor", ("Фенилуксусная кислота", "Phenylacetic acid"),
          ("2916340000", "103-82-2"), "I", price=(10.0, 30.0)),
    _chem("apaan", "precursor", ("альфа-Фенилацетоацетонитрил", "alpha-Phenylacetoacetonitrile"),
          ("2926400000", "4468-48-8"), "I", price=(60.0, 150.0),
          synonyms=("APAAN", "3-оксо-2-фенилбутаннитрил")),
    _chem("ephedrine", "precursor", ("Эфедрина гидрохлорид", "Ephedrine hydrochloride"),
          ("2939410000", "299-42-3"), "I", price=(150.0, 400.0)),
    _chem("pseudoephedrine", "precursor", ("Псевдоэфедрина гидрохлорид",
          "Pseudoephedrine hydrochloride"), ("2939420000", "90-82-4"), "I", price=(150.0, 400.0)),
    _chem("safrole", "precursor", ("Сафрол", "Safrole"), ("2932940000", "94-59-7"), "I", 1.10,
          price=(20.0, 60.0)),
    _chem("piperonal", "precursor", ("Пиперональ", "Piperonal"), ("2932930000", "120-57-0"), "I",
          price=(15.0, 40.0), synonyms=("Гелиотропин", "Heliotropine")),
    _chem("pmk", "precursor", ("3,4-Метилендиоксифенил-2-пропанон",
          "3,4-Methylenedioxyphenyl-2-propanone"), ("2932920000", "4676-39-5"), "I", 1.20,
          price=(80.0, 200.0), synonyms=("PMK", "MDP2P")),
    _chem("benzaldehyde", "precursor", ("Бензальдегид", "Benzaldehyde"),
          ("2912210000", "100-52-7"), "S", 1.04, price=(2.0, 6.0), sectors=("food",)),
    _chem("nitroethane", "precursor", ("Нитроэтан", "Nitroethane"), ("2904200000", "79-24-3"),
          "S", 1.05, price=(5.0, 15.0)),
    _chem("methylamine", "precursor", ("Метиламин, водный раствор 40%",
          "Methylamine, 40% aqueous solution"), ("2921110000", "74-89-5"), "S", 0.90,
          price=(2.0, 6.0), synonyms=("Монометиламин", "Monomethylamine")),
    _chem("red_phosphorus", "precursor", ("Фосфор красный", "Red phosphorus"),
          ("2804700000", "7723-14-0"), "S", price=(8.0, 25.0)),
    _chem("hydriodic_acid", "precursor", ("Кислота йодистоводородная", "Hydriodic acid"),
          ("2811198000", "10034-85-2"), "S", 1.70, price=(20.0, 60.0)),
    _chem("gbl", "precursor", ("гамма-Бутиролактон", "gamma-Butyrolactone"),
          ("2932200000", "96-48-0"), "S", 1.13, price=(3.0, 8.0), synonyms=("GBL",),
          sectors=("chemicals",)),
    _chem("bromo_mpp", "precursor", ("2-Бром-4'-метилпропиофенон",
          "2-Bromo-4'-methylpropiophenone"), ("2914790000", "1451-82-7"), "N",
          price=(30.0, 90.0), synonyms=("2-бром-1-(4-метилфенил)пропан-1-он", "BK-4",
          "2-bromo-4-methylpropiophenone")),
    _chem("mpp", "precursor", ("4'-Метилпропиофенон", "4'-Methylpropiophenone"),
          ("2914390000", "5337-93-9"), "N", 0.99, price=(10.0, 30.0),
          synonyms=("4-MPP", "1-(4-метилфенил)пропан-1-он", "p-Methylpropiophenone")),
)  # fmt: skip

REAGENTS: tuple[Goods, ...] = (
    _chem("bromine", "reagent", ("Бром технический", "Bromine"), ("2801309000", "7726-95-6"),
          None, 3.10, price=(3.0, 8.0)),
    _chem("dichloromethane", "reagent", ("Дихлорметан", "Dichloromethane"),
          ("2903120000", "75-09-2"), None, 1.33, synonyms=("Метилен хлористый", "DCM"),
          sectors=("chemicals",)),
    _chem("nmp", "reagent", ("N-Метил-2-пирролидон", "N-Methyl-2-pyrrolidone"),
          ("2933790000", "872-50-4"), None, 1.03, price=(3.0, 7.0), synonyms=("NMP",),
          sectors=("chemicals",)),
    _chem("sodium_hydroxide", "reagent", ("Натр едкий", "Sodium hydroxide"),
          ("2815110000", "1310-73-2"), None, price=(0.4, 1.0),
          synonyms=("Каустическая сода", "Caustic soda"), sectors=("chemicals", "food")),
    _chem("isopropanol", "reagent", ("Спирт изопропиловый", "Isopropyl alcohol"),
          ("2905120000", "67-63-0"), None, 0.79, synonyms=("Изопропанол", "IPA"),
          sectors=("chemicals", "medical")),
    _chem("valerophenone", "reagent", ("Валерофенон", "Valerophenone"),
          ("2914390000", "1009-14-9"), None, 0.99, price=(20.0, 60.0),
          synonyms=("1-фенилпентан-1-он", "Butyl phenyl ketone")),
    _chem("pyrrolidine", "reagent", ("Пирролидин", "Pyrrolidine"), ("2933998000", "123-75-1"),
          None, 0.87, price=(8.0, 20.0)),
    _chem("hydrobromic_acid", "reagent", ("Кислота бромистоводородная", "Hydrobromic acid"),
          ("2811191000", "10035-10-6"), None, 1.49, price=(2.0, 6.0)),
)  # fmt: skip


def _kit(
    key: str,
    names: tuple[str, str],
    hs: str,
    price: tuple[float, float],
    kg: float,
    quantity: tuple[int, int] = (1, 4),
    sectors: tuple[str, ...] = (),
) -> Goods:
    """A piece of equipment sold by the piece."""
    return Goods(
        key, "equipment", names[0], names[1], hs, "шт", price, quantity, kg, sectors=sectors
    )


EQUIPMENT: tuple[Goods, ...] = (
    _kit("glass_reactor", ("Реактор стеклянный лабораторный с рубашкой 50 л",
         "Jacketed glass reactor 50 L"), "8419899890", (2500.0, 15000.0), 120.0),
    _kit("magnetic_stirrer", ("Мешалка магнитная с подогревом", "Magnetic stirrer with heating"),
         "8479820000", (150.0, 900.0), 4.0, (2, 20), sectors=("research",)),
    _kit("rotary_evaporator", ("Испаритель ротационный", "Rotary evaporator"), "8419400009",
         (2000.0, 9000.0), 45.0, sectors=("research",)),
    _kit("vacuum_pump", ("Насос вакуумный мембранный", "Diaphragm vacuum pump"), "8414108900",
         (300.0, 3000.0), 25.0, (1, 6)),
    _kit("drying_oven", ("Шкаф сушильный лабораторный", "Laboratory drying oven"), "8419390009",
         (500.0, 3000.0), 60.0, sectors=("medical", "research")),
    _kit("pill_press", ("Пресс таблеточный ротационный", "Rotary tablet press"), "8479899708",
         (1500.0, 20000.0), 400.0, (1, 2)),
    _kit("heating_mantle", ("Колбонагреватель", "Heating mantle"), "8516797000",
         (100.0, 600.0), 6.0, (2, 10), sectors=("research",)),
    _kit("lab_glassware", ("Посуда лабораторная из боросиликатного стекла (колбы, холодильники)",
         "Borosilicate laboratory glassware (flasks, condensers)"), "7017200000",
         (5.0, 80.0), 0.5, (20, 400), sectors=("medical", "research")),
)  # fmt: skip

# What a lab of each kind buys; mephedrone dominates the region.
LAB_ROUTES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("mephedrone", 0.6, ("bromo_mpp", "mpp", "methylamine", "bromine", "dichloromethane", "nmp",
                         "acetone", "hydrochloric_acid", "toluene")),
    ("alpha_pvp", 0.25, ("valerophenone", "bromine", "pyrrolidine", "hydrobromic_acid",
                         "dichloromethane", "acetone", "hydrochloric_acid")),
    ("amphetamine", 0.15, ("p2p", "apaan", "benzaldehyde", "nitroethane", "methylamine",
                           "sulphuric_acid", "toluene", "ethyl_ether", "hydrochloric_acid")),
)  # fmt: skip


def cas_is_valid(cas: str) -> bool:
    """Whether a CAS Registry Number has the right shape and check digit."""
    return casrn.is_valid(cas)


def mistype_cas(rng: random.Random, cas: str) -> str:
    """The CAS number as a clerk might mistype it: two digits swapped or one changed.

    The result always fails the check digit.
    """
    for _ in range(8):
        digits = list(cas)
        spots = [i for i, c in enumerate(digits[:-1]) if c.isdigit() and digits[i + 1].isdigit()]
        i = rng.choice(spots)
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
        candidate = "".join(digits)
        if not cas_is_valid(candidate):
            return candidate
    return cas[:-1] + str((int(cas[-1]) + 1) % 10)
