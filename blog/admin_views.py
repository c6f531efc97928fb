from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404

from blog.forms import author_details_from_profile
from practice_site.content.models import ClinicianPage


def author_from_profile(request):
    """The name and credentials the post editor fills in for ?page=<clinician page id>."""
    page_id = request.GET.get("page", "")
    if not page_id.isdigit():
        raise Http404("Give the clinician page's id as ?page=<id>.")
    clinician = get_object_or_404(ClinicianPage, pk=int(page_id))
    return JsonResponse(author_details_from_profile(clinician))
