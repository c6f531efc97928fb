"""The front cache's background work (django-tasks): purging everything at once."""

from django_tasks import task


@task()
def frontend_cache_purge_everything() -> int:
    """Purge every cached URL from the front cache (settings, menus or a snippet changed)."""
    from practice_site.caching.frontend_cache import purge_everything_now

    return purge_everything_now()
