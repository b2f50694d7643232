"""Speed of the osint pipeline against a baseline, on generated posts and street photos.

Text: posts per second on one core for the full analysis (normalise, score with reasons,
extract and validate requisites) and for classification alone, beside a plain keyword and
regex filter (the baseline). Photos: seconds per photo for OCR with preprocessing, QR
decoding and analysis, beside plain Tesseract on the unprocessed photo.
Rates per core are per CPU second of the process (`*_per_s`; for photos the CPU seconds of
the Tesseract child processes are added), so that other jobs on a shared machine do not
count; the wall-clock figures are printed beside them (`*_wall`).
The last printed line is one JSON object.

    .venv/bin/python benchmarks/osint_speed.py [--posts-seed 5505] [--photos 10]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytesseract
from PIL import Image

from moneytrail.model.ids.base import Tokenizer
from moneytrail.osint.analyze import analyze, analyze_image
from moneytrail.osint.corpus import CorpusSize, generate
from moneytrail.osint.dataset import labelled_posts
from moneytrail.osint.items import Item
from moneytrail.osint.model import load_model
from moneytrail.osint.normalize import normalize
from moneytrail.osint.ocr import LANGS, check_tesseract
from moneytrail.osint.readers.images import read_image

KEYWORDS = re.compile(r"меф|соль|шишки|закладк|клад|mdma|экстази|гаш|амф|оператор", re.I)
NUMBERS = re.compile(r"\b(?:\d[ -]?){16}\b|\+?[78][\d ()-]{9,14}\d")


def baseline(text: str) -> tuple[bool, list[str]]:
    """A keyword filter and a plain number regex: what a keyword filter does."""
    return bool(KEYWORDS.search(text)), NUMBERS.findall(text)


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (Tesseract)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def rate(function: Callable[[Any], object], inputs: Sequence[Any]) -> tuple[float, float]:
    """Calls per CPU second and per wall second over the inputs, best of three passes."""
    cpu = wall = float("inf")
    for _ in range(3):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        for value in inputs:
            function(value)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, cpu_seconds() - start_cpu)
    return len(inputs) / max(cpu, 1e-9), len(inputs) / wall


def text_speed(items: list[Item]) -> dict[str, float]:
    """Posts per second: full analysis, classification alone, baseline."""
    model, tokenizer = load_model(), Tokenizer(b"bench")
    analyze(items[0], model, tokenizer)  # warm caches
    out: dict[str, float] = {"posts": len(items)}
    runs = {
        "full": lambda item: analyze(item, model, tokenizer),
        "classify": lambda item: model.score(normalize(item.text)),
        "baseline": lambda item: baseline(item.text),
    }
    for name, function in runs.items():
        out[f"{name}_posts_per_s"], out[f"{name}_posts_per_s_wall"] = rate(function, items)
    return out


def photo_speed(photos: list[Path]) -> dict[str, float]:
    """Seconds per photo: ours (preprocessing, OCR, QR, analysis) and plain Tesseract."""
    check_tesseract()
    model, tokenizer = load_model(), Tokenizer(b"bench")
    start, start_cpu = time.perf_counter(), cpu_seconds()
    for path in photos:
        read = read_image(path)
        analyze_image(read.item, read.qr, model, tokenizer)
    ours, ours_cpu = time.perf_counter() - start, cpu_seconds() - start_cpu
    start, start_cpu = time.perf_counter(), cpu_seconds()
    for path in photos:
        pytesseract.image_to_string(Image.open(path), lang="+".join(LANGS))
    plain, plain_cpu = time.perf_counter() - start, cpu_seconds() - start_cpu
    n = len(photos)
    return {
        "photos": n,
        "s_per_photo": ours_cpu / n,
        "s_per_photo_wall": ours / n,
        "baseline_s_per_photo": plain_cpu / n,
        "baseline_s_per_photo_wall": plain / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts-seed", type=int, default=5505)
    parser.add_argument("--photos", type=int, default=10)
    args = parser.parse_args()
    size = CorpusSize(shops=30, posts_per_shop=30, negative_posts=900, photos=args.photos)
    with tempfile.TemporaryDirectory() as tmp:
        out, truth = generate(args.posts_seed, Path(tmp), size)
        items = [post.item for post in labelled_posts(out, truth)]
        text = text_speed(items)
        photos = photo_speed(sorted((out / "photos").iterdir())[: args.photos])
    result = {
        **{k: round(v, 3) for k, v in {**text, **photos}.items()},
        "full_vs_baseline": round(text["full_posts_per_s"] / text["baseline_posts_per_s"], 4),
        "classify_vs_baseline": round(
            text["classify_posts_per_s"] / text["baseline_posts_per_s"], 4
        ),
        "photo_vs_baseline": round(photos["s_per_photo"] / photos["baseline_s_per_photo"], 3),
    }
    for key, value in result.items():
        print(f"{key}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
