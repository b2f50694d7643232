"""A small generated corpus (posts, pages, a few photos) shared by the osint tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.osint.corpus import CorpusSize, generate
from moneytrail.osint.model import AdModel, load_model

SEED = 4404  # neither the training seed (1101) nor the default evaluation seed (2202)
SIZE = CorpusSize(shops=6, posts_per_shop=8, negative_posts=40, photos=4, negative_photos=1)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with out/ (telegram, web, photos) and truth/."""
    root = tmp_path_factory.mktemp("osint-corpus")
    generate(SEED, root, SIZE)
    return root


@pytest.fixture(scope="session")
def model() -> AdModel:
    """The shipped ad model."""
    return load_model()
