"""The buku agenda in the admin: browse a register with the clerk's filters and download the filtered view.

Rows are only the letters the user may open (``letters_visible_to``), on screen and in every download; a
download writes an "export" audit event for each restricted letter it contains.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.audit import Action, record_letter_access
from archive.exports import CONTENT_TYPES, FORMATS, register_export
from archive.models import IncomingLetter, OutgoingLetter, Register, RegisterEntry
from archive.models.letters import SECURITY_CHOICES, URGENCY_CHOICES
from archive.selectors.access import letters_visible_to, may_read_archive, outgoing_visible_to
from archive.selectors.register import classification_subtree_ids, register_rows
from archive.services.numbering import register_default
from archive.views import access
from archive.views.pages import GuardedAdminPage

PAGE_SIZE = 50
NUMBERED = (OutgoingLetter.Status.APPROVED, OutgoingLetter.Status.DISPATCHED)


def can_browse(user) -> bool:  # noqa: ANN001
    return may_read_archive(user)


def _numbered_outgoing() -> QuerySet[OutgoingLetter]:
    return OutgoingLetter.objects.filter(status__in=NUMBERED).exclude(number="")


def register_choices() -> QuerySet[Register]:
    """The incoming registers, and the outgoing one once a numbered outgoing letter exists."""
    registers = Register.objects.filter(kind=Register.Kind.INCOMING)
    if _numbered_outgoing().exists():
        registers = registers | Register.objects.filter(kind=Register.Kind.OUTGOING, is_default=True)
    return registers.order_by("kind", "name")


class RegisterFilterForm(forms.Form):
    register = forms.ModelChoiceField(
        queryset=Register.objects.none(), to_field_name="code", required=False, label=gettext_lazy("Buku agenda")
    )
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999, label=gettext_lazy("Tahun"))
    date_from = forms.DateField(
        required=False,
        label=gettext_lazy("Diterima dari"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        required=False,
        label=gettext_lazy("Diterima s.d."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sender = forms.CharField(required=False, label=gettext_lazy("Asal/pengirim"))
    code = forms.CharField(required=False, label=gettext_lazy("Kode klasifikasi (dengan sub-kode)"))
    security = forms.ChoiceField(
        required=False, choices=[("", gettext_lazy("Semua"))] + SECURITY_CHOICES, label=gettext_lazy("Keamanan")
    )
    urgency = forms.ChoiceField(
        required=False, choices=[("", gettext_lazy("Semua"))] + URGENCY_CHOICES, label=gettext_lazy("Sifat")
    )
    q = forms.CharField(required=False, label=gettext_lazy("Cari perihal atau nomor"))

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = register_choices()
        self.fields["register"].empty_label = None

    def chosen_register(self) -> Register:
        chosen = self.cleaned_data.get("register") if self.is_valid() else None
        return chosen or register_default(kind=Register.Kind.INCOMING)

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


def incoming_rows(*, user, register: Register, filters: dict) -> QuerySet[RegisterEntry]:  # noqa: ANN001
    """The register's entries narrowed by the filters, of letters ``user`` may open, in agenda order."""
    rows = register_rows(
        user=user,
        register=register,
        year=filters.get("year"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        classification=(filters.get("code") or "").strip() or None,
        sender=filters.get("sender") or "",
        urgency=filters.get("urgency") or "",
        security=filters.get("security") or "",
    )
    rows = rows.filter(letter__in=letters_visible_to(user, IncomingLetter.objects.all()).values("pk"))
    rows = rows.select_related("letter__capture")
    text = (filters.get("q") or "").strip()
    if text:
        rows = rows.filter(Q(letter__subject__icontains=text) | Q(letter__number__icontains=text))
    return rows


def outgoing_rows(*, user, filters: dict) -> QuerySet[OutgoingLetter]:  # noqa: ANN001
    """Numbered outgoing letters ``user`` may open, by letter date and number (the buku agenda surat keluar)."""
    rows = outgoing_visible_to(user, _numbered_outgoing().select_related("classification", "unit"))
    if filters.get("year"):
        rows = rows.filter(letter_date__year=filters["year"])
    if filters.get("date_from"):
        rows = rows.filter(letter_date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(letter_date__lte=filters["date_to"])
    if (filters.get("code") or "").strip():
        rows = rows.filter(classification_id__in=classification_subtree_ids(code=filters["code"]))
    if (filters.get("sender") or "").strip():
        rows = rows.filter(addressees__icontains=filters["sender"].strip())
    for name in ("security", "urgency"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    text = (filters.get("q") or "").strip()
    if text:
        rows = rows.filter(Q(subject__icontains=text) | Q(number__icontains=text))
    return rows.order_by("letter_date", "number_issued_at", "pk")


def _period(filters: dict) -> str:
    start, end = filters.get("date_from"), filters.get("date_to")
    if not (start or end):
        return ""
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


class RegisterBrowseView(GuardedAdminPage):
    """The buku agenda: one register's rows with filters, 50 a page, and downloads of the filtered view."""

    template_name = "archive/register/browse.html"
    page_title = gettext_lazy("Buku agenda")
    header_icon = "list-ul"

    def allowed(self) -> bool:
        return can_browse(self.request.user)

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        form = RegisterFilterForm(self.request.GET or None)
        register = form.chosen_register()
        filters = form.filters()
        outgoing = register.kind == Register.Kind.OUTGOING
        user = self.request.user
        rows = (
            outgoing_rows(user=user, filters=filters)
            if outgoing
            else incoming_rows(user=user, register=register, filters=filters)
        )
        query = self.request.GET.copy()
        query.pop("p", None)
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("p"))
        if outgoing:
            access.log_outgoing_listed(self.request, page, what="buku agenda surat keluar")
        else:
            access.log_letters_listed(self.request, [entry.letter for entry in page], what="buku agenda")
        context.update(
            form=form,
            register=register,
            outgoing=outgoing,
            page_obj=page,
            query=query.urlencode(),
            formats=FORMATS,
        )
        return context


def register_download(request, file_format: str):  # noqa: ANN001
    """The filtered incoming register as CSV, XLSX or PDF; restricted letters in it are logged as exported."""
    if not can_browse(request.user):
        return access.forbidden(request)
    if file_format not in FORMATS:
        return HttpResponse(status=404)
    form = RegisterFilterForm(request.GET or None)
    register = form.chosen_register()
    if register.kind != Register.Kind.INCOMING:
        return HttpResponse(_("Unduhan tersedia untuk buku agenda surat masuk."), status=400)
    filters = form.filters()
    rows = list(incoming_rows(user=request.user, register=register, filters=filters))
    year = filters.get("year")
    title = f"{register.name} {year}" if year else register.name
    content = register_export(rows=rows, file_format=file_format, title=title, period=_period(filters))
    for entry in rows:
        record_letter_access(entry.letter, action=Action.EXPORT, user=request.user, what=f"buku agenda {file_format}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"buku-agenda-{register.code}{f'-{year}' if year else ''}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
