"""Street photos decode at the recorded size, and their QR codes carry the recorded payload."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import qrcode
from PIL import Image

from moneytrail.sim.content.common import derive
from moneytrail.sim.content.photo_content import shop_content
from moneytrail.sim.content.photos import PhotoSpec, render_photo
from tests.sim.content.shops import make_shops
from tests.sim.content.world import SEED, Generated


def test_photos_decode_at_recorded_size(generated: Generated) -> None:
    rows = generated.rows("photos.jsonl")
    assert sorted(row["is_drug_ad"] for row in rows) == [False] * 3 + [True] * 4
    for row in rows:
        with Image.open(generated.out / row["file"]) as image:
            image.load()
            assert image.size == (row["width"], row["height"])
            assert image.format == row["format"].upper()
            assert not image.info.get("exif")
        assert row["texts"]
        assert set(row["distortion"]) >= {
            "rotation_deg",
            "corner_shift_px",
            "blur_radius",
            "noise_sigma",
        }


def test_shop_photos_name_their_handles(generated: Generated) -> None:
    shops = {shop.shop_id: shop for shop in make_shops()}
    for row in generated.rows("photos.jsonl"):
        if not row["is_drug_ad"]:
            continue
        shop = shops[row["shop_id"]]
        handles = {shop.bot_handle.lower(), shop.operator_handle.lower(), shop.channel_handle}
        named = row["handles"] + [link.split("/")[-1] for link in row["links"]]
        assert named
        assert set(named) <= handles
        assert any(c["shown"] in text for c in row["contacts"] for text in row["texts"])


def expected_modules(payload: str) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """The QR modules qrcode makes for the payload at error correction M."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def sampled_modules(
    image: Image.Image, quad: list[list[float]], size: int
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Dark/light of each module's centre, mapped from the code's square onto the photo quad."""
    gray = np.asarray(image.convert("L"), np.float64)
    rows, rhs = [], []
    for (x, y), (u, v) in zip([(0, 0), (size, 0), (size, size), (0, size)], quad, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        rhs += [u, v]
    matrix = np.append(np.linalg.solve(np.array(rows, float), np.array(rhs, float)), 1).reshape(
        3, 3
    )
    values = np.zeros((size, size))
    for i in range(size):
        for j in range(size):
            x, y, w = matrix @ np.array([j + 0.5, i + 0.5, 1.0])
            px, py = round(x / w), round(y / w)
            values[i, j] = gray[py - 1 : py + 2, px - 1 : px + 2].mean()
    dark: np.ndarray[Any, np.dtype[np.bool_]] = values < (values.min() + values.max()) / 2
    return dark


def qr_keys(count: int) -> list[tuple[str, Any]]:
    """The first shop-photo keys whose content carries a QR code."""
    shops, found = make_shops(), []
    picker = random.Random(SEED)
    for index in range(200):
        key, shop = f"shop-{index}", picker.choice(shops)
        if shop_content(derive(SEED, "photo", key), shop).qr_payload:
            found.append((key, shop))
        if len(found) == count:
            break
    return found


def test_qr_codes_carry_the_payload(tmp_path: Path) -> None:
    for number, (key, shop) in enumerate(qr_keys(3)):
        row = render_photo(SEED, PhotoSpec(key, shop), f"qr{number}", tmp_path)
        payload = row["qr_payload"]
        assert payload in (f"https://t.me/{shop.bot_handle}", f"https://t.me/{shop.channel_handle}")
        expected = expected_modules(payload)
        other = expected_modules(payload[:-1] + ("x" if payload[-1] != "x" else "y"))
        with Image.open(tmp_path / Path(row["file"]).name) as image:
            seen = sampled_modules(image, row["qr_quad"], expected.shape[0])
        assert (seen == expected).mean() > 0.97, (seen == expected).mean()
        assert (seen != other).sum() > (seen != expected).sum() + 20, "a near payload must not fit"
