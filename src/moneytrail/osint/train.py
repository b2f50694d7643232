"""Train the ad classifier on a generated corpus of one seed; write it with its model card.

Run by `moneytrail osint train`; the shipped model (`ad_v1.json` in this package) was made by
it with the defaults below. The card records the training seed, the sizes, a SHA-256 of the
training texts and labels, the parameters, and metrics on held-out posts of another seed.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

from moneytrail.osint.corpus import CorpusSize, generate
from moneytrail.osint.dataset import Labelled, labelled_pages, labelled_posts
from moneytrail.osint.features import BUCKETS, NGRAMS, char_grams
from moneytrail.osint.lexicon import NAMES, named_values
from moneytrail.osint.model import AdModel
from moneytrail.osint.normalize import Normalized, normalize
from moneytrail.osint.seeds import TRAIN_SEED

PARAMS = {"C": 20.0, "min_df": 2}


def data_hash(posts: Sequence[Labelled]) -> str:
    """SHA-256 over every training text and its label, in order."""
    digest = hashlib.sha256()
    for post in posts:
        digest.update(f"{int(post.is_ad)}\t{post.item.text}\x00".encode())
    return digest.hexdigest()


def fit(posts: Sequence[Labelled], card: dict[str, Any]) -> AdModel:
    """Fit the model on labelled posts."""
    docs = [normalize(post.item.text) for post in posts]
    counts = gram_matrix(docs)
    keep = np.flatnonzero(np.asarray((counts > 0).sum(axis=0)).ravel() >= PARAMS["min_df"])
    tfidf = TfidfTransformer(sublinear_tf=True)
    grams = tfidf.fit_transform(counts[:, keep])
    named = csr_matrix(np.array([named_values(doc) for doc in docs]))
    labels = np.array([post.is_ad for post in posts], dtype=int)
    classifier = LogisticRegression(C=PARAMS["C"], max_iter=3000)
    classifier.fit(hstack([grams, named]).tocsr(), labels)
    return to_model(keep, tfidf.idf_, classifier, card)


def gram_matrix(docs: Sequence[Normalized]) -> csr_matrix:
    """Documents by hash buckets, n-gram counts as values."""
    rows = [char_grams(doc.skeleton) for doc in docs]
    indptr = np.cumsum([0] + [len(g.buckets) for g in rows])
    indices = np.concatenate([g.buckets for g in rows])
    data = np.concatenate([g.counts for g in rows]).astype(float)
    return csr_matrix((data, indices, indptr), shape=(len(docs), BUCKETS))


def to_model(
    keep: npt.NDArray[np.int64],
    idf: npt.NDArray[np.float64],
    classifier: LogisticRegression,
    card: dict[str, Any],
) -> AdModel:
    """The fitted estimators as an AdModel; its version hashes the weights."""
    coef = classifier.coef_[0]
    full_idf, full_weight = np.zeros(BUCKETS), np.zeros(BUCKETS)
    full_idf[keep], full_weight[keep] = idf, coef[: len(keep)]
    named = {name: float(coef[len(keep) + k]) for k, name in enumerate(NAMES)}
    weights = hashlib.sha256(np.round(coef, 6).tobytes()).hexdigest()[:12]
    intercept = float(classifier.intercept_[0])
    return AdModel(f"ad-1+{weights}", full_idf, full_weight, named, intercept, card)


def train(size: CorpusSize | None = None, seed: int = TRAIN_SEED) -> AdModel:
    """Generate the training corpus for the seed and fit a model with its card."""
    size = size or CorpusSize()
    with tempfile.TemporaryDirectory(prefix="moneytrail-osint-") as tmp:
        folders = generate(seed, Path(tmp), size)
        posts = labelled_posts(*folders) + labelled_pages(*folders)
    card = {
        "model": "hashed char 3-4-gram TF-IDF of the look-alike skeleton + named lexicon features,"
        " logistic regression",
        "ngrams": list(NGRAMS),
        "buckets": BUCKETS,
        "params": PARAMS,
        "train_seed": seed,
        "train_items": len(posts),
        "train_ads": sum(post.is_ad for post in posts),
        "train_data_sha256": data_hash(posts),
        "corpus": asdict(size),
    }
    return fit(posts, card)
