"""The published catalogue as search documents (SOPs and service standards), and the signals that keep it current.

Only pages that are live and public (no view restriction on them or above them) are yielded; an id that is not
(an unpublished, restricted, deleted page) is removed from the index by the search worker. Every change that can
alter what a page's document says or whether it is published enqueues the page in the search outbox, in the same
transaction as the change.
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.blocks import items_of
from cms.models import ServiceStandardPage, SopCategory, SopPage, SopStep, UnitPage
from search.models import IndexUpdate
from search.outbox import enqueue
from search.tasks import apply_soon
from search.types import PUBLIC, SearchDocument

BATCH = 300


def _int_ids(ids: Iterable[str]) -> list[int]:
    seen: dict[int, None] = {}
    for value in ids:
        text = str(value).strip()
        if text.isdigit():
            seen.setdefault(int(text), None)
    return list(seen)


def _text(rich: str) -> str:
    """Plain text of a rich text field (tags dropped, entities decoded, blocks on their own lines)."""
    spaced = rich.replace("</p>", "</p>\n").replace("<br/>", "\n").replace("<br>", "\n").replace("</li>", "</li>\n")
    return html.unescape(strip_tags(spaced))


def _join(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _items(stream) -> str:
    return "\n".join(items_of(stream))


def _unit_names(pages: list[Page]) -> dict[str, str]:
    """Parent path -> title of the unit page each catalogue page sits under (one query per batch)."""
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    return dict(UnitPage.objects.filter(path__in=parent_paths).values_list("path", "title"))


class CataloguePageSource(ABC):
    """Live, public pages of one type; subclasses say which type and what their document's body is."""

    kind = ""
    model: type[Page] = Page

    def published(self):
        return self.model.objects.live().public()

    def count(self) -> int:
        return self.published().count()

    def queryset(self):
        return self.published().select_related("category")

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[SearchDocument]:
        wanted = list(self.published().order_by("pk").values_list("pk", flat=True)) if ids is None else _int_ids(ids)
        for start in range(0, len(wanted), BATCH):
            pages = list(self.queryset().filter(pk__in=wanted[start : start + BATCH]).order_by("pk"))
            units = _unit_names(pages)
            for page in pages:
                yield self.document(page, unit=units.get(page.path[: -Page.steplen], ""))

    @abstractmethod
    def body(self, page) -> str:
        """The searchable text of ``page``."""

    def document(self, page, *, unit: str) -> SearchDocument:
        extra: dict = {}
        if page.category_id:
            extra["category"] = page.category.name
        return SearchDocument(
            kind=self.kind,
            id=str(page.pk),
            title=page.title,
            principals=frozenset({PUBLIC}),
            body=self.body(page),
            number=getattr(page, "sop_number", ""),
            date=timezone.localdate(page.last_published_at) if page.last_published_at else None,
            unit=unit,
            url=page.get_url() or "",
            extra=extra,
        )


class SopSource(CataloguePageSource):
    kind = "sop"
    model = SopPage

    def published(self):
        from cms.visibility import without_hidden

        return without_hidden(super().published())

    def queryset(self):
        steps = SopStep.objects.order_by("sort_order", "pk")
        return super().queryset().prefetch_related(Prefetch("steps", queryset=steps), "actors")

    def body(self, page: SopPage) -> str:
        steps = [
            _join(step.activity, step.actor, step.requirements, step.output, step.remarks) for step in page.steps.all()
        ]
        return _join(
            page.summary,
            _text(page.description),
            _items(page.requirements),
            *steps,
            ", ".join(actor.name for actor in page.actors.all()),
            _items(page.products),
            page.completion_time,
            page.cost,
            _items(page.complaint_channels),
            _items(page.legal_basis),
            _items(page.qualifications),
            _items(page.equipment),
            _items(page.warnings),
            _items(page.records),
            page.established_by,
            page.category.name if page.category_id else "",
        )


class ServiceStandardSource(CataloguePageSource):
    kind = "service_standard"
    model = ServiceStandardPage

    def body(self, page: ServiceStandardPage) -> str:
        return _join(
            page.summary,
            _items(page.requirements),
            _text(page.procedure),
            page.completion_time,
            page.cost,
            _items(page.products),
            _items(page.complaint_channels),
            _items(page.legal_basis),
            _items(page.facilities),
            _items(page.executor_competence),
            page.internal_supervision,
            page.executor_count,
            page.service_guarantee,
            page.security_guarantee,
            page.performance_evaluation,
            page.category.name if page.category_id else "",
        )


KINDS_BY_MODEL = {SopPage: "sop", ServiceStandardPage: "service_standard"}


# Keeping the index current ---------------------------------------------------------------------------------------


def _enqueue(kind: str, ids: Iterable, *, action: str = IndexUpdate.Action.UPSERT) -> None:
    if enqueue(kind, ids, action=action):
        apply_soon()


def _enqueue_under(page: Page, *, include_self: bool = True) -> None:
    """Enqueue every catalogue page at or below ``page`` (its url, unit or visibility may have changed)."""
    for model, kind in KINDS_BY_MODEL.items():
        below = model.objects.descendant_of(page, inclusive=include_self)
        _enqueue(kind, below.values_list("pk", flat=True))


def _kind_of(page: Page) -> str:
    for model, kind in KINDS_BY_MODEL.items():
        if isinstance(page, model) or page.specific_class is model:
            return kind
    return ""


def _page_changed(sender, instance, **kwargs) -> None:
    """Published or unpublished: re-read the page; for a unit (or any page above), the pages under it too, since
    their unit name or url may have changed with it."""
    kind = _kind_of(instance)
    if kind:
        _enqueue(kind, [instance.pk])
    else:
        _enqueue_under(instance, include_self=False)


def _page_moved(sender, instance, **kwargs) -> None:
    _enqueue_under(instance)


def _page_deleted(sender, instance, **kwargs) -> None:
    _enqueue(KINDS_BY_MODEL[sender], [instance.pk], action=IndexUpdate.Action.DELETE)


def _category_changed(sender, instance, **kwargs) -> None:
    _enqueue("sop", SopPage.objects.filter(category=instance).values_list("pk", flat=True))
    _enqueue("service_standard", ServiceStandardPage.objects.filter(category=instance).values_list("pk", flat=True))


def _restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _enqueue_under(page)


def connect_index_updates() -> None:
    """Called once from the app config."""
    page_published.connect(_page_changed, dispatch_uid="cms-search-published")
    page_unpublished.connect(_page_changed, dispatch_uid="cms-search-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="cms-search-moved")
    for model in KINDS_BY_MODEL:
        post_delete.connect(_page_deleted, sender=model, dispatch_uid=f"cms-search-deleted-{model.__name__}")
    post_save.connect(_category_changed, sender=SopCategory, dispatch_uid="cms-search-category")
    # A deleted category leaves its pages with none (SET_NULL, no signals): enqueue them before it goes.
    pre_delete.connect(_category_changed, sender=SopCategory, dispatch_uid="cms-search-category-deleted")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="cms-search-restricted")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="cms-search-unrestricted")


def register() -> None:
    """Called from the app config: the catalogue's sources and the signals that keep them current."""
    from search.registry import register_source

    register_source(SopSource())
    register_source(ServiceStandardSource())
    connect_index_updates()
