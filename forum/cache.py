"""Redis, as the cache, sessions and rate limits use it, without letting a stuck
Redis slow every page.

Each call already has a socket timeout (1 s), and every caller carries on without
the cache when a call fails. But a page makes several calls, and a Redis that has
stopped answering costs each of them the whole timeout. So once a call fails, this
process stops asking Redis for FORUM_CACHE_PAUSE seconds: calls fail at once, and
the callers carry on as they would with Redis down. Then Redis is tried again.
"""

import functools
import logging
import time

import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

GUARDED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
)


class CacheUnavailable(ConnectionError):
    """Redis failed a moment ago; not asked again until the pause is over."""


class PausingRedisCache(RedisCache):
    """Django's Redis cache, leaving Redis alone for a pause after it fails."""

    paused_until = 0.0


def _pausing(name):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def pausing(self, *args, **kwargs):
        if time.monotonic() < PausingRedisCache.paused_until:
            raise CacheUnavailable("Redis is left alone after a failure")
        try:
            return method(self, *args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            pause = settings.FORUM_CACHE_PAUSE
            if pause:
                logger.warning("Redis did not answer; not asked for %s s", pause)
                PausingRedisCache.paused_until = time.monotonic() + pause
            raise

    return pausing


for _name in GUARDED:
    setattr(PausingRedisCache, _name, _pausing(_name))
