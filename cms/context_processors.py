"""Template context for every public page: the site's name and where its catalogue lives."""

from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Site

CACHE_SECONDS = 60


def catalogue(request: HttpRequest) -> dict:
    site = Site.find_for_request(request)
    if site is None:
        return {}
    key = f"cms:site-context:{site.pk}:{site.root_page_id}"
    context = cache.get(key)
    if context is None:
        context = _site_context(site)
        cache.set(key, context, CACHE_SECONDS)
    return context


def _site_context(site: Site) -> dict:
    from cms.models import CatalogueIndexPage, HomePage

    home = HomePage.objects.filter(pk=site.root_page_id).first()
    index = CatalogueIndexPage.objects.live().descendant_of(site.root_page).first()
    return {
        "site_name": (home.office_name if home and home.office_name else site.site_name) or "Naskah",
        "catalogue_url": index.url if index else "",
    }
