"""Outgoing letter screens in the Wagtail admin: the list, the draft form (write or upload), the letter with its
review rounds, the submit, review and dispatch forms.

Who sees what (archive.selectors.access.outgoing_visible_to): drafters see their letters, the posts in a
letter's review chain see it (Plt included), and users with archive.view_outgoingletter see every letter that is
not restricted. A letter the user may not open answers 404 (archive.views.access), and each view or download of
a restricted one is written to the audit log. Drafting needs archive.add_outgoingletter; recording a dispatch is
for the drafter and for users with archive.change_outgoingletter. Services check the rest.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from archive.audit import Action
from archive.composing.forms import NaskahPartsMixin, RichTextArea
from archive.composing.naskah_types import TYPES as NASKAH_TYPES
from archive.composing.richtext import body_clean
from archive.composing.uploaded import pdf_problem
from archive.formfields import ModelMultipleChoiceField
from archive.models import ClassificationCode, Dispatch, OutgoingLetter, Position, ReviewStep, Unit
from archive.models.outgoing import with_dispatch_counts
from archive.selectors.access import can_open_letter, outgoing_visible_to
from archive.selectors.organisation import user_positions
from archive.selectors.review_chain import ChainProposal, chain_proposal
from archive.services import outgoing as services
from archive.services.composing import outgoing_internal_recipients_set
from archive.serving import stored_file_response
from archive.views import access
from archive.views.codes import code_chooser_viewset
from archive.views.compose import reply_initial, reply_target
from archive.views.pages import GuardedAdminPage

VIEW_ALL = "archive.view_outgoingletter"
ADD = "archive.add_outgoingletter"
MANAGE = "archive.change_outgoingletter"
MAX_DRAFT_BYTES = 20 * 1024 * 1024


def can_draft(user) -> bool:
    return user.has_perm(ADD)


def can_use(user) -> bool:
    """The menu item: drafters, those who see every letter, and anyone holding a post (they may review)."""
    return user.is_authenticated and (can_draft(user) or user.has_perm(VIEW_ALL) or bool(_held_ids(user)))


def _held_ids(user) -> set[int]:
    return {hold.position_id for hold in user_positions(user=user, day=timezone.localdate())}


def letters_for_user(user) -> QuerySet[OutgoingLetter]:
    return outgoing_visible_to(user, OutgoingLetter.objects.select_related("unit", "classification", "drafter"))


# Forms ------------------------------------------------------------------------------------------------------------


class PositionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.title} — {obj.unit.name}"


class PositionMultipleChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.title} — {obj.unit.name}"


class DraftForm(NaskahPartsMixin, forms.ModelForm):
    """The Registrasi Naskah Keluar: the draft composed from its naskah type's template (body and parts), or
    uploaded as a finished file."""

    class Meta:
        model = OutgoingLetter
        fields = [
            "unit",
            "naskah_type",
            "classification",
            "subject",
            "addressees",
            "urgency",
            "security",
            "internal_recipients",
            "attachments",
            "body",
            "carbon_copies",
            "closes_dispositions",
            "draft_file",
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "addressees": forms.Textarea(attrs={"rows": 3}),
            "carbon_copies": forms.Textarea(attrs={"rows": 2}),
            "body": RichTextArea(),
            "internal_recipients": forms.CheckboxSelectMultiple,
        }
        help_texts = {"addressees": gettext_lazy("Satu tujuan per baris.")}
        field_classes = {"internal_recipients": ModelMultipleChoiceField}

    def __init__(self, *args, units: QuerySet[Unit], reply_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["classification"].queryset = ClassificationCode.objects.filter(is_active=True)
        self.fields["classification"].widget = code_chooser_viewset.widget_class()
        self.add_part_fields(self.instance.details if self.instance.pk else None)
        self.fields["internal_recipients"].queryset = Unit.objects.filter(is_active=True).order_by("name")
        if not (reply_to or self.instance.reply_to_id):
            del self.fields["closes_dispositions"]

    def clean_draft_file(self):
        upload = self.cleaned_data.get("draft_file")
        if upload and getattr(upload, "size", 0) > MAX_DRAFT_BYTES:
            raise ValidationError(_("Berkas konsep melebihi 20 MB."))
        if upload and hasattr(upload, "content_type"):  # a new upload (not the file already kept)
            problem = pdf_problem(upload.read())
            upload.seek(0)
            if problem:
                raise ValidationError(problem)
        return upload

    def clean(self):
        return self.clean_parts(super().clean())


class SubmitForm(forms.Form):
    """The review chain: offered from the organisation tree and pre-filled with the proposal (review_chain)."""

    verifiers = PositionMultipleChoice(
        queryset=Position.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Verifikator (paraf, dari jabatan terendah ke atas)"),
    )
    signer = PositionChoice(queryset=Position.objects.none(), label=gettext_lazy("Penandatangan"))

    def __init__(self, *args, proposal: ChainProposal, **kwargs):
        super().__init__(*args, **kwargs)
        positions = Position.objects.select_related("unit")
        verifier_ids = [position.pk for position in proposal.verifier_choices]
        self.fields["verifiers"].queryset = positions.filter(pk__in=verifier_ids).order_by("-rank", "title")
        self.fields["signer"].queryset = positions.filter(pk__in=[p.pk for p in proposal.signer_choices]).order_by(
            "rank", "title"
        )
        if not self.is_bound:
            self.initial.setdefault("verifiers", [position.pk for position in proposal.verifiers])
            self.initial.setdefault("signer", proposal.signer.pk if proposal.signer else None)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ReviewStep.Decision.APPROVED, gettext_lazy("Setujui")),
            (ReviewStep.Decision.RETURNED, gettext_lazy("Kembalikan")),
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("Keputusan"),
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("Catatan"))


class DispatchForm(forms.ModelForm):
    class Meta:
        model = Dispatch
        fields = ["channel", "date", "recipient", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


def naskah_type_codes() -> dict[str, dict]:
    """What the form's script needs per naskah type: whether it is addressed and whether its body is required."""
    return {code: {"addressed": t.addressed, "body": t.body_required} for code, t in NASKAH_TYPES.items()}


