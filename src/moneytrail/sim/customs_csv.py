"""Declarations as a customs export arrives: `;`-separated UTF-8 with Russian headers.

Dates are written DD.MM.YYYY and numbers with a decimal comma, as a Russian-locale export
writes them; an absent value is an empty field.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

# Column of the observed table -> header in the export.
HEADERS: tuple[tuple[str, str], ...] = (
    ("declaration_no", "Номер ДТ"),
    ("item_no", "№ товара"),
    ("declaration_date", "Дата регистрации"),
    ("customs_post_code", "Код таможенного органа"),
    ("customs_post_name", "Таможенный орган"),
    ("importer_bin", "БИН получателя"),
    ("importer_name", "Получатель"),
    ("exporter_name", "Отправитель"),
    ("exporter_country", "Страна отправления"),
    ("origin_country", "Страна происхождения"),
    ("goods_description", "Описание товара"),
    ("hs_code", "Код ТН ВЭД ЕАЭС"),
    ("cas_number", "CAS"),
    ("quantity", "Количество"),
    ("unit", "Ед. изм."),
    ("net_weight_kg", "Вес нетто, кг"),
    ("gross_weight_kg", "Вес брутто, кг"),
    ("invoice_value", "Фактурная стоимость"),
    ("currency", "Валюта"),
)


def write_csv(rows: Sequence[Mapping[str, Any]], path: Path) -> int:
    """Write the rows under the Russian headers; returns the number of data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header for _, header in HEADERS)
        for row in rows:
            writer.writerow(_cell(row[column]) for column, _ in HEADERS)
    return len(rows)


def _cell(value: object) -> str:
    """One value as the export writes it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)
