"""Words and phrases of shop posts, per language ("ru", "kk" = Kazakh mixed with Russian, "en").

Template syntax, read by `draft.Draft.fill`: `[word]` is a slang word that gets obfuscated,
`{name}` is a slot filled by the caller (product names, handles, requisites, prices).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("ru", "kk", "en")


@dataclass(frozen=True, slots=True)
class Product:
    """One product line of a shop: its slang names, emoji, unit and retail price range."""

    key: str
    ru: tuple[str, ...]
    en: tuple[str, ...]
    emoji: str
    per_piece: bool
    price: tuple[int, int]  # tenge per gram or per piece


PRODUCTS = (
    Product(
        "mephedrone",
        ("меф", "мефедрон", "мяу", "крис", "мука"),
        ("mephedrone", "meph", "4-MMC"),
        "🐱",
        False,
        (12_000, 25_000),
    ),
    Product(
        "alpha_pvp",
        ("соль", "СК", "альфа", "α-PVP", "кристаллы"),
        ("alpha-PVP", "a-PVP", "flakka"),
        "💎",
        False,
        (10_000, 20_000),
    ),
    Product(
        "cannabis",
        ("шишки", "бошки", "АК-47"),
        ("weed", "buds", "AK-47"),
        "🌿",
        False,
        (8_000, 15_000),
    ),
    Product(
        "hashish", ("гаш", "гашиш", "пластилин"), ("hash", "hashish"), "🍫", False, (9_000, 16_000)
    ),
    Product(
        "amphetamine", ("амф", "скорость", "фен"), ("amph", "speed"), "⚡", False, (8_000, 15_000)
    ),
    Product(
        "mdma",
        ("экстази", "MDMA", "таблы"),
        ("MDMA", "ecstasy", "pills"),
        "💊",
        True,
        (7_000, 12_000),
    ),
    Product("lsd", ("марки", "LSD"), ("LSD", "tabs", "blotters"), "🌈", True, (6_000, 10_000)),
)


def product(name: str) -> Product:
    """The product for a key (`mephedrone`) or any of its slang names, case-insensitive."""
    wanted = name.strip().lower()
    for item in PRODUCTS:
        if wanted == item.key or wanted in {n.lower() for n in item.ru + item.en}:
            return item
    known = ", ".join(item.key for item in PRODUCTS)
    raise ValueError(f"unknown product {name!r}; known keys: {known}")


AMOUNTS_G = (0.5, 1.0, 2.0, 3.0, 5.0)
AMOUNTS_PCS = (1.0, 2.0, 5.0, 10.0)
UNITS = {"ru": ("г", "шт"), "kk": ("г", "дана"), "en": ("g", "pcs")}

CITIES = (
    ("Алматы", "Алматы", "Almaty"),
    ("Астана", "Астана", "Astana"),
    ("Шымкент", "Шымкент", "Shymkent"),
    ("Караганда", "Қарағанды", "Karaganda"),
    ("Актобе", "Ақтөбе", "Aktobe"),
    ("Тараз", "Тараз", "Taraz"),
    ("Павлодар", "Павлодар", "Pavlodar"),
    ("Усть-Каменогорск", "Өскемен", "Oskemen"),
    ("Семей", "Семей", "Semey"),
    ("Атырау", "Атырау", "Atyrau"),
    ("Костанай", "Қостанай", "Kostanay"),
    ("Кызылорда", "Қызылорда", "Kyzylorda"),
    ("Уральск", "Орал", "Oral"),
    ("Актау", "Ақтау", "Aktau"),
    ("Петропавловск", "Петропавл", "Petropavl"),
    ("Туркестан", "Түркістан", "Turkistan"),
    ("Талдыкорган", "Талдықорған", "Taldykorgan"),
    ("Жезказган", "Жезқазған", "Zhezkazgan"),
)


def city_name(city: str, lang: str) -> str:
    """The city's name in the language; a city not listed keeps the name it was given."""
    for forms in CITIES:
        if city.strip().lower() in {form.lower() for form in forms}:
            return forms[LANGUAGES.index(lang)]
    return city


# Emoji that stand in for delivery words at obfuscation levels 2 and 3.
SLANG_EMOJI = {"магнит": "🧲", "прикоп": "⛏️", "тайник": "📦", "клад": "📍", "закладки": "📍",
               "magnet": "🧲", "stash": "📦"}  # fmt: skip

HEAD_EMOJI = ("❄️", "🔥", "💎", "⚡️", "🍀", "👑", "🚀", "🌀")

DIGIT_WORDS = {
    "ru": ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"),
    "kk": ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}

