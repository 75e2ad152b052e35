from django.conf import settings


def site(request):
    """Values every page needs; cheap (no queries) so public pages keep a constant query count."""
    return {"SITE_URL": settings.SITE_URL}
