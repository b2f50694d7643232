"""Requisites link to instruments by card token, IBAN, wallet address and phone."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.ids.card import check_card, complete_pan
from moneytrail.osint.analyze import analyze
from moneytrail.osint.items import Item
from moneytrail.osint.link import instrument_index, leads, read_instruments
from moneytrail.osint.model import AdModel

KEY = Tokenizer(b"link-key")
PAN = complete_pan("440043000000999")
TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def test_leads_from_an_ad(model: AdModel, tmp_path: Path) -> None:
    table = pa.table(
        {
            "instrument_id": ["acc-1", "wal-1", "acc-2"],
            "card_tokens": [[check_card(PAN, KEY).token], [], []],
            "address": [None, TRON, None],
            "phone": [None, None, "+77011112233"],
        }
    )
    pq.write_table(table, tmp_path / "instruments.parquet")
    index = instrument_index(read_instruments(tmp_path / "instruments.parquet"))
    text = (
        f"❄️ Снежок | Алматы | меф, шишки\nТолько закладки, оператор @snow_op\n"
        f"Карта: {PAN}\nUSDT TRC20: {TRON}\nКарта актуальна только сегодня!"
    )
    analysis = analyze(Item("shop/1", "telegram", "x", text, "snow_shop"), model, KEY)
    assert analysis.is_ad
    found = {(lead.instrument_id, lead.kind, lead.shop) for lead in leads([analysis], index)}
    assert found == {("acc-1", "card", "snow_shop"), ("wal-1", "tron", "snow_shop")}
    assert all(PAN not in str(lead.to_json()) for lead in leads([analysis], index))
