"""Phrases of legitimate posts that look like shop posts: same slang, numbers and wallets.

Same template syntax as `lexicon`: `[word]` a slang word (left clear at level 0), `{name}` a slot.
"""

from __future__ import annotations

# (category, channel username, channel title)
NEGATIVE_CHANNELS = (
    ("classified", "baraholka_kz", "Барахолка Казахстан 🛒"),
    ("news", "kaznews24", "Новости Казахстана 24"),
    ("pharmacy", "apteka_densaulyk", "Аптека Денсаулық 💊"),
    ("hardware", "dom_i_sad_market", "Всё для дома и сада"),
    ("crypto", "p2p_usdt_kzt", "USDT ⇄ KZT | P2P обмен"),
    ("job", "rabota_kz_vakansii", "Работа в Казахстане | Вакансии"),
)
CATEGORY_WEIGHTS = (0.3, 0.2, 0.1, 0.15, 0.1, 0.15)

NEGATIVE_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "classified": {
        "ru": (
            "Продаю iPhone 13, 128 ГБ, состояние отличное. {price} тг, торг. {city}. Тел: {phone}",
            "Сдаётся 2-комнатная квартира, {city}. {price} тг/мес. Предоплата на карту {card}. "
            "Звонить {phone}",
            "Продам Toyota Camry 2015, пробег 140 тыс. км. {price} тг. WhatsApp {phone}",
            "Отдам котёнка в добрые руки 🐱 [мяу]! {city}, {phone}",
            "Продаю ювелирные весы 0,01 г, почти новые, {price} тг. {phone}",
            "Посуточно, {city}: задаток за бронь на карту {card}, остаток при заселении. {phone}",
        ),
        "kk": (
            "Сатылады: Samsung Galaxy A54, жақсы күйде. Бағасы {price} тг. {city}. "
            "Хабарласыңыз: {phone}",
            "Пәтер жалға беріледі, {city}. Алдын ала төлем картаға: {card}. Тел: {phone}",
        ),
        "en": ("Selling a MacBook Air M1, {price} KZT, {city}. Call {phone}",),
    },
    "news": {
        "ru": (
            "В г. {city} задержан [кладмен]: при нём нашли 40 [закладок] с [мефедроном]. "
            "Подробнее: {link}",
            "Полиция г. {city} ликвидировала нарколабораторию: изъято 12 кг [соли] (α-PVP). {link}",
            "АФМ: за год заблокировано более 85 тысяч карт дропперов, через которые оплачивали "
            "[закладки]. {link}",
            "Генпрокуратура: арестованы криптокошельки организаторов [наркошопа] "
            "на $3,8 млн. {link}",
            "В г. {city} изъяли 3 кг [гашиша] и 5 кг [шишек] марихуаны. {link}",
            "В г. {city} осуждён [оператор] магазина, продававшего [меф] через [тайники] "
            "и [магниты]. {link}",
        ),
        "kk": (
            "{city} қаласында [закладка] жасаған күдікті ұсталды, 30 [клад] табылды. {link}",
            "Полиция 2 кг [мефедрон] тәркіледі. Қылмыстық іс қозғалды. {link}",
        ),
        "en": (
            "Police in {city} seized 2 kg of [mephedrone] and detained a [courier] who made "
            "[stash] drops. {link}",
        ),
    },
    "pharmacy": {
        "ru": (
            "Аптека «Денсаулық»: скидка 10% на витамины. Доставка по г. {city}. Заказ: {phone}",
            "В наличии тонометры и глюкометры. Оплата переводом по номеру {phone}",
            "Морская [соль] для ванн и ароматические [кристаллы] — 1 200 ₸. {city}, {phone}",
        ),
        "kk": ("Дәріхана: дәрумендерге 10% жеңілдік. Жеткізу {city} бойынша. Тел: {phone}",),
        "en": ("Pharmacy delivery in {city}, vitamins 10% off. Order: {phone}",),
    },
    "hardware": {
        "ru": (
            "Неодимовые [магниты] 10×3 мм — 150 ₸/шт, [опт] от 100 шт. Доставка по г. {city}. "
            "{phone}",
            "Весы ювелирные 0,01 г — 4 500 ₸, кухонные до 5 кг — 3 900 ₸. {phone}",
            "Зип-пакеты 5×7 см, 100 шт — 900 ₸. Фасовка, упаковка, [опт]. Тел: {phone}",
            "Саженцы яблонь, садовый инвентарь. [Прикоп] саженцев на зиму — консультация. {phone}",
            "Изолента, скотч, пакеты с застёжкой. Оплата на карту {card}",
        ),
        "kk": ("Неодим [магнит]тері, таразылар, зип-пакеттер — [опт] бағамен. Тел: {phone}",),
        "en": ("Neodymium [magnets], jewellery scales 0.01 g, zip bags — wholesale. {phone}",),
    },
    "crypto": {
        "ru": (
            "Куплю/продам USDT TRC20. Курс {rate} ₸, от 100 USDT. Кошелёк: {tron}. Пишите {op}",
            "P2P-мерчант: KZT → USDT за 5 минут. Оплата на карту {card}. {op}",
            "Обмен BTC ↔ KZT, наличные {city}. Адрес резерва: {btc}. {op}",
        ),
        "kk": ("USDT сатып аламын/сатамын, бағам {rate} ₸. Әмиян: {tron}. Жазыңыз: {op}",),
        "en": ("Buying and selling USDT (TRC20), rate {rate} KZT. Wallet: {tron}. DM {op}",),
    },
    "job": {
        "ru": (
            "Требуются курьеры (пешие и авто), {city}. Оплата ежедневно от 12 000 ₸. {phone}",
            "Вакансия: [оператор] call-центра, график 5/2, 250 000 ₸. Резюме: {op}",
            "Работа для студентов: курьер доставки еды, выплаты каждый день. {op}",
            "Склад, г. {city}: нужны грузчики, [вес] до 20 кг, [опт]овые заказы. {phone}",
        ),
        "kk": ("Курьер керек, {city}. Күнделікті төлем 12 000 ₸ бастап. Тел: {phone}",),
        "en": ("Now hiring delivery couriers in {city}, daily payouts. Call {phone}",),
    },
}

NEWS_SITE = "kaznews24.kz"
TRADER_NAMES = ("alex", "dana", "arman", "aigerim", "timur", "p2p", "obmen", "hr", "work")
TRADER_TAILS = ("usdt", "trade", "exchange", "kz", "vakansii", "jobs", "pro")
