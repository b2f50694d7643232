"""Ordinary goods that most declarations carry, grouped by the importing sector.

Codes are ten-digit EAEU TN VED codes (first six digits: HS 2022); prices are unit prices
in USD, of the right order of magnitude only.
"""

from __future__ import annotations

from moneytrail.sim.customs_goods import Goods

SECTORS: tuple[str, ...] = (
    "food",
    "textiles",
    "electronics",
    "auto_parts",
    "chemicals",
    "medical",
    "construction",
    "mining",
)


def _item(
    key: str,
    sector: str,
    names: tuple[str, str],
    hs: str,
    unit: str,
    price: tuple[float, float],
    quantity: tuple[int, int],
    kg_per_unit: float,
    synonyms: tuple[str, ...] = (),
) -> Goods:
    """An ordinary item imported by one sector."""
    return Goods(
        key, "ordinary", names[0], names[1], hs, unit, price, quantity, kg_per_unit,
        synonyms=synonyms, sectors=(sector,),
    )  # fmt: skip


ORDINARY: tuple[Goods, ...] = (
    _item("black_tea", "food", ("Чай чёрный байховый листовой", "Black leaf tea"), "0902300000",
          "кг", (3.0, 9.0), (500, 20000), 1.0, ("Чай черный в пакетиках",)),
    _item("rice", "food", ("Рис шлифованный длиннозёрный", "Long grain milled rice"),
          "1006309800", "кг", (0.5, 1.2), (5000, 60000), 1.0),
    _item("sunflower_oil", "food", ("Масло подсолнечное рафинированное", "Refined sunflower oil"),
          "1512199009", "л", (0.9, 1.6), (2000, 40000), 0.92),
    _item("chocolate", "food", ("Шоколад молочный в плитках", "Milk chocolate bars"),
          "1806329000", "кг", (4.0, 12.0), (200, 8000), 1.0, ("Кондитерские изделия",)),
    _item("dried_apricots", "food", ("Курага сушёная", "Dried apricots"), "0813100000", "кг",
          (2.0, 5.0), (1000, 20000), 1.0),
    _item("bananas", "food", ("Бананы свежие", "Fresh bananas"), "0803900000", "кг",
          (0.6, 1.1), (10000, 22000), 1.0),
    _item("tshirts", "textiles", ("Футболки мужские трикотажные хлопчатобумажные",
          "Men's cotton knitted T-shirts"), "6109100000", "шт", (1.5, 6.0), (500, 20000), 0.2),
    _item("jeans", "textiles", ("Брюки джинсовые мужские", "Men's denim trousers"),
          "6203423100", "шт", (5.0, 15.0), (200, 8000), 0.6),
    _item("dresses", "textiles", ("Платья женские из синтетических нитей",
          "Women's dresses of synthetic fibres"), "6204430000", "шт", (4.0, 20.0),
          (100, 5000), 0.4),
    _item("sneakers", "textiles", ("Обувь спортивная с верхом из текстиля",
          "Sports footwear with textile uppers"), "6404110000", "шт", (6.0, 25.0), (200, 6000),
          0.9),
    _item("cotton_fabric", "textiles", ("Ткань хлопчатобумажная окрашенная", "Dyed cotton fabric"),
          "5208520000", "кг", (3.0, 7.0), (500, 15000), 1.0),
    _item("smartphones", "electronics", ("Телефоны сотовые (смартфоны)", "Smartphones"),
          "8517130000", "шт", (90.0, 600.0), (50, 3000), 0.35, ("Мобильные телефоны",)),
    _item("laptops", "electronics", ("Компьютеры портативные (ноутбуки)", "Laptop computers"),
          "8471300000", "шт", (250.0, 1200.0), (20, 1000), 2.5),
    _item("led_tv", "electronics", ("Телевизоры жидкокристаллические", "LCD television sets"),
          "8528721000", "шт", (120.0, 700.0), (20, 800), 14.0),
    _item("led_lamps", "electronics", ("Лампы светодиодные", "LED lamps"), "8539520009", "шт",
          (0.5, 3.0), (1000, 50000), 0.08),
    _item("power_banks", "electronics", ("Аккумуляторы литий-ионные портативные",
          "Portable lithium-ion power banks"), "8507600000", "шт", (4.0, 20.0), (200, 10000), 0.3),
    _item("brake_pads", "auto_parts", ("Колодки тормозные для легковых автомобилей",
          "Brake pads for passenger cars"), "8708309109", "шт", (4.0, 20.0), (200, 10000), 0.8),
    _item("tyres", "auto_parts", ("Шины пневматические резиновые новые", "New pneumatic tyres"),
          "4011100003", "шт", (30.0, 120.0), (100, 3000), 9.0),
    _item("oil_filters", "auto_parts", ("Фильтры масляные для двигателей", "Engine oil filters"),
          "8421230000", "шт", (1.5, 8.0), (500, 20000), 0.4),
    _item("spark_plugs", "auto_parts", ("Свечи зажигания", "Spark plugs"), "8511100000", "шт",
          (0.8, 5.0), (1000, 30000), 0.06),
    _item("headlamps", "auto_parts", ("Фары головного света", "Headlamps"), "8512200009", "шт",
          (20.0, 150.0), (20, 1000), 3.0),
    _item("acrylic_paint", "chemicals", ("Краска акриловая водно-дисперсионная",
          "Water-based acrylic paint"), "3209100009", "кг", (1.5, 4.0), (1000, 30000), 1.0),
    _item("paint_thinner", "chemicals", ("Растворитель для лакокрасочных материалов",
          "Paint thinner"), "3814009000", "л", (1.0, 3.0), (500, 10000), 0.85,
          ("Разбавитель Р-646",)),
    _item("detergent", "chemicals", ("Средство моющее синтетическое", "Synthetic detergent"),
          "3402509000", "кг", (0.8, 2.5), (2000, 40000), 1.0),
    _item("polyethylene", "chemicals", ("Полиэтилен низкого давления в гранулах",
          "HDPE granules"), "3901209000", "кг", (0.9, 1.6), (10000, 60000), 1.0),
    _item("npk_fertiliser", "chemicals", ("Удобрение минеральное NPK 16-16-16",
          "NPK 16-16-16 fertiliser"), "3105200000", "кг", (0.3, 0.7), (20000, 60000), 1.0),
    _item("syringes", "medical", ("Шприцы инъекционные одноразовые", "Disposable syringes"),
          "9018319000", "шт", (0.03, 0.15), (10000, 500000), 0.005),
    _item("nitrile_gloves", "medical", ("Перчатки медицинские нитриловые",
          "Nitrile medical gloves"),
          "4015120009", "шт", (0.02, 0.08), (10000, 500000), 0.004),
    _item("reagent_kits", "medical", ("Наборы реагентов для клинической диагностики",
          "Clinical diagnostic reagent kits"), "3822190000", "шт", (20.0, 300.0), (10, 500), 1.0),
    _item("ceramic_tiles", "construction", ("Плитка керамическая глазурованная",
          "Glazed ceramic tiles"), "6907210000", "кг", (0.3, 1.0), (10000, 25000), 1.0),
    _item("drill_bits", "mining", ("Коронки буровые твёрдосплавные", "Carbide drill bits"),
          "8207191000", "шт", (20.0, 200.0), (20, 1000), 1.5),
)  # fmt: skip
