"""Disposition screens in the Wagtail admin: the inbox, one received disposition (read, forward, report,
complete), the "Disposisikan" form of a letter, a letter's chain with cancel, the operator's monitoring, the
lembar disposisi PDF and report files; plus the admin viewsets of holidays and instructions.

Who sees what: the inbox shows only the posts the user holds today (Plt included); a letter's chain, sheet and
report files are for the posts that sent or received one of its dispositions, the leader it was put before, and
monitors (archive.monitor_disposition). Services check that whoever acts for a post holds it.

Over all of it lies the access rule of restricted letters (archive.views.access): a letter the user may not open
answers 404 on every page here, is left out of the inbox, reminders and monitoring (rows and counts), and each
page or file of a restricted letter that is shown is written to the audit log.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet

from archive import printing_dispositions
from archive.audit import Action
from archive.formfields import ModelMultipleChoiceField
from archive.models import (
    Disposition,
    DispositionRecipient,
    Holiday,
    IncomingLetter,
    Instruction,
    Position,
    ReportAttachment,
)
from archive.models.letters import URGENCY_CHOICES
from archive.selectors import dispositions as selectors
from archive.selectors import monitoring
from archive.selectors.access import can_open_letter, letters_visible_to
from archive.selectors.organisation import user_positions
from archive.services import dispositions as services
from archive.serving import stored_file_response
from archive.views import access
from archive.views.pages import GuardedAdminPage

VIEW = "archive.view_disposition"
ADD = "archive.add_disposition"
RECORD_FOR_OTHERS = "archive.change_disposition"
MONITOR = "archive.monitor_disposition"
MAX_REPORT_FILE_BYTES = 20 * 1024 * 1024
Status = DispositionRecipient.Status


def can_use_inbox(user) -> bool:
    return user.has_perm(VIEW)


def can_monitor(user) -> bool:
    return user.has_perm(MONITOR)


def can_see_letter(user, letter: IncomingLetter) -> bool:
    """Of the users who may open the letter, monitors see every chain; others the chains their posts took part in
    or the letter was put before."""
    if not can_open_letter(user, letter):
        return False
    if can_monitor(user):
        return True
    if not user.has_perm(VIEW):
        return False
    today = timezone.localdate()
    return letter.addressed_to_id in _held_ids(user) or selectors.user_involved_in_letter(
        user=user, letter=letter, day=today
    )


def _visible_letter_ids(user):
    return letters_visible_to(user).values("pk")


def _held_ids(user) -> set[int]:
    return {hold.position_id for hold in user_positions(user=user, day=timezone.localdate())}


def _position_label(position: Position) -> str:
    return f"{position.title} — {position.unit.name}"


# Forms ------------------------------------------------------------------------------------------------------------


class PositionChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Position) -> str:
        return _position_label(obj)


class DispositionForm(forms.Form):
    """The lembar disposisi as a form: from (when the user may choose), to, instructions, note, deadline, sifat."""

    from_position = forms.ModelChoiceField(queryset=Position.objects.none(), label=gettext_lazy("Dari jabatan"))
    recipients = PositionChoices(
        queryset=Position.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Diteruskan kepada"),
    )
    instructions = ModelMultipleChoiceField(
        queryset=Instruction.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Isi disposisi"),
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("Catatan"))
    deadline = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        label=gettext_lazy("Batas waktu"),
    )
    urgency = forms.ChoiceField(choices=URGENCY_CHOICES, label=gettext_lazy("Sifat (kecepatan)"))

    def __init__(self, *args, senders=None, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        if senders is None:
            del self.fields["from_position"]
        else:
            self.fields["from_position"].queryset = senders
        ids = [position.pk for position in recipients]
        self.fields["recipients"].queryset = Position.objects.filter(pk__in=ids).select_related("unit")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ReportForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=gettext_lazy("Laporan tindak lanjut"))
    # A phone offers its camera and gallery for images, besides documents.
    files = MultipleFileField(
        required=False,
        label=gettext_lazy("Lampiran (boleh lebih dari satu)"),
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf,.doc,.docx,.xls,.xlsx,.odt,.ods"}),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        too_big = [upload.name for upload in files if upload.size > MAX_REPORT_FILE_BYTES]
        if too_big:
            raise ValidationError(_("Berkas melebihi 20 MB: %(names)s") % {"names": ", ".join(too_big)})
        return files


class CompleteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=gettext_lazy("Catatan"))

    def __init__(self, *args, **kwargs):
        # The report form on the same page has its own "note": distinct ids, so each label names its own field.
        kwargs.setdefault("auto_id", "id_complete_%s")
        super().__init__(*args, **kwargs)


# Pages ------------------------------------------------------------------------------------------------------------


class DispositionPage(GuardedAdminPage):
    """An admin page of the disposition screens; one showing a letter logs each showing of a restricted one."""

    parent_crumb = ("archive_dispositions:inbox", gettext_lazy("Kotak masuk disposisi"))
    access_what = ""

    def allowed(self) -> bool:
        return can_use_inbox(self.request.user)

    def shown_letter(self) -> IncomingLetter | None:
        return None

    def render_to_response(self, context, **response_kwargs):
        letter = self.shown_letter()
        if letter is not None:
            access.log_letter_access(self.request, letter, what=self.access_what)
        return super().render_to_response(context, **response_kwargs)


class InboxView(DispositionPage):
    template_name = "archive/dispositions/inbox.html"
    page_title = gettext_lazy("Kotak masuk disposisi")
    parent_crumb = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        show_all = self.request.GET.get("semua") == "1"
        rows = selectors.inbox_for_user(user=user, day=today, include_closed=show_all)
        page = Paginator(rows, 50).get_page(self.request.GET.get("p"))
        holidays, idle_after = selectors.holiday_dates(), selectors.idle_working_days()
        items = [selectors.assess(row, today=today, holidays=holidays, idle_after=idle_after) for row in page]
        reminders = selectors.reminders_for_user(user=user, day=today)
        to_dispose = selectors.letters_awaiting_disposition(user=user, day=today) if user.has_perm(ADD) else []
        shown = [item.recipient.disposition.letter for item in items] + [reminder.letter for reminder in reminders]
        access.log_letters_listed(self.request, shown + [letter for letter, _age in to_dispose], what="kotak masuk")
        context.update(
            items=items,
            page_obj=page,
            show_all=show_all,
            reminders=reminders,
            to_dispose=to_dispose,
            positions=user_positions(user=user, day=today),
            can_monitor=can_monitor(user),
        )
        return context


class RecipientMixin:
    """The recipient row named in the URL; its post's holders, its sender's and monitors may open it.

    Checked in three steps: the screen's permission (403, before any lookup), the row and its letter under the
    access rule (404), then the row's own rule (403).
    """

    access_what = "disposisi"

    def screen_allowed(self) -> bool:
        return can_use_inbox(self.request.user)

    def row_allowed(self) -> bool:
        return self.is_holder or self.is_sender or can_monitor(self.request.user)

    def allowed(self) -> bool:
        if not self.screen_allowed():
            return False
        user = self.request.user
        related = ("disposition__letter", "disposition__from_position", "position__unit")
        rows = DispositionRecipient.objects.select_related(*related)
        self.recipient = get_object_or_404(rows, pk=self.kwargs["pk"])
        access.require_letter(user, self.recipient.disposition.letter)
        held = _held_ids(user)
        self.is_holder = self.recipient.position_id in held
        self.is_sender = self.recipient.disposition.from_position_id in held
        return self.row_allowed()

    def shown_letter(self) -> IncomingLetter:
        return self.recipient.disposition.letter

    def get_page_title(self):
        return _("Disposisi: %(letter)s") % {"letter": self.recipient.disposition.letter}


class RecipientView(RecipientMixin, DispositionPage):
    template_name = "archive/dispositions/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recipient, user = self.recipient, self.request.user
        letter = recipient.disposition.letter
        can_act = self.is_holder and recipient.is_open
        context.update(
            recipient=recipient,
            disposition=recipient.disposition,
            letter=letter,
            chain=selectors.flatten_chain(selectors.letter_chain(letter=letter)),
            can_act=can_act,
            can_forward=can_act and user.has_perm(ADD) and bool(selectors.positions_below(position=recipient.position)),
            can_complete=recipient.is_open and (self.is_holder or self.is_sender),
            report_form=kwargs.get("report_form") or ReportForm(),
            complete_form=CompleteForm(),
            scan_url=_scan_url(user, letter),
            # the page posts its read receipt once shown: a GET writes nothing
            send_read_receipt=self.is_holder and recipient.status == DispositionRecipient.Status.SENT,
        )
        return context


def _scan_url(user, letter: IncomingLetter) -> str | None:
    capture = getattr(letter, "capture", None)
    if capture is None or not access.can_view(user):
        return None
    kind = "pdf" if capture.searchable_pdf else "asli"
    return reverse("archive:capture_file", args=[capture.pk, kind])


class ForwardView(RecipientMixin, DispositionPage):
    template_name = "archive/dispositions/form.html"
    access_what = "teruskan disposisi"

    def screen_allowed(self) -> bool:
        return self.request.user.has_perm(ADD)

    def row_allowed(self) -> bool:
        return self.is_holder

    def get_page_title(self):
        return _("Teruskan disposisi")

    def get_form(self, data=None) -> DispositionForm:
        below = selectors.positions_below(position=self.recipient.position)
        deadline = self.recipient.disposition.deadline
        initial = {"urgency": self.recipient.disposition.urgency}
        if deadline and deadline >= timezone.localdate():
            initial["deadline"] = deadline  # a forward usually keeps the deadline it was given
        return DispositionForm(data, recipients=below, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(letter=self.recipient.disposition.letter, recipient=self.recipient, submit=_("Teruskan"))
        return context

    def post(self, request, pk: int):
        form = self.get_form(request.POST)
        if form.is_valid():
            values = form.cleaned_data
            try:
                services.disposition_forward(recipient=self.recipient, user=request.user, **_act(values))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Disposisi diteruskan."))
                return redirect("archive_dispositions:detail", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


def _act(values: dict) -> dict:
    return {
        "recipients": list(values["recipients"]),
        "instructions": list(values["instructions"]),
        "note": values["note"],
        "deadline": values["deadline"],
        "urgency": values["urgency"],
    }


class ReportView(RecipientView):
    def row_allowed(self) -> bool:
        return self.is_holder

    def get(self, request, pk: int):
        return redirect("archive_dispositions:detail", pk=pk)

    def post(self, request, pk: int):
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.disposition_report(
                    recipient=self.recipient,
                    user=request.user,
                    note=form.cleaned_data["note"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Laporan tindak lanjut dikirim."))
                return redirect("archive_dispositions:detail", pk=pk)
        return self.render_to_response(self.get_context_data(report_form=form))


def _recipient_or_403(request, pk: int) -> DispositionRecipient:
    """The row named, for a user of the inbox (else 403), of a letter they may open (else 404)."""
    if not can_use_inbox(request.user):
        raise PermissionDenied
    rows = DispositionRecipient.objects.filter(disposition__letter__in=_visible_letter_ids(request.user))
    return get_object_or_404(rows.select_related("disposition"), pk=pk)


def _run(request, action, **kwargs) -> bool:
    """Call a service, turning its refusals into messages; return whether it succeeded."""
    try:
        action(user=request.user, **kwargs)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Anda tidak memiliki izin untuk tindakan ini."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        return True
    return False


@require_POST
def mark_read(request, pk: int):
    try:
        recipient = _recipient_or_403(request, pk)
    except PermissionDenied:
        return access.forbidden(request)
    _run(request, services.disposition_mark_read, recipient=recipient)
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("archive_dispositions:inbox")
    return HttpResponseRedirect(target)  # a path, never a view name


@require_POST
def complete(request, pk: int):
    try:
        recipient = _recipient_or_403(request, pk)
    except PermissionDenied:
        return access.forbidden(request)
    form = CompleteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if _run(request, services.disposition_complete, recipient=recipient, note=note):
        messages.success(request, _("Disposisi diselesaikan."))
    return redirect("archive_dispositions:detail", pk=pk)


@require_POST
def cancel(request, pk: int):
    if not request.user.has_perm(ADD):
        return access.forbidden(request)
    disposition = get_object_or_404(Disposition.objects.filter(letter__in=_visible_letter_ids(request.user)), pk=pk)
    held = disposition.from_position_id in _held_ids(request.user)
    on_behalf = not held and request.user.has_perm(RECORD_FOR_OTHERS)
    if _run(request, services.disposition_cancel, disposition=disposition, on_behalf=on_behalf):
        messages.success(request, _("Disposisi dibatalkan."))
    return redirect("archive_dispositions:letter", letter_pk=disposition.letter_id)


class LetterMixin:
    """The letter named in the URL: the screen's permission (403), then the letter under the access rule (404),
    then the page's own rule (403)."""

    def screen_allowed(self) -> bool:
        return can_use_inbox(self.request.user) or can_monitor(self.request.user)

    def letter_allowed(self) -> bool:
        return True

    def allowed(self) -> bool:
        if not self.screen_allowed():
            return False
        queryset = IncomingLetter.objects.select_related("classification")
        self.letter = get_object_or_404(queryset, pk=self.kwargs["letter_pk"])
        access.require_letter(self.request.user, self.letter)
        return self.letter_allowed()

    def shown_letter(self) -> IncomingLetter:
        return self.letter

    def letter_context(self) -> dict:
        user = self.request.user
        visible = can_see_letter(user, self.letter)
        chain = selectors.flatten_chain(selectors.letter_chain(letter=self.letter)) if visible else []
        return {
            "letter": self.letter,
            "header": printing_dispositions.sheet_header(self.letter),
            "chain": chain,
            "chain_visible": visible,
            "roll_up": selectors.LetterDispositionStatus.LABELS[
                selectors.letter_disposition_status(letter=self.letter)
            ],
            "cancellable": _cancellable(chain, _held_ids(user)) if user.has_perm(ADD) else set(),
            "can_dispose": user.has_perm(ADD) and self.letter.status == IncomingLetter.Status.REGISTERED,
        }


