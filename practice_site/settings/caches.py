def redis_cache(url: str) -> dict:
    """The shared Redis cache (django-redis) used when REDIS_URL is set.

    A Redis outage makes the site slower, never unavailable:
    - IGNORE_EXCEPTIONS turns a failed call into a cache miss or a dropped write;
    - the socket timeouts make a Redis that accepts connections but never answers
      fail a call in 0.3 s (Redis answers in well under a millisecond on the
      same network);
    - the circuit breaker (practice_site/caching/cache_breaker.py) then skips Redis in
      that process for a few seconds, so a page waits for at most one timeout.
    """
    # The pool takes the connection class itself, not its dotted path.
    from practice_site.caching.cache_breaker import CircuitBreakerConnection

    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.3,
            "SOCKET_TIMEOUT": 0.3,
            "CONNECTION_POOL_CLASS": (
                "practice_site.caching.cache_breaker.CircuitBreakerConnectionPool"
            ),
            "CONNECTION_POOL_KWARGS": {
                "connection_class": CircuitBreakerConnection,
            },
        },
    }
