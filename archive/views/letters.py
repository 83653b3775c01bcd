"""The register of incoming letters (surat masuk); each row opens the review page of its capture."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView

from archive.models import IncomingLetter
from archive.selectors.access import letters_visible_to
from archive.views.access import PermissionRequiredMixin, log_letters_listed


def review_url(letter: IncomingLetter) -> str | None:
    capture = getattr(letter, "capture", None)
    return reverse("archive:review", args=[capture.pk]) if capture else None


class LetterStatusColumn(Column):
    cell_template_name = "archive/letters/status_cell.html"


def _letter_date(letter: IncomingLetter) -> str:
    return date_format(letter.letter_date) if letter.letter_date else ""


def _code(letter: IncomingLetter) -> str:
    return letter.classification.code if letter.classification else ""


class LetterIndexView(PermissionRequiredMixin, IndexView):
    model = IncomingLetter
    any_permission_required = None  # PermissionRequiredMixin decides
    page_title = _("Surat masuk")
    header_icon = "mail"
    index_url_name = "archive:letters"
    index_results_url_name = "archive:letters_results"
    list_filter = ["status", "urgency"]
    search_fields = ["number", "sender", "subject"]
    default_ordering = "-created_at"
    paginate_by = 50
    template_name = "archive/index.html"
    columns = [
        TitleColumn(
            "number", label=_("Nomor surat"), get_url=review_url, sort_key="number", classname="archive-nowrap"
        ),
        LetterStatusColumn("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("letter_date", label=_("Tanggal surat"), accessor=_letter_date, sort_key="letter_date"),
        Column("sender", label=_("Asal/pengirim"), sort_key="sender"),
        Column("subject", label=_("Perihal")),
        Column("classification", label=_("Kode"), accessor=_code),
        DateColumn("created_at", label=_("Diterima sistem"), sort_key="created_at"),
    ]

    def get_base_queryset(self):
        letters = super().get_base_queryset().select_related("classification", "capture")
        return letters_visible_to(self.request.user, letters)  # restricted letters only for those who may open them

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log_letters_listed(self.request, context.get("object_list") or [], what="daftar surat masuk")
        return context
