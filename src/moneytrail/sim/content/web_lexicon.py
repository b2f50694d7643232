"""Words of web pages and the HTML page around them."""

from __future__ import annotations

from html import escape

LABELS: dict[str, dict[str, str | tuple[str, ...]]] = {
    "ru": {
        "tagline": "Магазин 24/7 · только закладки · находы 100%",
        "catalog": "Каталог",
        "payment": "Оплата",
        "contacts": "Контакты",
        "columns": ("Товар", "Город", "Вес", "Цена, ₸"),
        "delivery": "Закладки: магнит, прикоп, тайник. Перезаклад при ненаходе. "
        "Опт — через оператора.",
        "steps": (
            "Выберите товар и город в боте {bot}.",
            "Переведите точную сумму на реквизиты ниже.",
            "Отправьте чек оператору {op} — адрес клада придёт в бот.",
        ),
        "today": "Карта актуальна только сегодня!",
        "card": "Карта",
        "phone": "Перевод по номеру телефона",
        "iban": "Счёт (IBAN)",
        "tron": "USDT TRC20",
        "btc": "Bitcoin",
        "operator": "Оператор",
        "bot": "Бот",
        "channel": "Канал",
    },
    "kk": {
        "tagline": "Дүкен 24/7 · тек закладки · находы 100%",
        "catalog": "Каталог",
        "payment": "Төлем",
        "contacts": "Байланыс",
        "columns": ("Тауар", "Қала", "Салмақ", "Бағасы, ₸"),
        "delivery": "Закладки: магнит, прикоп. Ненаход болса — перезаклад. Опт — оператор арқылы.",
        "steps": (
            "Ботта тауар мен қаланы таңдаңыз: {bot}.",
            "Төмендегі деректемелерге нақты соманы аударыңыз.",
            "Чекті операторға жіберіңіз {op} — клад мекенжайы ботқа келеді.",
        ),
        "today": "Карта тек бүгін ғана жарамды!",
        "card": "Карта",
        "phone": "Телефон нөмірі бойынша аудару",
        "iban": "Шот (IBAN)",
        "tron": "USDT TRC20",
        "btc": "Bitcoin",
        "operator": "Оператор",
        "bot": "Бот",
        "channel": "Арна",
    },
    "en": {
        "tagline": "Open 24/7 · stash drops only · 100% finds",
        "catalog": "Catalogue",
        "payment": "Payment",
        "contacts": "Contacts",
        "columns": ("Product", "City", "Amount", "Price, ₸"),
        "delivery": "Drops: magnet, buried (prikop), hidden spot. Free re-drop if not found. "
        "Bulk via operator.",
        "steps": (
            "Choose the product and city in the bot {bot}.",
            "Send the exact amount to the details below.",
            "Send the receipt to the operator {op}; the drop location comes in the bot.",
        ),
        "today": "Card valid today only!",
        "card": "Card",
        "phone": "Transfer by phone number",
        "iban": "Account (IBAN)",
        "tron": "USDT TRC20",
        "btc": "Bitcoin",
        "operator": "Operator",
        "bot": "Bot",
        "channel": "Channel",
    },
}

DARK = "body{font-family:sans-serif;background:#111;color:#eee;max-width:960px;margin:auto}"
LIGHT = "body{font-family:Arial,sans-serif;background:#fff;color:#222;max-width:960px;margin:auto}"
COMMON = (
    "table{border-collapse:collapse}td,th{border:1px solid #888;padding:4px 8px}.warn{color:#e33}"
)


def label(lang: str, key: str) -> str:
    """One label of the page words."""
    value = LABELS[lang][key]
    assert isinstance(value, str), key
    return value


def labels(lang: str, key: str) -> tuple[str, ...]:
    """A list of page words (table columns, payment steps)."""
    value = LABELS[lang][key]
    assert isinstance(value, tuple), key
    return value


def page(title: str, lang: str, tagline: str, sections: list[str], dark: bool = True) -> str:
    """A whole HTML document; the title and tagline are escaped, the sections are HTML."""
    head = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{DARK if dark else LIGHT}{COMMON}</style>\n</head>\n"
    )
    body = (
        f"<body>\n<header><h1>{escape(title)}</h1><p>{escape(tagline)}</p></header>\n"
        + "\n".join(sections)
        + f"\n<footer>© {escape(title)}</footer>\n</body>\n</html>\n"
    )
    return head + body
