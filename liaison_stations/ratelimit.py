"""A fixed-window rate limit kept in the cache (shared by all workers when the cache is Redis).

``hit`` counts one event for a key and says whether it is still within the
limit; ``exceeded`` only looks. A window is ``window`` seconds long, so a
client gets at most ``limit`` events per window (up to twice that across a
window boundary, which is enough against floods from one address).
"""

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(key: str, window: int) -> str:
    return f"liaison-ratelimit:{key}:{window}:{int(time.time() // window)}"


def hit(key: str, *, limit: int, window: int) -> bool:
    try:
        return _hit(key, limit=limit, window=window)
    except Exception:
        # The cache (Redis) is down: residents can still submit; the honeypot and
        # timing checks still hold, and the outage is logged.
        logger.warning("Rate-limit cache unavailable; letting the request through", exc_info=True)
        return True


def _hit(key: str, *, limit: int, window: int) -> bool:
    cache_key = _key(key, window)
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def exceeded(key: str, *, limit: int, window: int) -> bool:
    try:
        return (cache.get(_key(key, window)) or 0) >= limit
    except Exception:
        logger.warning("Rate-limit cache unavailable", exc_info=True)
        return False


def claim_once(key: str, *, ttl: int) -> bool:
    """True the first time ``key`` is claimed within ``ttl`` seconds, False on every later claim."""
    cache_key = f"liaison-once:{hashlib.sha256(key.encode()).hexdigest()}"
    try:
        return cache.add(cache_key, 1, timeout=ttl)
    except Exception:
        # As for the rate limit: with the cache down, residents can still submit.
        logger.warning("One-time token cache unavailable; letting the request through", exc_info=True)
        return True
