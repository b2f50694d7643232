"""Tor onion addresses: real v3 services, v2 refusal, URLs, and substitutions."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.model.ids import onion
from moneytrail.model.ids.base import IdKind, IdResult

# Public v3 services: DuckDuckGo, the Tor Project, Facebook, Proton Mail.
KNOWN = [
    "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion",
    "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion",
    "facebookwkhpilnemxj7asaniu7vnjjbiltxjqhye3mhbshg7kx5tfyd.onion",
    "protonmailrmez3lotccipshtkleegetolb73fuirgj7r4o4vfu7ozyd.onion",
]
DDG = KNOWN[0]
BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


@pytest.mark.parametrize("address", KNOWN)
def test_known_services_are_valid(address: str) -> None:
    result = onion.check_onion(address)
    assert result.valid
    assert result.kind == IdKind.ONION
    assert result.normalized == address
    assert result.details["version"] == "3"
    assert onion.looks_like_onion(address)


@pytest.mark.parametrize(
    "text",
    [
        f"http://{DDG}",
        f"https://{DDG.upper()}/search?q=x",
        f"{DDG}:443/path",
        f"https://{DDG}./",
    ],
)
def test_urls_are_normalised_to_the_host(text: str) -> None:
    result = onion.check_onion(text)
    assert result.valid
    assert result.normalized == DDG
    assert onion.looks_like_onion(text)


def test_subdomains_are_dropped_and_kept_in_details() -> None:
    result = onion.check_onion(f"https://www.{DDG}")
    assert result.normalized == DDG
    assert result.details["subdomain"] == "www"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("expyuzz4wqqyqhjn.onion", "onion.v2_deprecated"),
        ("http://3g2upl4pq6kufc4m.onion/", "onion.v2_deprecated"),
        (DDG[:20] + DDG[21:], "onion.length"),
        ("duckduckgo.com", "onion.suffix"),
        (DDG.replace("duck", "du1k", 1), "onion.alphabet"),
        (DDG[:55] + "e.onion", "onion.version"),  # the last character holds the version
        (DDG[:5] + "x" + DDG[6:], "onion.checksum"),
    ],
)
def test_invalid_addresses_name_the_rule(text: str, rule: str) -> None:
    result = onion.check_onion(text)
    assert not result.valid
    assert result.rule == rule


def test_shapes_that_do_not_look_like_onion() -> None:
    for text in ("", "onion", ".onion", "example.com", f"user@{DDG}"):
        assert not onion.looks_like_onion(text)


def test_make_onion_gives_the_known_address() -> None:
    key = base64.b32decode(DDG[:56].upper())[:32]
    assert onion.make_onion(key) == DDG
    with pytest.raises(ValueError, match="32 bytes"):
        onion.make_onion(bytes(31))


def _substitutions(address: str) -> list[str]:
    """Every address with one of its 56 characters replaced by another base32 character."""
    return [
        address[:i] + char + address[i + 1 :]
        for i in range(56)
        for char in BASE32.replace(address[i], "")
    ]


# The checksum has only 16 bits, so a few substitutions pass by chance (about 1 in 65536,
# only in the key's characters): one does for the Tor Project's address.
CHANCE_PASSES = {KNOWN[1]: ["23zyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"]}


@pytest.mark.parametrize("address", KNOWN)
def test_substitutions_of_known_services_are_detected_but_for_chance(address: str) -> None:
    missed = [c for c in _substitutions(address) if onion.check_onion(c).valid]
    assert missed == CHANCE_PASSES.get(address, [])


key32 = st.binary(min_size=32, max_size=32)


@given(key32)
def test_generated_addresses_validate(key: bytes) -> None:
    address = onion.make_onion(key)
    assert onion.check_onion(address).normalized == address


@settings(max_examples=20, deadline=None)
@given(key32)
def test_substitutions_are_almost_always_detected(key: bytes) -> None:
    # Of the 1736 substitutions about 0.03 per address pass by chance (16-bit checksum);
    # more than 3 would mean a broken check.
    missed = [c for c in _substitutions(onion.make_onion(key)) if onion.check_onion(c).valid]
    assert len(missed) <= 3


@given(st.text(max_size=80))
def test_check_never_raises(text: str) -> None:
    assert isinstance(onion.check_onion(text), IdResult)
