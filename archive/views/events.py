"""Invitation events on screen and in calendars: correct a letter's event, download it as .ics, and each person's
secret calendar feed (with its reset).

Who may correct an event: whoever may register letters, and the officials who may dispose the letter (it is shown
on the dispose screens). The .ics of one letter is for whoever may open the letter; the feed answers to its secret
token alone (calendar applications cannot sign in) and carries only the events its owner is told to attend.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from archive.audit import Action
from archive.calendars import calendar_ics
from archive.extraction.events import looks_like_invitation
from archive.models import CalendarFeed, IncomingLetter, LetterEvent
from archive.selectors.events import events_to_attend
from archive.services import events as services
from archive.views import access

REGISTER = "archive.change_incomingletter"
DISPOSE = "archive.add_disposition"


class EventForm(forms.ModelForm):
    class Meta:
        model = LetterEvent
        fields = list(services.EDITABLE)
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


def may_edit_event(user, letter: IncomingLetter) -> bool:
    return access.can_open_letter(user, letter) and (user.has_perm(REGISTER) or user.has_perm(DISPOSE))


def event_context(request, letter: IncomingLetter, *, editable: bool = True) -> dict:
    """What the event panel of a letter shows (the event, its form for those who may correct it)."""
    event = LetterEvent.objects.filter(letter=letter).first()
    # An empty form only on letters that look like invitations: the others have no event to enter.
    can_edit = (
        editable and may_edit_event(request.user, letter) and (event or looks_like_invitation("", letter.subject))
    )
    return {
        "event_letter": letter,
        "event": event,
        "event_form": EventForm(instance=event) if can_edit else None,
        "event_next": request.get_full_path(),
    }


def _back(request, letter: IncomingLetter) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return target
    return reverse("archive_dispositions:letter", args=[letter.pk])


@require_POST
def edit_event(request, letter_pk: int):
    letter = get_object_or_404(IncomingLetter, pk=letter_pk)
    access.require_letter(request.user, letter)
    if not may_edit_event(request.user, letter):
        return access.forbidden(request)
    if request.POST.get("delete"):
        services.letter_event_delete(letter=letter)
        messages.success(request, _("Acara undangan dihapus dari surat ini."))
        return redirect(_back(request, letter))
    form = EventForm(request.POST, instance=LetterEvent.objects.filter(letter=letter).first())
    if form.is_valid():
        try:
            services.letter_event_save(
                letter=letter, user=request.user, **{name: form.cleaned_data[name] for name in services.EDITABLE}
            )
        except Exception as error:  # noqa: BLE001 - ValidationError from the service, shown as it is
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Acara undangan disimpan."))
    else:
        errors = "; ".join(f"{form.fields[name].label}: {' '.join(msgs)}" for name, msgs in form.errors.items())
        messages.error(request, _("Acara belum disimpan: %(errors)s") % {"errors": errors})
    return redirect(_back(request, letter))


@require_GET
def event_ics(request, letter_pk: int):
    """The letter's event as a one-event .ics file, for whoever may open the letter."""
    if not request.user.is_authenticated:
        return access.forbidden(request)
    letter = get_object_or_404(IncomingLetter, pk=letter_pk)
    access.require_letter(request.user, letter)
    event = get_object_or_404(LetterEvent.objects.select_related("letter"), letter=letter)
    access.log_letter_access(request, letter, action=Action.DOWNLOAD, what="acara .ics")
    response = HttpResponse(calendar_ics([event], name=str(letter)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="undangan-{letter.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def feed(request, token: str):
    """A person's calendar: the events they are told to attend, read by a calendar application with the token."""
    found = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    since = services.event_window()[0]
    events = events_to_attend(user=found.user, since=since)
    name = _("Undangan %(name)s") % {"name": found.user.get_full_name() or found.user.get_username()}
    response = HttpResponse(calendar_ics(events, name=name), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def reset_feed(request):
    if not request.user.is_authenticated:
        return access.forbidden(request)
    services.calendar_feed_reset(user=request.user)
    messages.success(request, _("Alamat kalender diganti; alamat lama tidak berlaku lagi."))
    return redirect("archive_notifications:settings")


def calendar_context(request) -> dict:
    feed_row = services.calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed_row.token]))
    upcoming = events_to_attend(user=request.user, since=services.event_window()[0])
    return {
        "calendar": {"url": url, "webcal": url.replace("https://", "webcal://").replace("http://", "webcal://")},
        "calendar_events": list(upcoming[:20]),
    }
