"""Reading a page's relations so that previews and unsaved pages work too.

While a page is edited, its many-to-many fields (ParentalManyToManyField),
tags and inline children (ParentalKey) live in memory on the page object
(django-modelcluster): a preview, a revision and a new page that has no row
yet all hold them there. Filtering other models by the page itself (`filter(
page=self)`) reads the saved rows instead, or fails when there are none.
"""

from django.db import models


def related_ids(relation, field: str):
    """The ids a page's relation holds, for a `__in` filter.

    A relation read from the database gives a subquery (no query of its own);
    one the page holds in memory (a preview, an unsaved page) gives the list
    of what it holds, leaving out new objects that have no id yet (a tag typed
    in the editor and not saved).
    """
    values = relation.values_list(field, flat=True)
    if isinstance(values, models.QuerySet):
        return values
    return [value for value in values if value is not None]
