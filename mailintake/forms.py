"""The admin form of a mail account: the password is written in clear once and stored encrypted."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class MailAccountForm(WagtailAdminModelForm):
    new_password = forms.CharField(
        label=_("Kata sandi"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Disimpan terenkripsi. Kosongkan untuk tetap memakai kata sandi yang tersimpan."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("new_password") and not self.instance.password_encrypted:
            self.add_error("new_password", _("Isi kata sandi akun surel."))
        if cleaned.get("after") == "move" and not cleaned.get("move_to"):
            self.add_error("move_to", _("Sebutkan folder tujuan."))
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("new_password"):
            self.instance.password = self.cleaned_data["new_password"]
        return super().save(commit=commit)
