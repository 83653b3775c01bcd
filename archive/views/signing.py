"""Screens of electronic signatures (TTE): signing a letter with the pass phrase (on the letter's page), the
signed PDF, and the TTE certificates (each person's own: activate, rotate, revoke; administrators: enrol and
revoke anyone's)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.audit import Action
from archive.models import LetterSignature, OutgoingLetter, PositionHolder, ReviewStep, SigningCertificate
from archive.selectors.access import outgoing_visible_to
from archive.services import signing_certificates as certificates
from archive.services.signing import outgoing_may_sign, outgoing_sign
from archive.services.verification import letter_verification
from archive.serving import stored_file_response
from archive.views import access
from archive.views.outgoing import ActionView, OutgoingPage, can_use

ENROL = "archive.add_signingcertificate"
REVOKE_ANY = "archive.change_signingcertificate"


class SignForm(forms.Form):
    passphrase = forms.CharField(
        label=gettext_lazy("Pass phrase TTE"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


def tte_required() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "ARCHIVE_TTE_REQUIRED", False))


def signing_context(*, request, letter: OutgoingLetter, forms_given: dict) -> dict:
    """What the letter's page shows about its signature: the signing form for the signer, or the signature."""
    user = request.user
    signature = LetterSignature.objects.filter(letter=letter).select_related("certificate").first()
    may_sign = signature is None and outgoing_may_sign(letter=letter, user=user)
    return {
        "signature": signature,
        "verification": letter_verification(code=signature.code) if signature else None,
        "may_sign": may_sign,
        "tte_certificate": certificates.certificate_active_for(user=user) if may_sign else None,
        "sign_form": forms_given.get("sign_form") or SignForm(),
        "tte_required": tte_required(),
        "awaiting_signature": signature is None and letter.status == OutgoingLetter.Status.APPROVED and may_sign,
    }


def signer_must_use_tte(letter: OutgoingLetter, decision: str) -> bool:
    """Whether approving the current step is a signature that must be electronic (ARCHIVE_TTE_REQUIRED)."""
    from archive.services.outgoing import outgoing_current_step

    step = outgoing_current_step(letter=letter)
    signer_step = step is not None and step.role == ReviewStep.Role.SIGNER
    return tte_required() and signer_step and decision == ReviewStep.Decision.APPROVED


class SignView(ActionView):
    form_class, form_name = SignForm, "sign_form"

    def act(self, form: SignForm) -> None:
        signature = outgoing_sign(
            letter=self.letter, user=self.request.user, passphrase=form.cleaned_data["passphrase"]
        )
        messages.success(
            self.request,
            _("Surat ditandatangani secara elektronik dengan nomor %(number)s (kode verifikasi %(code)s).")
            % {"number": signature.letter.number, "code": signature.code},
        )


def signed_pdf(request, pk: int):
    """The signed PDF, to those who may open the letter."""
    if not can_use(request.user):
        return access.forbidden(request)
    letter = get_object_or_404(outgoing_visible_to(request.user, OutgoingLetter.objects.all()), pk=pk)
    signature = get_object_or_404(LetterSignature, letter=letter)
    access.log_outgoing_access(request, letter, action=Action.DOWNLOAD, what="PDF bertanda tangan")
    filename = f"surat-{letter.number.replace('/', '-')}.pdf"
    return stored_file_response(
        name=signature.signed_pdf.name, content_type="application/pdf", filename=filename, inline=True
    )


# Certificates ------------------------------------------------------------------------------------------------------


