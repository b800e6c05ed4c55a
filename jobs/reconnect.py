"""Waiting for Redis: what the worker and the scheduler do instead of exiting when it goes away."""
from __future__ import annotations

import logging
import time
from typing import Callable

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# A refused or dropped connection, a Redis still loading its data, an answer that never came.
REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError)
# Seconds between attempts: 1, 2, 4, then every 5 (RQ's own back-off grows to 60 s, which would
# leave a worker asleep for a minute after Redis is back).
FIRST_WAIT, LONGEST_WAIT = 1.0, 5.0


def wait_for_redis(connection: Redis, log: logging.Logger, who: str, error: Exception,
                   stopping: Callable[[], bool] = lambda: False) -> bool:
    """Block until Redis answers a PING; False if ``stopping()`` became true first."""
    log.warning("%s: Redis unavailable (%s: %s); waiting for it", who, type(error).__name__, error)
    started, wait = time.monotonic(), FIRST_WAIT
    while not stopping():
        time.sleep(wait)
        try:
            connection.ping()
        except REDIS_ERRORS:
            wait = min(wait * 2, LONGEST_WAIT)
            continue
        log.warning("%s: Redis is back after %.0f s", who, time.monotonic() - started)
        return True
    return False
