"""The public SOP catalogue, read only and open to everyone: what the public site shows, as JSON.

The entries are cms.selectors.catalogue_entries under the live catalogue page, so the API lists exactly the
published, public pages a visitor can open, filtered the same way.
"""

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Page

from api.pagination import PageNumbers
from cms.blocks import items_of
from cms.models import CatalogueIndexPage, ServiceStandardPage, SopPage
from cms.selectors import KIND_SOP, KIND_STANDARD, CatalogueFilter, catalogue_entries

router = Router(tags=["catalogue"])


class EntryOut(Schema):
    id: int
    kind: str = Field(description="sop or standar")
    title: str
    summary: str
    url: str
    category: str


class StepOut(Schema):
    number: int
    activity: str
    actor: str
    requirements: str
    duration: str
    output: str


class EntryDetailOut(EntryOut):
    requirements: list[str] = Field(description="Documents to bring.")
    cost: str
    completion_time: str
    products: list[str]
    complaint_channels: list[str]
    legal_basis: list[str]
    steps: list[StepOut]
    sop_number: str = ""


class CatalogueQuery(Schema):
    q: str | None = Field(None, max_length=200, description="Words, as in the catalogue's search box.")
    unit: str | None = Field(None, max_length=200, description="Unit page slug.")
    category: str | None = Field(None, max_length=200, description="Category slug.")
    kind: str | None = Field(None, pattern="^(sop|standar)$")


def _root() -> Page | None:
    return CatalogueIndexPage.objects.live().public().first()


def _kind(page: Page) -> str:
    return KIND_SOP if isinstance(page, SopPage) else KIND_STANDARD


def _entry(page: Page) -> dict:
    category = getattr(page, "category", None)
    return {
        "id": page.pk,
        "kind": _kind(page),
        "title": page.title,
        "summary": getattr(page, "summary", "") or "",
        "url": page.get_full_url() or page.url or "",
        "category": str(category) if category else "",
    }


@router.get("/", response=list[EntryOut], auth=None, summary="Published SOPs and service standards")
@paginate(PageNumbers)
def list_entries(request, query: Query[CatalogueQuery]):
    root = _root()
    if root is None:
        return []
    wanted = CatalogueFilter(
        q=query.q or "", unit=query.unit or "", category=query.category or "", kind=query.kind or ""
    )
    return [_entry(page) for page in catalogue_entries(root=root, catalogue_filter=wanted)]


@router.get("/{page_id}", response=EntryDetailOut, auth=None, summary="One published SOP or service standard")
def entry_detail(request, page_id: int):
    root = _root()
    page = None
    if root is not None:
        for model in (SopPage, ServiceStandardPage):
            page = page or model.objects.live().public().descendant_of(root).filter(pk=page_id).first()
    if page is None:
        raise Http404
    if isinstance(page, SopPage):
        return {**_entry(page), **_sop_details(page)}
    return {**_entry(page), **_standard_details(page)}


def _sop_details(page: SopPage) -> dict:
    return {
        "sop_number": page.sop_number,
        "requirements": page.public_requirements(),
        "cost": page.public_cost(),
        "completion_time": page.public_completion_time(),
        "products": items_of(page.products),
        "complaint_channels": items_of(page.complaint_channels),
        "legal_basis": items_of(page.legal_basis),
        "steps": [
            {
                "number": number,
                "activity": step.activity,
                "actor": step.actor,
                "requirements": step.requirements,
                "duration": step.duration_display,
                "output": step.output,
            }
            for number, step in enumerate(page.ordered_steps, start=1)
        ],
    }


def _standard_details(page: ServiceStandardPage) -> dict:
    return {
        "requirements": items_of(page.requirements),
        "cost": page.cost_display,
        "completion_time": page.completion_time,
        "products": items_of(page.products),
        "complaint_channels": items_of(page.complaint_channels),
        "legal_basis": items_of(page.legal_basis),
        "steps": [],
    }
