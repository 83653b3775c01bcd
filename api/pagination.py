"""Page-numbered lists: ``?page=2&per_page=50`` in, ``{count, page, per_page, pages, items}`` out."""

import math
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

MAX_PER_PAGE = 100


class PageNumbers(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
        per_page: int = Field(25, ge=1, le=MAX_PER_PAGE, description=f"Items per page (1-{MAX_PER_PAGE}).")

    class Output(Schema):
        count: int
        page: int
        per_page: int
        pages: int
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(self, queryset, pagination: Input, **params) -> dict:
        count = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        pages = max(math.ceil(count / pagination.per_page), 1)
        if pagination.page > pages and count:
            raise HttpError(
                404,
                _("Halaman %(page)s tidak ada; halaman terakhir %(pages)s.")
                % {"page": pagination.page, "pages": pages},
            )
        offset = (pagination.page - 1) * pagination.per_page
        return {
            "count": count,
            "page": pagination.page,
            "per_page": pagination.per_page,
            "pages": pages,
            "items": list(queryset[offset : offset + pagination.per_page]),
        }
