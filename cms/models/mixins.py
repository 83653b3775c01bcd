"""Behaviour shared by the public page types."""

from cms.page_cache import mark_cacheable


class CachedPageMixin:
    """Let the public page cache keep this page's rendered response for anonymous visitors."""

    def serve(self, request, *args, **kwargs):
        return mark_cacheable(super().serve(request, *args, **kwargs))
