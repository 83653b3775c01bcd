"""Composing screens beside the outgoing letter forms: "Balas" (a reply started from an incoming letter) and the
rendered PDF of a draft, which its verifiers and signer review."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from archive.audit import Action
from archive.models import IncomingLetter, LetterSignature, OutgoingLetter
from archive.selectors.access import letters_visible_to, outgoing_visible_to
from archive.services.composing import outgoing_preview_pdf, outgoing_reply_values
from archive.views import access


def reply_target(request) -> IncomingLetter | None:
    """The incoming letter named by ``?balas=<id>``, among those the user may open (404 otherwise)."""
    pk = request.GET.get("balas", "")
    if not pk:
        return None
    if not pk.isdigit():
        raise Http404
    return get_object_or_404(letters_visible_to(request.user, IncomingLetter.objects.all()), pk=int(pk))


def reply_initial(*, incoming: IncomingLetter, user, units) -> dict:
    return outgoing_reply_values(incoming=incoming, user=user, units=units)


def preview_pdf(request, pk: int):
    """The draft's PDF, shown inline to those who may open the letter."""
    from archive.views.outgoing import can_use

    if not can_use(request.user):
        return access.forbidden(request)
    letter = get_object_or_404(outgoing_visible_to(request.user, OutgoingLetter.objects.all()), pk=pk)
    if LetterSignature.objects.filter(letter=letter).exists():
        return redirect("archive_outgoing:signed_pdf", pk=letter.pk)  # once signed, the letter is its signed PDF
    access.log_outgoing_access(request, letter, action=Action.DOWNLOAD, what="pratinjau PDF")
    response = HttpResponse(outgoing_preview_pdf(letter=letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="konsep-{letter.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
