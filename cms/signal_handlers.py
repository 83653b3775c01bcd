"""One-line connectors: any change to what the public sees invalidates the page cache."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.page_cache import bump_generation
from search.signals import index_updated

# The kinds of search documents the catalogue's pages become (cms/search_source.py).
CATALOGUE_KINDS = frozenset({"sop", "service_standard"})


def _invalidate(**kwargs) -> None:
    bump_generation()


def _invalidate_after_indexing(*, kinds: frozenset[str], **kwargs) -> None:
    # Publishing already cleared the cache, but the index takes the page a moment later; a search cached in
    # between would miss it for the cache's lifetime.
    if kinds & CATALOGUE_KINDS:
        bump_generation()


def register_signal_handlers() -> None:
    from cms.models import SopCategory

    page_published.connect(_invalidate, dispatch_uid="cms-cache-published")
    page_unpublished.connect(_invalidate, dispatch_uid="cms-cache-unpublished")
    post_page_move.connect(_invalidate, dispatch_uid="cms-cache-moved")
    post_delete.connect(_invalidate, sender=Page, dispatch_uid="cms-cache-deleted")
    post_save.connect(_invalidate, sender=SopCategory, dispatch_uid="cms-cache-category")
    index_updated.connect(_invalidate_after_indexing, dispatch_uid="cms-cache-indexed")
