"""Invitation events in calendars: the pipeline reads them, people correct them, the recipients told to attend
("Hadiri") get them in a personal secret-URL feed and an .ics download, both valid iCalendar, the URL can be reset,
and everything passes the access rule."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from icalendar import Calendar

from archive.extraction.dates import MONTHS
from archive.models import CalendarFeed, Instruction, LetterEvent
from archive.selectors.events import events_to_attend
from archive.services import events as services
from archive.services.dispositions import disposition_cancel, disposition_create
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db

DAY = datetime.date.today() + datetime.timedelta(days=20)  # feeds carry the past year and what lies ahead
WEEKDAY = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")[DAY.weekday()]
INVITATION = f"""Perihal : Undangan Rapat Koordinasi Adminduk
Dengan hormat, kami mengundang Saudara pada:
Hari/Tanggal : {WEEKDAY}, {DAY.day} {MONTHS[DAY.month - 1]} {DAY.year}
Pukul : 08.30 s.d. 11.00 WITA
Tempat : Aula Kantor Bupati
Acara : Rapat koordinasi pelayanan adminduk
"""


@pytest.fixture
def office():
    built = build_office()
    for key, user in built.users.items():
        user.groups.add(Group.objects.get(name="Staf" if key == "staf" else "Pejabat"))
    return built


@pytest.fixture
def invitation(office):
    letter = registered_letter(user=office.users["kadis"], subject="Undangan Rapat Koordinasi Adminduk")
    services.letter_event_read(letter=letter, text=INVITATION)
    return letter


def _dispose(office, letter, to, *names):
    return disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office[to]],
        instructions=instructions(*names),
    )


def _parse(body: bytes) -> Calendar:
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n")), "lines folded at 75 octets"
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    return calendar


def test_the_seeded_attendance_instruction():
    assert list(Instruction.objects.filter(attendance=True).values_list("name", flat=True)) == ["Wakili/hadiri"]


def test_reading_and_correcting_an_event(office, invitation):
    event = LetterEvent.objects.get(letter=invitation)
    assert event.date == DAY
    assert (event.start_time, event.end_time, event.zone) == (datetime.time(8, 30), datetime.time(11), "WITA")
    assert event.place == "Aula Kantor Bupati" and event.source == LetterEvent.Source.READ
    corrected = services.letter_event_save(
        letter=invitation,
        user=office.users["kadis"],
        date=datetime.date(2025, 3, 20),
        end_date=None,
        start_time=datetime.time(9),
        end_time=None,
        until_done=True,
        zone="WITA",
        place="Ruang Rapat Bupati",
        agenda="Rapat koordinasi",
    )
    assert corrected.uid == event.uid and corrected.sequence == 1
    assert services.letter_event_read(letter=invitation, text=INVITATION).place == "Ruang Rapat Bupati"  # kept
    with pytest.raises(Exception, match="Tanggal akhir"):
        services.letter_event_save(
            letter=invitation,
            user=office.users["kadis"],
            date=datetime.date(2025, 3, 20),
            end_date=datetime.date(2025, 3, 19),
        )


def test_only_hadiri_recipients_get_the_event_in_their_feed(office, invitation):
    _dispose(office, invitation, "kabid", "Wakili/hadiri")
    _dispose(office, invitation, "sekretaris", "Untuk diketahui")
    assert [event.letter for event in events_to_attend(user=office.users["kabid"])] == [invitation]
    assert not events_to_attend(user=office.users["sekretaris"]).exists()
    assert not events_to_attend(user=office.users["kadis"]).exists()  # the sender is not told to attend


def test_cancelled_disposition_takes_the_event_out(office, invitation):
    disposition = _dispose(office, invitation, "kabid", "Wakili/hadiri")
    disposition_cancel(disposition=disposition, user=office.users["kadis"])
    assert not events_to_attend(user=office.users["kabid"]).exists()


def test_feed_is_valid_icalendar_at_a_secret_url(client, office, invitation):
    _dispose(office, invitation, "kabid", "Wakili/hadiri")
    feed = services.calendar_feed_for(user=office.users["kabid"])
    response = client.get(reverse("calendar_feed", args=[feed.token]))  # no sign-in: calendar apps have none
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = _parse(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Rapat koordinasi pelayanan adminduk"
    assert str(event["LOCATION"]) == "Aula Kantor Bupati"
    start = event.decoded("DTSTART")
    assert start.isoformat() == f"{DAY.isoformat()}T08:30:00+08:00"  # WITA
    assert event.decoded("DTEND").isoformat() == f"{DAY.isoformat()}T11:00:00+08:00"
    assert str(event["UID"]).endswith("@naskah") and event["DTSTAMP"]
    assert invitation.number in str(event["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE"), "the zone the letter gave is described"
    assert client.get(reverse("calendar_feed", args=["tebakan-acak"])).status_code == 404


def test_resetting_the_feed_url_kills_the_old_one(client, office, invitation):
    user = office.users["kabid"]
    old = services.calendar_feed_for(user=user).token
    client.force_login(user)
    page = client.get(reverse("archive_notifications:settings")).content.decode()
    assert old in page
    assert client.post(reverse("archive_events:reset_feed")).status_code == 302
    new = CalendarFeed.objects.get(user=user).token
    assert new != old and len(new) >= 40
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


def test_restricted_letter_feed_tells_when_and_where_only(client, office):
    secret = registered_letter(user=office.users["kadis"], subject="Undangan rapat rahasia", security="rahasia")
    services.letter_event_read(letter=secret, text=INVITATION)
    _dispose(office, secret, "kabid", "Wakili/hadiri")
    body = client.get(reverse("calendar_feed", args=[services.calendar_feed_for(user=office.users["kabid"]).token]))
    event = _parse(body.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Acara undangan (surat terbatas)"
    assert "rahasia" not in str(event["DESCRIPTION"]).lower()
    assert str(event["LOCATION"]) == "Aula Kantor Bupati"


def test_ics_download_follows_the_access_rule(client, office, invitation):
    url = reverse("archive_events:ics", args=[invitation.pk])
    client.force_login(office.users["staf"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert len(_parse(response.content).walk("VEVENT")) == 1
    invitation.security = "rahasia"
    invitation.save()
    assert client.get(url).status_code == 404  # staf is not on its chain
    client.force_login(office.users["kadis"])
    assert client.get(url).status_code == 200


def test_all_day_event_without_a_time(office):
    letter = registered_letter(user=office.users["kadis"], subject="Undangan Jambore")
    services.letter_event_read(
        letter=letter, text="Perihal : Undangan\nHari/Tanggal : Senin s.d. Rabu, 5 - 7 Mei 2025\n"
    )
    from archive.calendars import calendar_ics

    event = _parse(calendar_ics(LetterEvent.objects.filter(letter=letter), name="x")).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.date(2025, 5, 5)
    assert event.decoded("DTEND") == datetime.date(2025, 5, 8)  # exclusive end: the whole of the 7th


def test_event_form_on_the_dispose_screen(client, office, invitation):
    client.force_login(office.users["kadis"])
    page = client.get(reverse("archive_dispositions:create", args=[invitation.pk])).content.decode()
    assert "Acara undangan" in page and "Aula Kantor Bupati" in page and "data-event-date" in page
    response = client.post(
        reverse("archive_events:edit", args=[invitation.pk]),
        {
            "date": "2025-03-19",
            "start_time": "09:00",
            "zone": "WIB",
            "place": "Pendopo",
            "agenda": "Rapat",
            "next": reverse("archive_dispositions:create", args=[invitation.pk]),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/disposisikan/")
    event = LetterEvent.objects.get(letter=invitation)
    assert (event.place, event.start_time, event.source) == ("Pendopo", datetime.time(9), LetterEvent.Source.EDITED)
    client.force_login(office.users["staf"])  # may open the letter but neither registers nor disposes
    assert client.post(reverse("archive_events:edit", args=[invitation.pk]), {"date": "2025-03-19"}).status_code == 403
