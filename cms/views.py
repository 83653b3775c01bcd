"""Public views of the catalogue outside the page tree: the printable SOP and its PDF."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from cms import printing
from cms.models import SopPage


def _live_sop(page_id: int) -> SopPage:
    """Return a published SOP anyone may see; drafts and restricted pages are not found."""
    from cms.visibility import is_public

    page = get_object_or_404(SopPage, pk=page_id)
    if not page.live or page.get_view_restrictions().exists() or not is_public(page):
        raise Http404
    return page


def sop_print(request: HttpRequest, page_id: int) -> TemplateResponse:
    """Show the SOP in the SOP AP table layout, as it will be printed."""
    page = _live_sop(page_id)
    return TemplateResponse(request, printing.PRINT_TEMPLATE, printing.print_context(page))


def sop_pdf(request: HttpRequest, page_id: int) -> HttpResponse:
    """Return the SOP AP layout as a PDF (cached per revision); ?lihat=1 opens it in the browser."""
    page = _live_sop(page_id)
    response = HttpResponse(printing.sop_pdf(page), content_type="application/pdf")
    disposition = "inline" if request.GET.get("lihat") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{printing.pdf_filename(page)}"'
    return response
