"""Invitation events: the meeting a surat undangan invites to, and each person's secret calendar feed.

A ``LetterEvent`` is read from the letter's text when it is captured (archive.extraction.events) and corrected by
the clerk on the review screen or by the officials on the dispose screen; once a person has edited it, capture
never overwrites it. The people told to attend ("Hadiri": a disposition instruction marked ``attendance``) find it
in their calendar through a ``CalendarFeed``: a personal secret URL, reset at will.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


class LetterEvent(models.Model):
    """When and where an incoming invitation asks the office to come."""

    class Source(models.TextChoices):
        READ = "read", _("terbaca dari surat")
        EDITED = "edited", _("diperiksa petugas")

    letter = models.OneToOneField(
        "archive.IncomingLetter", verbose_name=_("surat"), on_delete=models.CASCADE, related_name="event"
    )
    date = models.DateField(_("tanggal acara"))
    end_date = models.DateField(_("sampai tanggal"), null=True, blank=True)
    start_time = models.TimeField(_("pukul"), null=True, blank=True)
    end_time = models.TimeField(_("sampai pukul"), null=True, blank=True)
    until_done = models.BooleanField(_("sampai selesai"), default=False)
    zone = models.CharField(
        _("zona waktu"), max_length=4, choices=[(key, key) for key in ZONES], default="WIB", blank=True
    )
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    agenda = models.CharField(_("acara"), max_length=300, blank=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.READ)
    confidence = models.FloatField(_("keyakinan baca"), null=True, blank=True)
    read_from = models.TextField(_("dibaca dari"), blank=True)
    # The event's identity in every calendar it was put in: stays the same when the event is corrected.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("acara undangan")
        verbose_name_plural = _("acara undangan")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.agenda or self.letter}"

    @property
    def tz_name(self) -> str:
        return ZONES.get(self.zone or "WIB", settings.TIME_ZONE)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's calendar address: whoever knows the token reads their events, so it can be reset."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalender pribadi")
        verbose_name_plural = _("kalender pribadi")

    def __str__(self) -> str:
        return str(self.user)