# Pages ------------------------------------------------------------------------------------------------------------


class OutgoingPage(GuardedAdminPage):
    """An admin page of the outgoing screens."""

    parent_crumb = ("archive_outgoing:list", gettext_lazy("Surat keluar"))

    def allowed(self) -> bool:
        return can_use(self.request.user)


class ListView(OutgoingPage):
    template_name = "archive/outgoing/list.html"
    page_title = gettext_lazy("Surat keluar")
    parent_crumb = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letters = letters_for_user(self.request.user)
        status = self.request.GET.get("status", "")
        if status in OutgoingLetter.Status.values:
            letters = letters.filter(status=status)
        page = Paginator(with_dispatch_counts(letters), 50).get_page(self.request.GET.get("p"))
        access.log_outgoing_listed(self.request, page, what="daftar surat keluar")
        context.update(
            page_obj=page,
            status=status,
            statuses=OutgoingLetter.Status.choices,
            can_draft=can_draft(self.request.user),
        )
        return context


class DraftView(OutgoingPage):
    """Write or upload a new draft; with a pk, revise one's own draft or returned letter."""

    template_name = "archive/outgoing/form.html"

    def allowed(self) -> bool:
        user, pk = self.request.user, self.kwargs.get("pk")
        if pk is None:
            self.letter = None
            self.reply_to = reply_target(self.request)  # 404 for a letter the user may not open
            return can_draft(user)
        if not can_use(user):
            return False
        self.letter = get_object_or_404(letters_for_user(user), pk=pk)  # 404 for a letter the user may not open
        self.reply_to = self.letter.reply_to
        return self.letter.drafter_id == user.pk and self.letter.status in services.EDITABLE

    def get_page_title(self):
        if self.letter:
            return _("Ubah konsep surat keluar")
        if self.reply_to:
            return _("Balas surat %(number)s") % {"number": self.reply_to}
        return _("Konsep surat keluar baru")

    def units(self) -> QuerySet[Unit]:
        user = self.request.user
        if user.has_perm(MANAGE):
            return Unit.objects.filter(is_active=True)
        return Unit.objects.filter(positions__in=_held_ids(user)).distinct()

    def get_form(self) -> DraftForm:
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else (None, None)
        initial = None
        if self.letter is None and self.reply_to is not None:
            initial = reply_initial(incoming=self.reply_to, user=self.request.user, units=self.units())
        return DraftForm(*data, instance=self.letter, units=self.units(), reply_to=self.reply_to, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(letter=self.letter, reply_to=self.reply_to, naskah_types=naskah_type_codes())
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        values = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
        upload = form.cleaned_data.get("draft_file") or None
        upload = upload if hasattr(upload, "content_type") else None
        try:
            if self.letter is None:
                letter = services.outgoing_create(
                    unit=form.cleaned_data["unit"],
                    drafter=request.user,
                    draft_file=upload,
                    reply_to=self.reply_to,
                    **values,
                )
            else:
                letter = services.outgoing_revise(letter=self.letter, user=request.user, draft_file=upload, **values)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        outgoing_internal_recipients_set(letter=letter, units=form.cleaned_data.get("internal_recipients") or [])
        messages.success(request, _("Konsep disimpan."))
        return redirect("archive_outgoing:detail", pk=letter.pk)


class LetterMixin:
    """The letter named in the URL: the screen (403), then the letter among those the user may open (404)."""

    def allowed(self) -> bool:
        if not can_use(self.request.user):
            return False
        self.letter = get_object_or_404(letters_for_user(self.request.user), pk=self.kwargs["pk"])
        return True

    def render_to_response(self, context, **response_kwargs):
        access.log_outgoing_access(self.request, self.letter, what="halaman surat keluar")
        return super().render_to_response(context, **response_kwargs)

    def get_page_title(self):
        return _("Surat keluar: %(letter)s") % {"letter": self.letter}


class DetailView(LetterMixin, OutgoingPage):
    template_name = "archive/outgoing/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter, user = self.letter, self.request.user
        steps = letter.review_steps.select_related("position", "position__unit", "decided_by")
        rounds: dict[int, list[ReviewStep]] = {}
        for step in steps.order_by("-round", "order"):
            rounds.setdefault(step.round, []).append(step)
        is_drafter = letter.drafter_id == user.pk
        context.update(
            letter=letter,
            body_html=body_clean(letter.body),
            reply_to_visible=bool(letter.reply_to_id) and can_open_letter(user, letter.reply_to),
            rounds=sorted(rounds.items(), reverse=True),
            current_step=services.outgoing_current_step(letter=letter),
            may_review=services.outgoing_user_may_decide(letter=letter, user=user),
            may_edit=is_drafter and letter.status in services.EDITABLE,
            may_dispatch=_may_dispatch(user, letter),
            dispatches=letter.dispatches.select_related("recorded_by"),
            submit_form=kwargs.get("submit_form") or self.submit_form(),
            review_form=kwargs.get("review_form") or ReviewForm(),
            dispatch_form=kwargs.get("dispatch_form") or DispatchForm(initial={"date": timezone.localdate()}),
        )
        from archive.views.delivery import delivery_context  # the signing and delivery screens build on these views
        from archive.views.signing import signing_context

        context.update(signing_context(request=self.request, letter=letter, forms_given=kwargs))
        context.update(delivery_context(request=self.request, letter=letter, forms_given=kwargs))
        return context

    def submit_form(self, data=None) -> SubmitForm:
        return SubmitForm(data, proposal=chain_proposal(letter=self.letter, day=timezone.localdate()))


def _may_dispatch(user, letter: OutgoingLetter) -> bool:
    numbered = letter.status in (OutgoingLetter.Status.APPROVED, OutgoingLetter.Status.DISPATCHED)
    return numbered and (letter.drafter_id == user.pk or user.has_perm(MANAGE))


class ActionView(DetailView):
    """A POST-only form on the letter page; an invalid form or a refused rule shows the page again with errors."""

    form_class: type[forms.BaseForm]
    form_name: str

    def get(self, request, *args, **kwargs):
        return redirect("archive_outgoing:detail", pk=self.letter.pk)

    def make_form(self, data) -> forms.BaseForm:
        return self.form_class(data)

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.act(form)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
            else:
                return redirect("archive_outgoing:detail", pk=self.letter.pk)
        return self.render_to_response(self.get_context_data(**{self.form_name: form}), status=400)


class SubmitView(ActionView):
    form_class, form_name = SubmitForm, "submit_form"

    def make_form(self, data) -> forms.BaseForm:
        return self.submit_form(data)

    def act(self, form: SubmitForm) -> None:
        verifiers = list(form.cleaned_data["verifiers"])  # the field's order: lowest post first
        services.outgoing_submit(
            letter=self.letter, user=self.request.user, verifiers=verifiers, signer=form.cleaned_data["signer"]
        )
        messages.success(self.request, _("Konsep dikirim untuk diperiksa."))


class ReviewView(ActionView):
    form_class, form_name = ReviewForm, "review_form"

    def act(self, form: ReviewForm) -> None:
        from archive.views.signing import signer_must_use_tte

        if signer_must_use_tte(self.letter, form.cleaned_data["decision"]):
            raise ValidationError(_("Surat ini harus ditandatangani secara elektronik dengan pass phrase."))
        step = services.outgoing_review(
            letter=self.letter,
            user=self.request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
        self.letter.refresh_from_db()
        if self.letter.number:
            messages.success(
                self.request, _("Surat disetujui dengan nomor %(number)s.") % {"number": self.letter.number}
            )
        else:
            messages.success(
                self.request, _("Keputusan dicatat: %(decision)s.") % {"decision": step.get_decision_display()}
            )


class DispatchView(ActionView):
    form_class, form_name = DispatchForm, "dispatch_form"

    def act(self, form: DispatchForm) -> None:
        if not _may_dispatch(self.request.user, self.letter):
            raise PermissionDenied(_("Anda tidak dapat mencatat pengiriman surat ini."))
        services.outgoing_dispatch(letter=self.letter, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Pengiriman dicatat."))


@require_GET
def draft_file(request, pk: int):
    """Serve a draft file to those who may open its letter, as a download that the browser never renders."""
    if not can_use(request.user):
        return access.forbidden(request)
    letter = get_object_or_404(letters_for_user(request.user), pk=pk)
    if not letter.draft_file or not default_storage.exists(letter.draft_file.name):
        raise Http404
    access.log_outgoing_access(request, letter, action=Action.DOWNLOAD, what="berkas konsep")
    suffix = PurePosixPath(letter.draft_file.name).suffix
    return stored_file_response(
        name=letter.draft_file.name, content_type="application/octet-stream", filename=f"konsep-{letter.pk}{suffix}"
    )
