"""Admin screens of filing and retention: case files (list, open, detail with letters, file a letter, close,
legal hold), the retention report and the berita acara download.

Who may do what: archive.view_casefile to see files, add_casefile to open one, add_casefileitem to file a letter,
change_casefile to close a file or put it on hold. A file's letters are only those the user may open; nothing is
said about the others. The services decide every rule of filing.
"""

from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from archive.models import CaseFile, ClassificationCode, DisposalRecord, IncomingLetter, Unit
from archive.selectors.access import letters_visible_to
from archive.selectors.register import classification_subtree_ids
from archive.selectors.retention import retention_report
from archive.services import filing as services
from archive.serving import stored_file_response
from archive.views import access
from archive.views.codes import code_chooser_viewset
from archive.views.pages import GuardedAdminPage

VIEW_PERMISSION = "archive.view_casefile"
ADD_PERMISSION = "archive.add_casefile"
CHANGE_PERMISSION = "archive.change_casefile"
FILE_PERMISSION = "archive.add_casefileitem"


def can_view(user) -> bool:  # noqa: ANN001
    return user.is_authenticated and user.has_perm(VIEW_PERMISSION)


def can_create(user) -> bool:  # noqa: ANN001
    return can_view(user) and user.has_perm(ADD_PERMISSION)


def can_change(user) -> bool:  # noqa: ANN001
    return can_view(user) and user.has_perm(CHANGE_PERMISSION)


def can_file(user) -> bool:  # noqa: ANN001
    return can_view(user) and user.has_perm(FILE_PERMISSION)


# Case file list ---------------------------------------------------------------------------------------------------


class CaseFileFilterSet(WagtailFilterSet):
    code = django_filters.CharFilter(label=gettext_lazy("Kode klasifikasi (dengan sub-kode)"), method="filter_code")
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=CaseFile.Status.choices)
    year = django_filters.NumberFilter(
        label=gettext_lazy("Tahun dibuka"),
        field_name="opened_on",
        lookup_expr="year",
        min_value=1900,
        max_value=2999,
        decimal_places=0,
    )

    class Meta:
        model = CaseFile
        fields = []

    def filter_code(self, queryset, name, value):  # noqa: ANN001
        value = value.strip()
        return queryset.filter(classification_id__in=classification_subtree_ids(code=value)) if value else queryset


def _status(case_file: CaseFile) -> str:
    shown = str(case_file.get_status_display())
    return f"{shown} — {_('ditahan')}" if case_file.legal_hold else shown


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "—"


