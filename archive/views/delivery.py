"""Delivery screens of a signed letter (on its page): e-mail to external addressees, printing for post or hand
delivery with the expedition receipt, the receipt's return, retries; internal units get it on signing, and a
failed internal delivery can be repeated here. Who may: the drafter and the tata usaha (as for dispatch)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.audit import Action
from archive.models import Dispatch, LetterSignature, OutgoingLetter, Unit
from archive.selectors.access import outgoing_visible_to
from archive.services import delivery as services
from archive.views import access
from archive.views.outgoing import ActionView, _may_dispatch, can_use

Channel, State = Dispatch.Channel, Dispatch.State


class EmailForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("Alamat surel tujuan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Satu atau beberapa alamat, dipisah koma atau baris baru."),
    )
    note = forms.CharField(label=gettext_lazy("Catatan"), required=False)


class PrintForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Dikirim melalui"),
        choices=[(Channel.POST, Channel.POST.label), (Channel.HAND, Channel.HAND.label)],
    )
    recipient = forms.CharField(label=gettext_lazy("Penerima (nama dan alamat)"), max_length=400)
    date = forms.DateField(
        label=gettext_lazy("Tanggal kirim"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=gettext_lazy("Catatan"), required=False)


class ReceivedForm(forms.Form):
    dispatch = forms.IntegerField(widget=forms.HiddenInput)
    received_by = forms.CharField(label=gettext_lazy("Diterima oleh"), max_length=200)
    received_on = forms.DateField(
        label=gettext_lazy("Tanggal terima"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class DispatchChoice(forms.Form):
    dispatch = forms.IntegerField(widget=forms.HiddenInput)


class UnitChoice(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Unit tujuan"))

    def __init__(self, *args, letter: OutgoingLetter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = undelivered_units(letter)


def undelivered_units(letter: OutgoingLetter):
    delivered = Dispatch.objects.filter(letter=letter, incoming_letter__isnull=False).values("unit_id")
    return letter.internal_recipients.exclude(pk__in=delivered)


def delivery_context(*, request, letter: OutgoingLetter, forms_given: dict) -> dict:
    signed = LetterSignature.objects.filter(letter=letter).exists()
    may = signed and _may_dispatch(request.user, letter)
    return {
        "deliveries": letter.dispatches.select_related("recorded_by", "unit", "incoming_letter"),
        "has_paper": letter.dispatches.filter(channel__in=[Channel.POST, Channel.HAND]).exists(),
        "may_deliver": may,
        "undelivered_units": list(undelivered_units(letter)) if signed else [],
        "email_form": forms_given.get("email_form") or EmailForm(),
        "print_form": forms_given.get("print_form") or PrintForm(initial={"date": timezone.localdate()}),
        "received_form": ReceivedForm(initial={"received_on": timezone.localdate()}),
        "unit_form": forms_given.get("unit_form") or UnitChoice(letter=letter),
    }


class DeliveryAction(ActionView):
    """A delivery form: only for a signed letter and for those who may dispatch it."""

    def act(self, form) -> None:
        if not LetterSignature.objects.filter(letter=self.letter).exists():
            raise PermissionDenied(_("Surat ini belum ditandatangani secara elektronik."))
        if not _may_dispatch(self.request.user, self.letter):
            raise PermissionDenied(_("Anda tidak dapat mengirim surat ini."))
        self.deliver(form)

    def dispatch_of(self, form) -> Dispatch:
        return get_object_or_404(Dispatch, pk=form.cleaned_data["dispatch"], letter=self.letter)


class EmailView(DeliveryAction):
    form_class, form_name = EmailForm, "email_form"

    def deliver(self, form: EmailForm) -> None:
        queued = services.outgoing_email_queue(
            letter=self.letter,
            user=self.request.user,
            addresses=form.cleaned_data["addresses"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            self.request, _("Surat diantrekan untuk dikirim ke %(count)s alamat surel.") % {"count": len(queued)}
        )


class PrintView(DeliveryAction):
    form_class, form_name = PrintForm, "print_form"

    def deliver(self, form: PrintForm) -> None:
        services.outgoing_print_dispatch(letter=self.letter, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Pengiriman dicatat. Cetak surat dan tanda terima ekspedisinya."))


class ReceivedView(DeliveryAction):
    form_class, form_name = ReceivedForm, "received_form"

    def deliver(self, form: ReceivedForm) -> None:
        services.dispatch_mark_received(
            dispatch=self.dispatch_of(form),
            user=self.request.user,
            received_by=form.cleaned_data["received_by"],
            received_on=form.cleaned_data["received_on"],
        )
        messages.success(self.request, _("Tanda terima ekspedisi dicatat."))


class RetryView(DeliveryAction):
    form_class, form_name = DispatchChoice, "retry_form"

    def deliver(self, form: DispatchChoice) -> None:
        services.dispatch_retry(dispatch=self.dispatch_of(form), user=self.request.user)
        messages.success(self.request, _("Surel diantrekan lagi."))


class InternalView(DeliveryAction):
    form_class, form_name = UnitChoice, "unit_form"

    def make_form(self, data):
        return UnitChoice(data, letter=self.letter)

    def deliver(self, form: UnitChoice) -> None:
        unit = form.cleaned_data["unit"]
        services.outgoing_deliver_internal(letter=self.letter, unit=unit, user=self.request.user)
        messages.success(self.request, _("Surat masuk ke buku agenda %(unit)s.") % {"unit": unit.name})


def expedition_pdf(request, pk: int):
    """The expedition receipt (buku ekspedisi) of the letter's paper dispatches, to print and have signed."""
    if not can_use(request.user):
        return access.forbidden(request)
    letter = get_object_or_404(outgoing_visible_to(request.user, OutgoingLetter.objects.all()), pk=pk)
    dispatches = list(letter.dispatches.filter(channel__in=[Channel.POST, Channel.HAND]).select_related("letter"))
    if not dispatches:
        return HttpResponse(_("Belum ada pengiriman lewat pos atau diantar."), status=404, content_type="text/plain")
    access.log_outgoing_access(request, letter, action=Action.DOWNLOAD, what="tanda terima ekspedisi")
    response = HttpResponse(services.expedition_receipt_pdf(dispatches=dispatches), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ekspedisi-{letter.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