def _cancellable(chain: list[selectors.DispositionNode], held: set[int]) -> set[int]:
    """Ids of the dispositions sent from a post the user holds whose live recipients are all still unread."""
    found = set()
    for node in chain:
        live = [rn.recipient for rn in node.recipients if rn.recipient.status != DispositionRecipient.Status.CANCELLED]
        if node.disposition.from_position_id in held and live and all(r.status == Status.SENT for r in live):
            found.add(node.disposition.pk)
    return found


class LetterDispositionsView(LetterMixin, DispositionPage):
    template_name = "archive/dispositions/letter.html"
    access_what = "disposisi surat"

    def letter_allowed(self) -> bool:
        return can_see_letter(self.request.user, self.letter)

    def get_page_title(self):
        return _("Disposisi surat %(letter)s") % {"letter": self.letter}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.letter_context()}


class DisposeView(LetterMixin, DispositionPage):
    """ "Disposisikan": the first disposition of a registered letter (or another one from a head)."""

    template_name = "archive/dispositions/form.html"
    access_what = "disposisikan"

    def screen_allowed(self) -> bool:
        return self.request.user.has_perm(ADD)

    def get_page_title(self):
        return _("Disposisikan surat %(letter)s") % {"letter": self.letter}

    def senders(self):
        if self.request.user.has_perm(RECORD_FOR_OTHERS):
            return Position.objects.select_related("unit")
        return Position.objects.filter(pk__in=_held_ids(self.request.user)).select_related("unit")

    def get_form(self, data=None) -> DispositionForm:
        senders = list(self.senders())
        below = {post.pk: post for sender in senders for post in selectors.positions_below(position=sender)}
        initial = {"urgency": self.letter.urgency, "from_position": senders[0].pk if len(senders) == 1 else None}
        choices = Position.objects.filter(pk__in=[sender.pk for sender in senders])
        return DispositionForm(data, senders=choices, recipients=below.values(), initial=initial)

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), **self.letter_context()}
        context.setdefault("form", self.get_form())
        context["submit"] = _("Disposisikan")
        return context

    def post(self, request, letter_pk: int):
        form = self.get_form(request.POST)
        if form.is_valid():
            sender = form.cleaned_data["from_position"]
            on_behalf = sender.pk not in _held_ids(request.user) and request.user.has_perm(RECORD_FOR_OTHERS)
            try:
                services.disposition_create(
                    letter=self.letter,
                    from_position=sender,
                    user=request.user,
                    on_behalf=on_behalf,
                    **_act(form.cleaned_data),
                )
            except ValidationError as error:
                form.add_error(None, error)
            except PermissionDenied as error:
                form.add_error("from_position", str(error))
            else:
                messages.success(request, _("Surat didisposisikan."))
                return redirect("archive_dispositions:letter", letter_pk=letter_pk)
        return self.render_to_response(self.get_context_data(form=form))