# Phrase groups of shop posts, per language. Keys are the groups a post is built from.
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {
        "head": (
            "{emo} {shop} {emo} | {city} | {prod}",
            "🔥 {shop} — лучший {prod} в г. {city} 🔥",
            "{shop} снова на связи! {prod} / {prod2} — {city}",
            "{emo} {city}: {prod}, {prod2} в наличии | {shop}",
        ),
        "delivery": (
            "Работаем 24/7, только [закладки]: [магнит], [прикоп], [тайник].",
            "[Находы] 100%! При [ненаходе] — [перезаклад] по видео.",
            "Свежие [клады] по всему городу, фото + координаты в боте.",
            "[Опт] от 50г, крупный [вес] — цены у [оператора].",
        ),
        "pay_head": ("💳 Оплата:", "Реквизиты на сегодня:", "Оплата переводом:"),
        "card": ("Карта: {card}", "Перевод на карту {card}"),
        "phone": (
            "Перевод по номеру телефона: {phone}",
            "Перевод в приложении банка по номеру {phone}",
        ),
        "iban": ("Счёт (IBAN): {iban}",),
        "tron": ("USDT TRC20: {tron}", "USDT (сеть TRON): {tron}"),
        "btc": ("BTC: {btc}", "Биткоин: {btc}"),
        "today": (
            "❗️Карта актуальна только сегодня!",
            "Карта актуальна только сегодня, завтра — новая в боте.",
        ),
        "bot": ("🤖 Бот: {bot}", "Заказ через бота {bot}"),
        "op": ("👤 [Оператор]: {op}", "Вопросы, [опт] — {op}"),
        "after": ("После оплаты скрин [оператору] {op}, адрес [клада] придёт в бот.",),
        "jobs": (
            "Ищем [кладменов]! От 15 000₸ за смену, [вес] выдаём сразу. Пиши {op}",
            "Работа: курьер-[кладмен], оплата ежедневно, залог не нужен. {op}",
        ),
        "price_head": ("💰 Прайс {city}:", "Цены ({city}):"),
        "price": ("{prod} {amount}{unit} — {price}₸", "{prod} {amount}{unit} = {price} тг"),
        "mirror": ("Зеркало: {onion}", "Сайт: {onion}"),
        "channel": ("Наш канал: {link}", "Резерв: {link}"),
    },
    "kk": {
        "head": (
            "{emo} {shop} дүкені {emo} | {city} қаласы | {prod}",
            "{shop} — {city} қаласындағы ең жақсы {prod}",
            "{emo} {city}: {prod}, {prod2} бар | {shop} дүкен",
        ),
        "delivery": (
            "Дүкен 24/7 жұмыс істейді, [закладки] бүкіл қала бойынша: [магнит], [прикоп].",
            "[Находы] 100%, [ненаход] болса — [перезаклад].",
            "[Опт] бар, үлкен [вес] — [оператор] арқылы.",
        ),
        "pay_head": ("💳 Төлем:", "Бүгінгі төлем деректемелері:"),
        "card": ("Карта: {card}", "Картаға аудару: {card}"),
        "phone": ("Телефон нөмірі бойынша аудару: {phone}",),
        "iban": ("Шот (IBAN): {iban}",),
        "tron": ("USDT TRC20 әмиян: {tron}",),
        "btc": ("BTC әмиян: {btc}",),
        "today": (
            "❗️Карта тек бүгін ғана жарамды! Карта актуальна только сегодня.",
            "Карта күн сайын ауысады, төлем тек бот арқылы.",
        ),
        "bot": ("🤖 Бот: {bot}", "Тапсырыс үшін ботқа жаз: {bot}"),
        "op": ("👤 [Оператор]: {op}", "Сұрақтар бойынша: {op}"),
        "after": (
            "Төлемнен кейін скринді [оператор]ға жібер {op}, [клад] мекенжайы ботқа келеді.",
        ),
        "jobs": ("[Кладмен] керек! Күнделікті төлем, 15 000₸ бастап. Жаз: {op}",),
        "price_head": ("💰 Бағалар ({city}):", "{city} қаласы — прайс:"),
        "price": ("{prod} {amount}{unit} — {price}₸",),
        "mirror": ("Сайт: {onion}",),
        "channel": ("Біздің арна: {link}",),
    },
    "en": {
        "head": (
            "{emo} {shop} {emo} | {city} | {prod}",
            "🔥 {shop} — best {prod} in {city} 🔥",
            "{city}: {prod} and {prod2} in stock | {shop}",
        ),
        "delivery": (
            "Open 24/7, [klad] drops only: [magnet], [prikop], [stash].",
            "100% [finds]! [Not found]? Free [re-drop] with video.",
            "[Bulk] from 50g — ask the [operator].",
        ),
        "pay_head": ("💳 Payment:", "Today's payment details:"),
        "card": ("Card: {card}",),
        "phone": ("Transfer by phone number: {phone}",),
        "iban": ("Account (IBAN): {iban}",),
        "tron": ("USDT TRC20: {tron}",),
        "btc": ("BTC: {btc}",),
        "today": ("❗️Card valid today only!",),
        "bot": ("🤖 Bot: {bot}", "Order via bot {bot}"),
        "op": ("👤 [Operator]: {op}", "Support and [bulk]: {op}"),
        "after": (
            "Send the receipt to the [operator] {op}, the [drop] location comes in the bot.",
        ),
        "jobs": ("Hiring [couriers], daily pay from 15 000₸. DM {op}",),
        "price_head": ("💰 Prices ({city}):",),
        "price": ("{prod} {amount}{unit} — {price}₸",),
        "mirror": ("Mirror: {onion}",),
        "channel": ("Our channel: {link}",),
    },
}

CHANNEL_TITLE = ("{emo} {shop} | {city}", "{shop} {emo}", "{shop} — {city} 24/7")
