def redis_cache(url: str) -> dict:
    """The shared Redis cache (django-redis) used when REDIS_URL is set."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            # A Redis outage makes the site slower, never unavailable: cache reads
            # miss and writes are dropped (and logged).
            "IGNORE_EXCEPTIONS": True,
        },
    }
