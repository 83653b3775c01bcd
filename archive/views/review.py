"""The review page of one capture: the document as read beside the letter form, to confirm and register.

A capture still in progress shows its progress; a refused or failed one its reason; one awaiting review the
form pre-filled with the values read, each with its confidence and the line it came from; a registered one
its letter as registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive.extraction.types import SURE as _SURE
from archive.forms import READ_FROM, LetterConfirmForm, SuggestedCode
from archive.models import Capture, ClassificationCode, IncomingLetter
from archive.selectors.captures import captures_visible_to
from archive.services.letters import AlreadyRegistered, DuplicateLetter, letter_confirm
from archive.views.access import PermissionRequiredMixin, can_confirm, can_retry, forbidden, log_capture_access
from archive.views.captures import capture_state
from archive.views.codes import code_chooser_viewset

LOW_CONFIDENCE = 0.6
SURE = _SURE
METHOD_LABELS = {"ocr": gettext_lazy("OCR"), "text_layer": gettext_lazy("lapisan teks PDF")}
TYPE_LABELS = {
    "application/pdf": gettext_lazy("PDF"),
    "image/jpeg": gettext_lazy("gambar JPEG"),
    "image/png": gettext_lazy("gambar PNG"),
    "image/tiff": gettext_lazy("gambar TIFF"),
    "image/webp": gettext_lazy("gambar WebP"),
    "image/heic": gettext_lazy("foto HEIC"),
    "image/heif": gettext_lazy("foto HEIF"),
}


@dataclass(frozen=True)
class Reading:
    """How one field was read: confidence 0..1 (None when nothing was found), the source line, notes."""

    confidence: float | None
    source: str = ""
    notes: tuple[str, ...] = ()

    @property
    def percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)

    @property
    def low(self) -> bool:
        return self.confidence is None or self.confidence < LOW_CONFIDENCE

    @property
    def sure(self) -> bool:
        """Shown as sure: on real letters such readings are right at least 95 % of the time (bench/capture_real.py)."""
        return self.confidence is not None and self.confidence >= SURE


def field_readings(capture: Capture) -> dict[str, Reading]:
    """Return the reading behind each form field that was pre-filled from the text."""
    readings = {}
    for form_field, read_field in READ_FROM.items():
        found = capture.fields.get(read_field)
        if found:
            readings[form_field] = Reading(found.get("confidence"), found.get("source", ""), tuple(found["notes"]))
        else:
            readings[form_field] = Reading(None)
    return readings


def suggested_codes(capture: Capture) -> list[SuggestedCode]:
    """Return the capture's code suggestions, best first, with the codes they name (missing ones left out)."""
    if not capture.suggestions:
        return []
    keys = Q()
    for suggestion in capture.suggestions:
        keys |= Q(scheme=suggestion["scheme"], code=suggestion["code"])
    codes = {(code.scheme, code.code): code for code in ClassificationCode.objects.filter(keys)}
    return [
        SuggestedCode(code, suggestion["score"], tuple(suggestion.get("reasons") or ()))
        for suggestion in capture.suggestions
        if (code := codes.get((suggestion["scheme"], suggestion["code"])))
    ]


def page_texts(capture: Capture) -> list[dict]:
    return [
        {**page, "method_label": METHOD_LABELS.get(page.get("method"), page.get("method"))} for page in capture.pages
    ]


class ReviewView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "archive/review.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        # The screen's permission first (403), then the capture under the access rule (404 when refused).
        if not self.permission_test(request.user):
            return forbidden(request)
        queryset = Capture.objects.select_related(
            "letter__classification", "letter__registered_by", "letter__addressed_to"
        )
        self.capture = get_object_or_404(captures_visible_to(request.user, queryset), pk=kwargs["pk"])
        self.letter: IncomingLetter | None = self.capture.letter
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        log_capture_access(self.request, self.capture, what="halaman surat")  # each time the letter is shown
        return super().render_to_response(context, **response_kwargs)

    def get_page_title(self):
        return self.capture.original_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("archive:captures"), "label": _("Antrean berkas")},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def reviewable(self) -> bool:
        return self.letter is not None and self.capture.status == Capture.Status.NEEDS_REVIEW

    def get_form(self, data=None) -> LetterConfirmForm:
        return LetterConfirmForm(
            data,
            instance=self.letter,
            suggested=suggested_codes(self.capture),
            code_widget=code_chooser_viewset.widget_class(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            capture=self.capture,
            letter=self.letter,
            state=capture_state(self.capture),
            pages=page_texts(self.capture),
            readings=field_readings(self.capture),
            can_confirm=can_confirm(user),
            can_correct=can_confirm(user) and self.letter is not None and self.letter.status == "registered",
            can_retry=self.capture.can_retry and can_retry(user),
            file_urls=self._file_urls(),
            type_label=TYPE_LABELS.get(self.capture.mime_type, self.capture.mime_type),
            dispositions_url=self._dispositions_url(),
            receipt_prompt=bool(self.request.GET.get("tanda-terima")),
        )
        if self.reviewable and "form" not in context:
            context["form"] = self.get_form()
        return context

    def _dispositions_url(self) -> str | None:
        """The registered letter's disposition page (Disposisikan, the chain), for those who may see it."""
        from archive.views.dispositions import can_see_letter

        letter = self.letter
        if letter is None or letter.status != IncomingLetter.Status.REGISTERED:
            return None
        if not can_see_letter(self.request.user, letter):
            return None
        return reverse("archive_dispositions:letter", args=[letter.pk])

    def _file_urls(self) -> dict[str, str]:
        names = {"asli": self.capture.original, "pdf": self.capture.searchable_pdf, "gambar": self.capture.thumbnail}
        return {
            kind: reverse("archive:capture_file", args=[self.capture.pk, kind]) for kind, file in names.items() if file
        }

    def post(self, request, pk: int):
        if not can_confirm(request.user):
            return forbidden(request)
        if not self.reviewable:
            messages.error(request, _("Berkas ini tidak sedang menunggu pemeriksaan."))
            return redirect("archive:review", pk=pk)
        form = self.get_form(request.POST)
        if not form.is_valid():
            messages.error(request, _("Surat belum dapat didaftarkan; periksa isian yang ditandai."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            letter = letter_confirm(letter=self.letter, user=request.user, **form.letter_values())
        except AlreadyRegistered as error:  # another clerk was first: nothing of this form was saved
            messages.error(request, error.messages[0])
            return redirect("archive:review", pk=pk)
        except ValidationError as error:
            form.add_error(None, error)
            context = self.get_context_data(form=form)
            if isinstance(error, DuplicateLetter):
                context.update(duplicate_of=error.first, duplicate_of_url=_letter_url(error.first))
            messages.error(request, _("Surat belum dapat didaftarkan; periksa isian yang ditandai."))
            return self.render_to_response(context)
        entry = letter.register_entry
        agenda = f"{entry.agenda_number}/{entry.agenda_year}"
        messages.success(
            request,
            _("Surat '%(letter)s' didaftarkan dengan nomor agenda %(agenda)s.") % {"letter": letter, "agenda": agenda},
        )
        if form.cleaned_data.get("print_receipt"):  # the registered letter's page, with its receipt to print
            return redirect(f"{reverse('archive:review', args=[pk])}?tanda-terima=1")
        return redirect("archive:captures")


def _letter_url(letter: IncomingLetter) -> str:
    capture = getattr(letter, "capture", None)
    return reverse("archive:review", args=[capture.pk]) if capture else reverse("archive:letters")