def can_monitor_as_leader(user) -> bool:
    """A leader (a post with posts below it, held today, Plt included) monitors the dispositions below him."""
    return can_use_inbox(user) and bool(monitoring.led_positions(user=user, day=timezone.localdate()))


class MonitorView(DispositionPage):
    """Pemantauan disposisi: open dispositions by unit and age, overdue ones first, completion times per unit over a
    period, and the undisposed letters with their re-notification. Monitors see the whole office; a leader sees the
    dispositions to the posts below his own."""

    template_name = "archive/dispositions/monitor.html"
    page_title = gettext_lazy("Pemantauan disposisi")
    header_icon = "time"
    parent_crumb = None

    def allowed(self) -> bool:
        return can_monitor(self.request.user) or can_monitor_as_leader(self.request.user)

    def scope(self):
        """The recipient rows this person monitors, of letters they may open."""
        user, today = self.request.user, timezone.localdate()
        rows = DispositionRecipient.objects.filter(disposition__letter__in=_visible_letter_ids(user))
        if can_monitor(user):
            return rows, True
        below = [position.pk for position in monitoring.led_positions(user=user, day=today)]
        return rows.filter(position_id__in=below), False

    def period(self):
        month = self.request.GET.get("bulan", "")
        try:
            start = datetime.date.fromisoformat(f"{month}-01") if month else None
        except ValueError:
            start = None
        today = timezone.localdate()
        if start is None:
            return today - datetime.timedelta(days=30), today, ""
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        return start, min(end, today), month

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows, whole_office = self.scope()
        items = selectors.open_dispositions(today=today, recipients=rows)
        late_only = self.request.GET.get("terlambat") == "1"
        shown = [item for item in items if item.flagged] if late_only else items
        shown.sort(key=lambda item: (not item.overdue, not item.idle, -item.age))  # overdue first
        start, end, month = self.period()
        undisposed = []
        if whole_office:
            visible = _visible_letter_ids(self.request.user)
            undisposed = selectors.letters_undisposed(
                today=today, letters=IncomingLetter.objects.filter(pk__in=visible)
            )
        renotified = monitoring.renotified_on(letter_ids=[letter.pk for letter, _age in undisposed])
        page = Paginator(shown, 100).get_page(self.request.GET.get("p"))
        listed = [item.recipient.disposition.letter for item in page] + [letter for letter, _age in undisposed]
        access.log_letters_listed(self.request, listed, what="pemantauan disposisi")
        context.update(
            page_obj=page,
            late_only=late_only,
            total=len(items),
            overdue=sum(item.overdue for item in items),
            idle=sum(item.idle for item in items),
            idle_after=selectors.idle_working_days(),
            buckets=[label for _low, _high, label in monitoring.age_buckets()],
            by_unit=monitoring.open_by_unit(items),
            completion=monitoring.completion_by_unit(recipients=rows, start=start, end=end),
            period_start=start,
            period_end=end,
            month=month,
            whole_office=whole_office,
            undisposed=[(letter, age, renotified.get(letter.pk)) for letter, age in undisposed],
            today=today,
        )
        return context


