from django.utils.functional import SimpleLazyObject

from practice_site.content.models import PracticeSettings


def practice(request):
    """`practice` in every template: the practice settings of the request's site.

    Lazy, so a page whose cached fragments already hold everything from the
    settings does not query them.
    """
    return {"practice": SimpleLazyObject(lambda: PracticeSettings.for_request(request))}
