"""The synthetic country's online and street content: shop channels, sites and graffiti.

`generate_content` writes what an analyst would collect under `out`:

- `telegram/<channel>/result.json`: Telegram Desktop exports of shop and legitimate channels;
- `web/<domain>/index.html`: shop storefronts and legitimate shop pages;
- `photos/<photo_id>.jpg|.png`: street photos of graffiti, posters and QR stickers;

and the ground truth under `truth` (`posts.jsonl`, `pages.jsonl`, `photos.jsonl`), never
inside `out`. Everything is byte-identical for a seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from moneytrail.sim.content.common import as_utc, write_jsonl
from moneytrail.sim.content.draft import Post
from moneytrail.sim.content.negatives import build_negative_posts, negative_channels
from moneytrail.sim.content.photos import photo_specs, render_photo
from moneytrail.sim.content.posts import channel_title, shop_posts
from moneytrail.sim.content.telegram_export import Channel, channel_id, export_channel
from moneytrail.sim.content.web import storefront
from moneytrail.sim.content.web_negatives import negative_pages
from moneytrail.sim.views import ShopView

__all__ = ["generate_content"]


def generate_content(
    seed: int,
    shops: Sequence[ShopView],
    out: Path,
    truth: Path,
    *,
    posts_per_shop: int,
    negative_posts: int,
    photos: int,
    negative_photos: int,
    start: datetime,
    end: datetime,
) -> dict[str, int]:
    """Write channels, pages and photos for the shops plus negatives; return the counts.

    Naive datetimes are taken as UTC. Shops inactive over [start, end) get no posts or page;
    shop photos are of shops active then (of any shop when none is). The number of
    legitimate web pages is the number of shop sites, at least two. Counts returned:
    channels, posts, drug_posts, pages, drug_pages, photos, drug_photos.
    """
    window = (as_utc(start), as_utc(end))
    post_rows = write_channels(
        seed, list(shops), out / "telegram", posts_per_shop, negative_posts, window
    )
    page_rows = write_pages(seed, list(shops), out / "web", window)
    specs = photo_specs(seed, list(shops), photos, negative_photos, window)
    photo_rows = [
        render_photo(seed, spec, f"ph{n:06d}", out / "photos") for n, spec in enumerate(specs, 1)
    ]
    write_jsonl(truth / "posts.jsonl", post_rows)
    write_jsonl(truth / "pages.jsonl", page_rows)
    write_jsonl(truth / "photos.jsonl", photo_rows)
    return {
        "channels": len({row["channel"] for row in post_rows}),
        "posts": len(post_rows),
        "drug_posts": sum(row["is_drug_ad"] for row in post_rows),
        "pages": len(page_rows),
        "drug_pages": sum(row["is_drug_ad"] for row in page_rows),
        "photos": len(photo_rows),
        "drug_photos": sum(row["is_drug_ad"] for row in photo_rows),
    }


def write_channels(
    seed: int,
    shops: list[ShopView],
    folder: Path,
    per_shop: int,
    negatives: int,
    window: tuple[datetime, datetime],
) -> list[dict[str, Any]]:
    """Export every channel that has posts; return the posts' truth rows."""
    channels = {
        shop.channel_handle: Channel(
            shop.channel_handle, channel_title(seed, shop), channel_id(seed, shop.channel_handle)
        )
        for shop in shops
    }
    channels.update({channel.handle: channel for channel in negative_channels(seed)})
    posts: dict[str, list[Post]] = {}
    for shop in shops:
        for post in shop_posts(seed, shop, per_shop, window):
            posts.setdefault(post.channel, []).append(post)
    for post in build_negative_posts(seed, negatives, window):
        posts.setdefault(post.channel, []).append(post)
    rows: list[dict[str, Any]] = []
    for handle in sorted(posts):
        rows += export_channel(seed, channels[handle], posts[handle], folder)
    return rows


def write_pages(
    seed: int, shops: list[ShopView], folder: Path, window: tuple[datetime, datetime]
) -> list[dict[str, Any]]:
    """Storefronts of shops with a site and as many legitimate pages (at least two)."""
    rows = [row for shop in shops if (row := storefront(seed, shop, window, folder)) is not None]
    sites = sum(1 for shop in shops if shop.site)
    return rows + negative_pages(seed, max(2, sites), window, folder)
