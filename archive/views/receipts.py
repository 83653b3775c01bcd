"""The sender's receipt of a registered incoming letter (tanda terima), as a PDF to print and hand over.

For operators who register letters, on letters they may open (404 otherwise); printing a restricted letter's
receipt is audited like any download of it.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from archive.audit import Action
from archive.models import IncomingLetter
from archive.selectors.access import letters_visible_to
from archive.services.tracking import receipt_pdf
from archive.views.access import can_confirm, forbidden, log_letter_access


def letter_receipt(request, pk: int):
    if not can_confirm(request.user):
        return forbidden(request)
    registered = IncomingLetter.objects.filter(status=IncomingLetter.Status.REGISTERED)
    letter = get_object_or_404(
        letters_visible_to(request.user, registered).select_related("addressed_to__unit", "register_entry"), pk=pk
    )
    log_letter_access(request, letter, action=Action.DOWNLOAD, what="tanda terima surat")
    response = HttpResponse(receipt_pdf(letter=letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tanda-terima-{letter.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
