"""Admin URLs of invitation events, mounted under /admin/acara/ by archive.daily_hooks."""

from django.urls import path

from archive.views import events as views

app_name = "archive_events"

urlpatterns = [
    path("surat/<int:letter_pk>/", views.edit_event, name="edit"),
    path("surat/<int:letter_pk>/undangan.ics", views.event_ics, name="ics"),
    path("kalender/ganti-alamat/", views.reset_feed, name="reset_feed"),
]
