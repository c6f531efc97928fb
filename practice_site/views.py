from django.http import HttpResponseServerError
from django.template import loader

from practice_site.models.settings import CRISIS_MESSAGE_DEFAULT


def server_error(request):
    """The 500 page, rendered without the database (which may be why we are here)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"crisis_message": CRISIS_MESSAGE_DEFAULT}))
