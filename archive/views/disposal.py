"""Admin screens of pemusnahan: usul musnah list, a new proposal from the files due, submit, decide, execute.

Every step goes through archive.services.disposal, which holds the rules (due musnah files only, no held file,
approval by the authority the longest retention needs, holds checked again at execution). Seeing proposals needs
archive.view_disposalproposal, drafting one add_disposalproposal, the later steps change_disposalproposal.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.formfields import ModelMultipleChoiceField
from archive.models import CaseFile, DisposalProposal
from archive.services import disposal as services
from archive.views import access
from archive.views.pages import GuardedAdminPage

VIEW = "archive.view_disposalproposal"
ADD = "archive.add_disposalproposal"
CHANGE = "archive.change_disposalproposal"
Status = DisposalProposal.Status


def can_view(user) -> bool:  # noqa: ANN001
    return user.is_authenticated and user.has_perm(VIEW)


def can_propose(user) -> bool:  # noqa: ANN001
    return can_view(user) and user.has_perm(ADD)


def can_decide(user) -> bool:  # noqa: ANN001
    return can_view(user) and user.has_perm(CHANGE)


class DisposalPage(GuardedAdminPage):
    header_icon = "bin"
    parent_crumb = ("archive_filing:proposals", gettext_lazy("Usul musnah"))

    def allowed(self) -> bool:
        return can_view(self.request.user)


class ProposalListView(DisposalPage):
    template_name = "archive/disposal/list.html"
    page_title = gettext_lazy("Usul musnah")
    parent_crumb = None

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        proposals = DisposalProposal.objects.prefetch_related("items").select_related("record")
        context.update(proposals=proposals, can_propose=can_propose(self.request.user))
        return context


class CaseFileChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: CaseFile) -> str:
        code = obj.classification
        return (
            f"{obj.number} · {code.code} · {obj.topic[:80]} · "
            f"{_('inaktif s.d.')} {obj.inactive_until:%d-%m-%Y} · "
            f"{_('retensi')} {code.retention_active_years}+{code.retention_inactive_years} {_('th')}"
        )


class ProposalForm(forms.Form):
    number = forms.CharField(max_length=100, label=gettext_lazy("Nomor usul"))
    case_files = CaseFileChoice(
        queryset=CaseFile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Berkas jatuh tempo musnah"),
        help_text=gettext_lazy("Berkas yang ditahan atau sudah ada dalam usul lain tidak dapat diusulkan."),
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["case_files"].queryset = services.proposal_candidates(as_of=timezone.localdate())

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if DisposalProposal.objects.filter(number=number).exists():
            raise ValidationError(_("Nomor usul ini sudah dipakai."))
        return number


class ProposalCreateView(DisposalPage):
    """A new usul musnah, from the files of the retention report due for musnah."""

    template_name = "archive/disposal/create.html"
    page_title = gettext_lazy("Usul musnah baru")

    def allowed(self) -> bool:
        return can_propose(self.request.user)

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        suggestion = f"UM/{timezone.localdate():%Y}/{DisposalProposal.objects.count() + 1:03d}"
        context.setdefault("form", ProposalForm(initial={"number": suggestion}))
        return context

    def post(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                proposal = services.proposal_create(
                    number=form.cleaned_data["number"],
                    case_files=list(form.cleaned_data["case_files"]),
                    created_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Usul musnah %(number)s dibuat.") % {"number": proposal.number})
                return redirect("archive_filing:proposal", proposal.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ApproveForm(forms.Form):
    authority = forms.ChoiceField(choices=DisposalProposal.Authority.choices, label=gettext_lazy("Pejabat berwenang"))
    approver_position = forms.CharField(max_length=300, label=gettext_lazy("Jabatan penyetuju"))
    approver_name = forms.CharField(max_length=300, label=gettext_lazy("Nama penyetuju"))
    note = forms.CharField(required=False, label=gettext_lazy("Catatan"), widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))


class ExecuteForm(forms.Form):
    witnesses = forms.CharField(
        required=False, label=gettext_lazy("Saksi (satu per baris)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmitForm(forms.Form):
    pass


ACTION_FORMS = {
    Status.DRAFT: {"submit": SubmitForm},
    Status.SUBMITTED: {"approve": ApproveForm, "reject": RejectForm},
    Status.APPROVED: {"execute": ExecuteForm},
}


class ProposalDetailView(DisposalPage):
    """One proposal: its files, its approving authority, and the next step's form for those who may take it."""

    template_name = "archive/disposal/detail.html"

    def setup(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        super().setup(request, *args, **kwargs)
        self.proposal = get_object_or_404(DisposalProposal, pk=kwargs["pk"])

    def get_page_title(self) -> str:
        return _("Usul musnah %(number)s") % {"number": self.proposal.number}

    def forms(self, data=None, action: str = "") -> dict:  # noqa: ANN001
        if not can_decide(self.request.user):
            return {}
        initial = {"authority": self.proposal.approval_authority}
        return {
            name: form_class(data if name == action else None, initial=initial, prefix=name)
            for name, form_class in ACTION_FORMS.get(self.proposal.status, {}).items()
        }

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        files = CaseFile.objects.filter(disposal_items__proposal=self.proposal).select_related("classification", "unit")
        context.setdefault("forms", self.forms())
        context.update(
            proposal=self.proposal,
            case_files=files.order_by("number"),
            record=getattr(self.proposal, "record", None),
        )
        return context

    def post(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if not can_decide(request.user):
            return access.forbidden(request)
        action = request.POST.get("action", "")
        forms_now = self.forms(request.POST, action)
        form = forms_now.get(action)
        if form is None:
            messages.error(
                request,
                _("Tindakan ini tidak tersedia untuk usul berstatus %(status)s.")
                % {"status": self.proposal.get_status_display()},
            )
            return redirect("archive_filing:proposal", self.proposal.pk)
        if form.is_valid():
            try:
                messages.success(request, self.apply(action, form.cleaned_data))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("archive_filing:proposal", self.proposal.pk)
        return self.render_to_response(self.get_context_data(forms=forms_now))

    def apply(self, action: str, data: dict) -> str:
        proposal = self.proposal
        if action == "submit":
            services.proposal_submit(proposal=proposal)
            return _("Usul diajukan untuk persetujuan.")
        if action == "approve":
            services.proposal_approve(proposal=proposal, **data)
            return _("Persetujuan dicatat.")
        if action == "reject":
            services.proposal_reject(proposal=proposal, note=data["note"])
            return _("Usul ditolak.")
        services.proposal_execute(proposal=proposal, executed_by=self.request.user, witnesses=data["witnesses"])
        return _("Pemusnahan dilaksanakan; berita acara dibuat.")