class CaseFileIndexView(access.PermissionRequiredMixin, IndexView):
    permission_test = staticmethod(can_view)
    model = CaseFile
    permission_policy = ModelPermissionPolicy(CaseFile)  # the "Berkas baru" button needs add_casefile
    any_permission_required = None  # PermissionRequiredMixin decides access, with a 403
    page_title = gettext_lazy("Berkas")
    header_icon = "folder-open-inverse"
    index_url_name = "archive_filing:casefiles"
    index_results_url_name = "archive_filing:casefiles_results"
    add_url_name = "archive_filing:casefile_create"
    filterset_class = CaseFileFilterSet
    search_fields = ["number", "topic"]
    default_ordering = "number"
    paginate_by = 50
    template_name = "archive/index.html"
    columns = [
        TitleColumn(
            "number",
            label=gettext_lazy("Nomor berkas"),
            get_url=lambda cf: reverse("archive_filing:casefile", args=[cf.pk]),
            sort_key="number",
        ),
        Column("code", label=gettext_lazy("Kode"), accessor=lambda cf: cf.classification.code),
        Column("topic", label=gettext_lazy("Uraian")),
        Column("unit", label=gettext_lazy("Unit pengolah"), accessor=lambda cf: cf.unit.name),
        Column(
            "opened_on", label=gettext_lazy("Dibuka"), accessor=lambda cf: _date(cf.opened_on), sort_key="opened_on"
        ),
        Column(
            "closed_on", label=gettext_lazy("Ditutup"), accessor=lambda cf: _date(cf.closed_on), sort_key="closed_on"
        ),
        Column("inactive_until", label=gettext_lazy("Inaktif s.d."), accessor=lambda cf: _date(cf.inactive_until)),
        Column("status", label=gettext_lazy("Status"), accessor=_status, sort_key="status"),
    ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("classification", "unit")


# Open a case file -------------------------------------------------------------------------------------------------


class CaseFileForm(forms.Form):
    classification = forms.ModelChoiceField(
        queryset=ClassificationCode.objects.filter(is_active=True), label=gettext_lazy("Kode klasifikasi")
    )
    topic = forms.CharField(
        label=gettext_lazy("Uraian informasi (judul berkas)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.filter(is_active=True), label=gettext_lazy("Unit pengolah"))
    opened_on = forms.DateField(
        label=gettext_lazy("Tanggal dibuka"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    number = forms.CharField(
        required=False,
        max_length=100,
        label=gettext_lazy("Nomor berkas"),
        help_text=gettext_lazy("Kosongkan agar diberi nomor otomatis: kode/urut/tahun."),
    )
    location = forms.CharField(required=False, max_length=300, label=gettext_lazy("Lokasi"))

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["classification"].widget = code_chooser_viewset.widget_class()

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if number and CaseFile.objects.filter(number=number).exists():
            raise ValidationError(_("Nomor berkas ini sudah dipakai."))
        return number


class CaseFileCreateView(GuardedAdminPage):
    template_name = "archive/filing/casefile_form.html"
    page_title = gettext_lazy("Berkas baru")
    header_icon = "folder-open-inverse"
    parent_crumb = ("archive_filing:casefiles", gettext_lazy("Berkas"))

    def allowed(self) -> bool:
        return can_create(self.request.user)

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CaseFileForm(initial={"opened_on": timezone.localdate()}))
        return context

    def post(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        form = CaseFileForm(request.POST)
        if form.is_valid():
            try:
                case_file = services.casefile_create(created_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Berkas %(number)s dibuka.") % {"number": case_file.number})
                return redirect("archive_filing:casefile", case_file.pk)
        return self.render_to_response(self.get_context_data(form=form))


# Case file detail and its actions ---------------------------------------------------------------------------------


class LetterChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: IncomingLetter) -> str:
        entry = getattr(obj, "register_entry", None)
        agenda = f"{entry.agenda_number}/{entry.agenda_year} · " if entry else ""
        return f"{agenda}{obj.number or '—'} · {obj.subject[:80]}"


class AddLetterForm(forms.Form):
    letter = LetterChoice(queryset=IncomingLetter.objects.none(), label=gettext_lazy("Surat terdaftar"))

    def __init__(self, *args, letters, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = letters


class CloseForm(forms.Form):
    closed_on = forms.DateField(
        label=gettext_lazy("Tanggal ditutup"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    retention_start = forms.DateField(
        required=False,
        label=gettext_lazy("Tanggal peristiwa (awal retensi)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, event: str = "", **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if event:
            self.fields["retention_start"].help_text = _(
                "JRA: %(event)s. Kosongkan bila sama dengan tanggal ditutup."
            ) % {"event": event}
        else:
            del self.fields["retention_start"]  # the clock runs from closing for this code


class HoldForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Alasan penahanan"), widget=forms.Textarea(attrs={"rows": 2}))


class CaseFileDetailView(GuardedAdminPage):
    """A case file: its facts and retention, the letters the user may open, and the forms the user may use."""

    template_name = "archive/filing/casefile_detail.html"
    header_icon = "folder-open-inverse"
    parent_crumb = ("archive_filing:casefiles", gettext_lazy("Berkas"))
    actions = {"add_letter": can_file, "close": can_change, "hold": can_change, "release": can_change}

    def setup(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        super().setup(request, *args, **kwargs)
        self.case_file = get_object_or_404(CaseFile.objects.select_related("classification", "unit"), pk=kwargs["pk"])

    def allowed(self) -> bool:
        return can_view(self.request.user)

    def get_page_title(self) -> str:
        return _("Berkas %(number)s") % {"number": self.case_file.number}

    def is_active(self) -> bool:
        return self.case_file.status == CaseFile.Status.ACTIVE

    def forms(self, data=None, action: str = "") -> dict:  # noqa: ANN001
        """The forms this user may use on this file now; ``data`` binds the one named by ``action``."""
        user, case_file, found = self.request.user, self.case_file, {}
        bound = lambda name: data if name == action else None  # noqa: E731
        if self.is_active() and can_file(user):
            letters = letters_visible_to(user, services.casefile_letter_candidates(case_file=case_file))
            found["add_letter"] = AddLetterForm(bound("add_letter"), letters=letters)
        if self.is_active() and can_change(user):
            found["close"] = CloseForm(
                bound("close"),
                event=case_file.classification.retention_active_trigger,
                initial={"closed_on": timezone.localdate()},
            )
        if can_change(user) and case_file.status != CaseFile.Status.DESTROYED and not case_file.legal_hold:
            found["hold"] = HoldForm(bound("hold"))
        return found

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        user = self.request.user
        letters = letters_visible_to(
            user, IncomingLetter.objects.filter(case_file_item__case_file=self.case_file)
        ).select_related("classification", "register_entry", "capture")
        context.setdefault("forms", self.forms())
        candidates = context["forms"].get("add_letter")
        listed = list(letters) + (list(candidates.fields["letter"].queryset) if candidates else [])
        access.log_letters_listed(self.request, listed, what=f"berkas {self.case_file.number}")
        context.update(
            case_file=self.case_file,
            code=self.case_file.classification,
            letters=letters.order_by("letter_date", "pk"),
            can_release=can_change(user) and self.case_file.legal_hold,
        )
        return context

    def post(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        action = request.POST.get("action", "")
        test = self.actions.get(action)
        if test is None or not test(request.user):
            return access.forbidden(request)
        if action == "release":
            return self.finish(action, {})
        forms_now = self.forms(request.POST, action)
        form = forms_now.get(action)
        if form is None:
            return self.finish("unavailable", {})
        if form.is_valid():
            try:
                messages.success(request, self.apply(action, form.cleaned_data))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("archive_filing:casefile", self.case_file.pk)
        return self.render_to_response(self.get_context_data(forms=forms_now))

    def finish(self, action: str, data: dict):  # noqa: ANN201
        """Run a form-less action (or report one not available now) and go back to the file."""
        try:
            messages.success(self.request, self.apply(action, data))
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect("archive_filing:casefile", self.case_file.pk)

    def apply(self, action: str, data: dict) -> str:
        case_file, user = self.case_file, self.request.user
        if action == "add_letter":
            services.casefile_add_letter(case_file=case_file, letter=data["letter"], added_by=user)
            return _("Surat diberkaskan.")
        if action == "close":
            services.casefile_close(
                case_file=case_file, closed_on=data["closed_on"], retention_start=data.get("retention_start")
            )
            return _("Berkas ditutup; tanggal retensi dihitung dari JRA.")
        if action == "hold":
            services.casefile_set_hold(case_file=case_file, reason=data["reason"])
            return _("Berkas ditahan.")
        if action != "release":
            raise ValidationError(
                _("Tindakan ini tidak tersedia untuk berkas berstatus %(status)s.")
                % {"status": case_file.get_status_display()}
            )
        if not case_file.legal_hold:
            raise ValidationError(_("Berkas ini tidak sedang ditahan."))
        services.casefile_release_hold(case_file=case_file)
        return _("Penahanan berkas dicabut.")


# Retention report and berita acara --------------------------------------------------------------------------------


class RetentionReportView(WagtailAdminTemplateMixin, TemplateView):
    """Files due for pemindahan and for final disposition, as of a date (today by default)."""

    template_name = "archive/filing/retention_report.html"
    page_title = gettext_lazy("Laporan retensi")

    def dispatch(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        try:
            as_of = datetime.date.fromisoformat(self.request.GET.get("as_of", ""))
        except ValueError:
            as_of = timezone.localdate()
        report = retention_report(as_of=as_of)
        context.update(
            as_of=as_of,
            sections=[
                (gettext_lazy("Jatuh tempo pemindahan ke inaktif"), report.transfer),
                (gettext_lazy("Jatuh tempo musnah"), report.disposition["musnah"]),
                (gettext_lazy("Jatuh tempo permanen"), report.disposition["permanen"]),
                (gettext_lazy("Jatuh tempo dinilai kembali"), report.disposition["dinilai_kembali"]),
            ],
            records=DisposalRecord.objects.select_related("proposal")[:20],
            can_propose=self.request.user.has_perm("archive.add_disposalproposal"),
        )
        return context


def record_pdf(request, pk: int):  # noqa: ANN001
    """Download a berita acara pemusnahan."""
    if not can_view(request.user):
        raise PermissionDenied
    record = get_object_or_404(DisposalRecord, pk=pk)
    number = re.sub(r"[^\w.-]+", "-", record.proposal.number).strip("-")  # "UM/2026/002" is no file name
    return stored_file_response(
        name=record.pdf.name, content_type="application/pdf", filename=f"berita-acara-{number}.pdf"
    )
