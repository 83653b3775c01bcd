"""StreamField blocks of the catalogue: lists of short items (legal basis, requirements, ...)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField


def item_list_field(verbose_name: str) -> StreamField:
    """Return an ordered list of text items, one block per item, as the SOP AP format lists them."""
    return StreamField(
        [("item", blocks.TextBlock(label=_("butir"), rows=2))],
        blank=True,
        verbose_name=verbose_name,
    )


def items_of(stream) -> list[str]:
    """Return the plain text items of an item list, skipping empty ones."""
    return [str(child.value).strip() for child in stream if str(child.value).strip()]
