"""Masking of personal identifiers for display: the one rule every page, export and API uses."""


def mask_middle(text: str, *, keep_start: int, keep_end: int) -> str:
    """Keep the first and last characters, star the rest (all stars when too short to keep both)."""
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + text[-keep_end:]


def mask_phone(value) -> str:
    """13812345678 -> 138****5678."""
    return mask_middle(str(value or ""), keep_start=3, keep_end=4)
