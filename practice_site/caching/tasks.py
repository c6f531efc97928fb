"""The caching wing's background work (django-tasks): purging everything at once."""

from django_tasks import task

from practice_site.caching.front_cache.purge import purge_everything_now


@task()
def frontend_cache_purge_everything() -> int:
    """Purge every cached URL from the front cache (settings, menus or a snippet changed)."""
    return purge_everything_now()
