"""Correcting a registered letter ("Koreksi surat"): its fields, classification and security, with a reason.

For operators who register letters (archive.change_incomingletter), on letters they may open (404 otherwise). The
agenda number stays; the service (``letter_correct``) checks the rules and the audit log keeps the correction with
its reason and the values before and after. ``?kode=<pk>`` pre-selects a new classification (the filing screens
send letters whose code carries no retention here, with the code the crosswalk proposes).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.forms import LeaderChoice
from archive.models import ClassificationCode, IncomingLetter, Position
from archive.selectors.access import letters_visible_to
from archive.services.letters import letter_correct
from archive.views.access import can_confirm, log_letter_access
from archive.views.codes import code_chooser_viewset
from archive.views.pages import GuardedAdminPage

FIELDS = [
    "number",
    "without_number",
    "letter_date",
    "without_date",
    "received_on",
    "sender",
    "subject",
    "urgency",
    "security",
    "attachments",
    "addressee",
    "addressed_to",
    "classification",
    "summary",
]


class LetterCorrectForm(forms.ModelForm):
    reason = forms.CharField(
        label=gettext_lazy("Alasan koreksi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Dicatat di log audit bersama nilai sebelum dan sesudahnya."),
    )

    class Meta:
        model = IncomingLetter
        fields = FIELDS
        widgets = {
            "letter_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sender": forms.Textarea(attrs={"rows": 2}),
            "subject": forms.Textarea(attrs={"rows": 2}),
            "addressee": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classification"].queryset = ClassificationCode.objects.filter(is_active=True)
        self.fields["classification"].widget = code_chooser_viewset.widget_class()
        self.fields["addressed_to"] = LeaderChoice(
            queryset=Position.objects.select_related("unit").order_by("rank", "title"),
            label=gettext_lazy("Disampaikan kepada pimpinan"),
            required=False,
        )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}


class LetterCorrectView(GuardedAdminPage):
    template_name = "archive/letters/correct.html"
    header_icon = "edit"
    parent_crumb = ("archive:letters", gettext_lazy("Surat masuk"))

    def allowed(self) -> bool:
        if not can_confirm(self.request.user):
            return False
        letters = letters_visible_to(self.request.user, IncomingLetter.objects.select_related("register_entry"))
        self.letter = get_object_or_404(letters, pk=self.kwargs["pk"], status=IncomingLetter.Status.REGISTERED)
        return True

    def get_page_title(self) -> str:
        return _("Koreksi surat %(letter)s") % {"letter": self.letter}

    def get_form(self, data=None) -> LetterCorrectForm:
        initial = {}
        proposed = self.request.GET.get("kode", "")
        if proposed.isdigit() and ClassificationCode.objects.filter(pk=int(proposed), is_active=True).exists():
            initial["classification"] = int(proposed)
        if self.request.GET.get("alasan"):
            initial["reason"] = self.request.GET["alasan"][:500]
        return LetterCorrectForm(data, instance=self.letter, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["letter"] = self.letter
        context["entry"] = getattr(self.letter, "register_entry", None)
        return context

    def render_to_response(self, context, **response_kwargs):
        log_letter_access(self.request, self.letter, what="koreksi surat")
        return super().render_to_response(context, **response_kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                letter = letter_correct(
                    letter=self.letter, user=request.user, reason=form.cleaned_data["reason"], **form.values()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                entry = letter.register_entry
                messages.success(
                    request,
                    _("Surat dikoreksi; nomor agenda tetap %(agenda)s.")
                    % {"agenda": f"{entry.agenda_number}/{entry.agenda_year}"},
                )
                next_url = request.GET.get("next", "")
                return redirect(next_url if next_url.startswith("/admin/") else "archive:letters")
        return self.render_to_response(self.get_context_data(form=form))