def _may_use_letter_screens(user) -> bool:
    return can_use_inbox(user) or can_monitor(user)


def sheet_pdf(request, letter_pk: int):
    if not _may_use_letter_screens(request.user):
        return access.forbidden(request)
    letter = get_object_or_404(IncomingLetter, pk=letter_pk)
    access.require_letter(request.user, letter)
    if not can_see_letter(request.user, letter):
        return access.forbidden(request)
    access.log_letter_access(request, letter, action=Action.DOWNLOAD, what="lembar disposisi")
    response = HttpResponse(printing_dispositions.sheet_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lembar-disposisi-{letter.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def report_file(request, pk: int):
    if not _may_use_letter_screens(request.user):
        return access.forbidden(request)
    attachments = ReportAttachment.objects.select_related("report__recipient__disposition__letter")
    attachment = get_object_or_404(attachments, pk=pk)
    letter = attachment.report.recipient.disposition.letter
    access.require_letter(request.user, letter)
    if not can_see_letter(request.user, letter):
        return access.forbidden(request)
    if not attachment.file or not default_storage.exists(attachment.file.name):
        raise Http404
    access.log_letter_access(request, letter, action=Action.DOWNLOAD, what=f"lampiran laporan {attachment.pk}")
    return stored_file_response(
        name=attachment.file.name, content_type="application/octet-stream", filename=attachment.name
    )


# Admin viewsets (Settings menu) ----------------------------------------------------------------------------------


class HolidayViewSet(ModelViewSet):
    model = Holiday
    name = "archive_holiday"
    url_prefix = "hari-libur"
    icon = "date"
    menu_label = gettext_lazy("Hari libur")
    add_to_settings_menu = True
    form_fields = ["date", "name"]
    list_display = ["date", "name"]
    search_fields = ["name"]
    ordering = ["-date"]


class InstructionDeleteView(DeleteView):
    """Deleting an instruction that dispositions use is refused with the reason; the service decides."""

    def delete_action(self) -> None:
        services.instruction_delete(instruction=self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.edit_url_name, self.object.pk)


class InstructionViewSet(ModelViewSet):
    model = Instruction
    delete_view_class = InstructionDeleteView
    name = "archive_instruction"
    url_prefix = "instruksi-disposisi"
    icon = "list-ul"
    menu_label = gettext_lazy("Instruksi disposisi")
    add_to_settings_menu = True
    form_fields = ["name", "order", "is_active", "attendance"]
    list_display = ["name", "order", "is_active", "attendance"]
    ordering = ["order", "name"]
