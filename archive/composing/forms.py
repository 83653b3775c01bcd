"""The composing form's parts: one field per part of every naskah type, shown for the type chosen, stored in
``OutgoingLetter.details``; and the body's rich-text editor (a textarea that a script turns into an editor)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from archive.composing.naskah_types import DATE, LINES, PARAGRAPH, TYPES, naskah_type, split_lines
from archive.composing.richtext import body_clean, body_text

PREFIX = "part_"


class RichTextArea(forms.Textarea):
    """A textarea holding the body's HTML; archive/compose.js gives it a toolbar (bold, lists, tables) and keeps
    it as the form's value. Without scripts, plain text typed here becomes paragraphs."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 14, "data-richtext": "true", **(attrs or {})})

    class Media:
        js = ["archive/compose.js"]
        css = {"all": ["archive/compose.css"]}


def _part_field(part) -> forms.Field:
    if part.kind == DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    if part.kind in (LINES, PARAGRAPH):
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3 if part.kind == LINES else 2}))
    return forms.CharField(max_length=300)


class NaskahPartsMixin:
    """Add the parts of every naskah type to a form with a ``naskah_type`` field; ``clean`` keeps those of the
    chosen type (the others are ignored) in ``cleaned_data["details"]`` and checks the required ones."""

    def add_part_fields(self, details: dict | None) -> None:
        seen: set[str] = set()
        for naskah in TYPES.values():
            for part in naskah.parts:
                name = PREFIX + part.name
                if name in seen:
                    self.fields[name].widget.attrs["data-naskah"] += f" {naskah.code}"
                    continue
                seen.add(name)
                field = _part_field(part)
                field.label, field.help_text, field.required = part.label, part.help_text, False
                field.widget.attrs["data-naskah"] = naskah.code
                field.initial = (details or {}).get(part.name, part.default)
                self.fields[name] = field

    def part_fields(self):
        return [self[name] for name in self.fields if name.startswith(PREFIX)]

    def head_fields(self):
        """The letter's identity and header (before the type's parts)."""
        names = (
            "unit",
            "naskah_type",
            "classification",
            "subject",
            "addressees",
            "internal_recipients",
            "urgency",
            "security",
            "attachments",
        )
        return [self[name] for name in names if name in self.fields]

    def tail_fields(self):
        names = ("body", "carbon_copies", "closes_dispositions", "draft_file")
        return [self[name] for name in names if name in self.fields]

    def clean_parts(self, cleaned: dict) -> dict:
        naskah = naskah_type(cleaned.get("naskah_type") or "surat")
        details = {}
        for part in naskah.parts:
            value = cleaned.get(PREFIX + part.name)
            if part.kind == DATE:
                value = value.isoformat() if value else ""
            elif part.kind == LINES:
                value = "\n".join(split_lines(value or ""))
            else:
                value = (value or "").strip()
            if part.required and not value:
                self.add_error(PREFIX + part.name, _("Bagian ini wajib untuk %(type)s.") % {"type": naskah.label})
            details[part.name] = value
        body = body_clean(cleaned.get("body") or "")
        cleaned["body"] = body
        if naskah.body_required and not body_text(body) and "<table" not in body and not self._has_upload(cleaned):
            raise ValidationError(_("Tulis isi konsep atau unggah berkas konsep."))
        cleaned["details"] = details
        return cleaned

    def _has_upload(self, cleaned: dict) -> bool:
        return bool(cleaned.get("draft_file")) or bool(getattr(self.instance, "draft_file", None))
