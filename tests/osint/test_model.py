"""The ad model: shipped with its card, scores with reasons, round-trips, trains reproducibly."""

from __future__ import annotations

from pathlib import Path

from moneytrail.osint.corpus import CorpusSize
from moneytrail.osint.model import AdModel, load_model, save_model
from moneytrail.osint.normalize import normalize
from moneytrail.osint.seeds import HELD_OUT_SEED, TRAIN_SEED
from moneytrail.osint.train import train

AD = "🔥 Белый Кролик | Алматы | мeф\nТолько з*akлaдk*и: м а г н и т\nОператор: @ wr_operator"
NOT_AD = "Отдам котёнка в добрые руки, мяу! Алматы, +7 701 123 45 67"


def test_shipped_model_has_a_card(model: AdModel) -> None:
    card = model.card
    assert card["train_seed"] == TRAIN_SEED
    assert len(card["train_data_sha256"]) == 64
    assert card["held_out"]["seed"] == HELD_OUT_SEED
    assert model.version.startswith("ad-1+")


def test_scores_with_reasons(model: AdModel) -> None:
    ad = model.score(normalize(AD))
    assert ad.probability > 0.5
    assert ad.reasons
    assert all(reason.explanation for reason in ad.reasons)
    assert model.score(normalize(NOT_AD)).probability < 0.5


def test_round_trip(model: AdModel, tmp_path: Path) -> None:
    save_model(model, tmp_path / "m.json")
    again = load_model(tmp_path / "m.json")
    assert again.version == model.version
    doc = normalize(AD)
    assert abs(again.score(doc).probability - model.score(doc).probability) < 1e-4


def test_training_is_reproducible() -> None:
    size = CorpusSize(shops=4, posts_per_shop=6, negative_posts=30)
    first, second = train(size, seed=77), train(size, seed=77)
    assert first.version == second.version
    assert first.card["train_data_sha256"] == second.card["train_data_sha256"]
    assert first.card["train_items"] > 50
