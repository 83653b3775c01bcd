"""Forms of the clerk's screens: the letter as read, to confirm or correct, and the code chooser's search."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.widgets import AdminDateInput

from archive.models import ClassificationCode, IncomingLetter, Position
from archive.models.classification import SCHEME_CHOICES
from archive.selectors.organisation import head_of_office

OTHER_CODE = "other"

# Form field -> the field of Capture.fields it was read from.
READ_FROM = {
    "number": "number",
    "letter_date": "date",
    "sender": "sender",
    "subject": "subject",
    "urgency": "sifat",
    "security": "sifat",
    "attachments": "lampiran",
    "addressee": "addressee",
}


@dataclass(frozen=True)
class SuggestedCode:
    """One classification suggestion as the clerk sees it: the code, its score and why."""

    code: ClassificationCode
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.title} — {obj.unit.name}"


class LetterConfirmForm(forms.ModelForm):
    """The letter pre-filled with the values read; the classification is one of the suggestions or another code.

    ``suggestion`` holds the pk of a suggested code, or OTHER_CODE to take ``classification`` (the searchable
    chooser of every active code). ``addressed_to`` is the leader the letter is put before, the head of office
    unless the clerk chooses another; for a restricted letter it decides who may open it. The form only
    validates; the view hands ``letter_values()`` to letter_confirm.
    """

    suggestion = forms.ChoiceField(label=_("Kode klasifikasi"), widget=forms.RadioSelect, required=False)
    # Not a field of the letter: after registering, show the letter with its receipt to print for the person who
    # brought it (tanda terima with the tracking code).
    print_receipt = forms.BooleanField(
        label=_("Cetak tanda terima untuk pengantar surat"),
        help_text=_("Tanda terima memuat nomor agenda, tanggal diterima, dan kode lacak beserta kode QR-nya."),
        required=False,
    )

    class Meta:
        model = IncomingLetter
        fields = [
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
        widgets = {
            "letter_date": AdminDateInput,
            "received_on": AdminDateInput,
            "sender": forms.Textarea(attrs={"rows": 2}),
            "subject": forms.Textarea(attrs={"rows": 2}),
            "addressee": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, suggested: list[SuggestedCode] = (), code_widget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested = {str(item.code.pk): item for item in suggested}
        self.fields["suggestion"].choices = [(pk, str(item.code)) for pk, item in self.suggested.items()] + [
            (OTHER_CODE, _("Kode lain"))
        ]
        classification = self.fields["classification"]
        classification.queryset = ClassificationCode.objects.filter(is_active=True)
        classification.label = _("Kode lain")
        classification.required = False
        if code_widget is not None:
            classification.widget = code_widget
        self.fields["addressed_to"] = LeaderChoice(
            queryset=Position.objects.select_related("unit").order_by("rank", "title"),
            label=_("Disampaikan kepada pimpinan"),
            help_text=_(
                "Pimpinan yang menerima surat ini lebih dulu; surat terbatas atau rahasia hanya dapat dibuka "
                "oleh pencatat dan jabatan dalam alur disposisinya."
            ),
            required=False,
        )
        if not self.is_bound:
            self._choose_initial_code()
            if self.instance.addressed_to_id is None:
                head = head_of_office()
                self.initial["addressed_to"] = head.pk if head else None

    def _choose_initial_code(self) -> None:
        current = str(self.instance.classification_id or "")
        if current in self.suggested:
            self.initial.update(suggestion=current, classification=None)
        elif current or not self.suggested:
            self.initial["suggestion"] = OTHER_CODE
        else:
            self.initial["suggestion"] = next(iter(self.suggested))

    def suggestion_options(self) -> list[tuple]:
        """Pair each radio button with its suggestion (None for 'another code')."""
        return [(radio, self.suggested.get(str(radio.data["value"]))) for radio in self["suggestion"]]

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("suggestion")
        if choice in self.suggested:
            cleaned["classification"] = self.suggested[choice].code
        elif not cleaned.get("classification"):
            self.add_error("suggestion", _("Pilih salah satu saran kode atau kode lain."))
        return cleaned

    def letter_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CodeFilterForm(BaseFilterForm):
    """Search of the code chooser: a code prefix or words of the title, optionally within one scheme."""

    q = forms.CharField(
        label=_("Cari kode atau judul"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mis. 800.1.2 atau kepegawaian")}),
    )
    scheme = forms.ChoiceField(label=_("Skema"), required=False, choices=[("", _("Semua skema")), *SCHEME_CHOICES])

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            words = Q()
            for word in query.split():
                words &= Q(title__icontains=word)
            objects = objects.filter(Q(code__startswith=query) | words)
            self.is_searching, self.search_query = True, query
        if self.cleaned_data.get("scheme"):
            objects = objects.filter(scheme=self.cleaned_data["scheme"])
        return objects