class PassphraseForm(forms.Form):
    passphrase = forms.CharField(
        label=gettext_lazy("Pass phrase baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Sedikitnya 10 karakter; berbeda dari kata sandi masuk. Jangan beri tahu siapa pun."),
    )
    confirmation = forms.CharField(
        label=gettext_lazy("Ulangi pass phrase baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("passphrase") != cleaned.get("confirmation"):
            raise ValidationError(_("Kedua pass phrase tidak sama."))
        return cleaned


class RotateForm(PassphraseForm):
    current = forms.CharField(
        label=gettext_lazy("Pass phrase saat ini"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["current", "passphrase", "confirmation"]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Alasan pencabutan"), max_length=300)


class EnrolForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label=gettext_lazy("Pegawai"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        holders = PositionHolder.objects.filter(start__lte=today).exclude(end__lt=today).values("user_id")
        live = SigningCertificate.objects.filter(status__in=["pending", "active"]).values("user_id")
        self.fields["user"].queryset = (
            get_user_model().objects.filter(pk__in=holders, is_active=True).exclude(pk__in=live).order_by("username")
        )


def can_use_certificates(user) -> bool:
    return user.is_authenticated and (user.has_perm(ENROL) or SigningCertificate.objects.filter(user=user).exists())


class CertificatesView(OutgoingPage):
    template_name = "archive/signing/certificates.html"
    page_title = gettext_lazy("Sertifikat TTE")
    header_icon = "key"

    def allowed(self) -> bool:
        return self.request.user.is_authenticated and (
            can_use(self.request.user) or can_use_certificates(self.request.user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mine = SigningCertificate.objects.filter(user=user).select_related("authority")
        live = mine.filter(status__in=["pending", "active"]).first()
        manage = user.has_perm(ENROL)
        context.update(
            mine=mine,
            live=live,
            activate_form=kwargs.get("activate_form") or PassphraseForm(),
            rotate_form=kwargs.get("rotate_form") or RotateForm(),
            revoke_form=RevokeForm(),
            manage=manage,
            everyone=SigningCertificate.objects.select_related("user", "authority")[:500] if manage else [],
            enrol_form=kwargs.get("enrol_form") or (EnrolForm() if manage else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        handlers = {"activate": self._activate, "rotate": self._rotate, "enrol": self._enrol}
        if action not in handlers:
            return redirect("archive_outgoing:certificates")
        return handlers[action]()

    def _redisplay(self, name: str, form):
        return self.render_to_response(self.get_context_data(**{name: form}), status=400)

    def _activate(self):
        form = PassphraseForm(self.request.POST)
        live = SigningCertificate.objects.filter(user=self.request.user, status="pending").first()
        if live is None or not form.is_valid():
            return self._redisplay("activate_form", form)
        try:
            certificates.certificate_activate(
                certificate=live, user=self.request.user, passphrase=form.cleaned_data["passphrase"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self._redisplay("activate_form", form)
        messages.success(self.request, _("Sertifikat TTE Anda aktif."))
        return redirect("archive_outgoing:certificates")

    def _rotate(self):
        form = RotateForm(self.request.POST)
        if not form.is_valid():
            return self._redisplay("rotate_form", form)
        try:
            certificates.certificate_rotate(
                user=self.request.user,
                passphrase=form.cleaned_data["current"],
                new_passphrase=form.cleaned_data["passphrase"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self._redisplay("rotate_form", form)
        messages.success(self.request, _("Sertifikat TTE Anda diganti dengan yang baru."))
        return redirect("archive_outgoing:certificates")

    def _enrol(self):
        if not self.request.user.has_perm(ENROL):
            raise PermissionDenied
        form = EnrolForm(self.request.POST)
        if not form.is_valid():
            return self._redisplay("enrol_form", form)
        try:
            certificates.certificate_enroll(user=form.cleaned_data["user"], by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self._redisplay("enrol_form", form)
        messages.success(
            self.request, _("%(user)s dapat mengaktifkan sertifikat TTE-nya.") % {"user": form.cleaned_data["user"]}
        )
        return redirect("archive_outgoing:certificates")


def revoke_certificate(request, pk: int):
    """Revoke a certificate: its holder may revoke their own, administrators anyone's."""
    if request.method != "POST":
        return redirect("archive_outgoing:certificates")
    certificate = get_object_or_404(SigningCertificate, pk=pk)
    if certificate.user_id != request.user.pk and not request.user.has_perm(REVOKE_ANY):
        return access.forbidden(request)
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Tulis alasan pencabutan."))
        certificates.certificate_revoke(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sertifikat dicabut."))
    return redirect("archive_outgoing:certificates")
