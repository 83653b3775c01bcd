"""The access rule given three ways (queryset, yes/no, search principals) must agree for every user and letter."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from archive.models import Capture, PositionHolder
from archive.selectors.access import can_open_letter, letter_principals, letters_visible_to, user_principals
from archive.services.dispositions import disposition_cancel, disposition_create, disposition_forward
from archive.services.letters import letter_confirm
from tests.factories.archive import IncomingLetterFactory, UserFactory
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db
LEVELS = ["biasa", "terbatas", "rahasia", "sangat_rahasia"]


@pytest.fixture
def office():
    office = build_office()
    for key in ("kadis", "sekretaris", "kabid", "kasi", "staf"):
        office.users[key].groups.add(Group.objects.get(name="Pejabat" if key != "staf" else "Staf"))
    operator = UserFactory(username="operator")
    operator.groups.add(Group.objects.get(name="Operator"))
    uploader = UserFactory(username="pengunggah")
    uploader.groups.add(Group.objects.get(name="Operator"))
    outsider = UserFactory(username="luar")  # no archive rights at all
    plt = UserFactory(username="plt_kasi")
    plt.groups.add(Group.objects.get(name="Pejabat"))
    PositionHolder.objects.create(position=office["kasi"], user=plt, start=datetime.date.today(), end=None, acting=True)
    office.users.update(operator=operator, uploader=uploader, outsider=outsider, plt=plt)
    return office


def _letters(office):
    """For each level: a registered letter disposed Kadis -> Kabid -> Kasi, one with a cancelled disposition to
    the Sekretaris, and one still in review (only its uploader and the operators' rule apply)."""
    letters = []
    for level in LEVELS:
        letter = registered_letter(user=office.users["operator"], security=level)
        Capture.objects.create(
            letter=letter,
            original=ContentFile(b"x", name="x.pdf"),
            original_name="x.pdf",
            sha256=f"{letter.pk:064}",
            size=1,
            created_by=office.users["uploader"],
        )
        first = disposition_create(
            letter=letter,
            from_position=office["kadis"],
            user=office.users["kadis"],
            recipients=[office["kabid"]],
            instructions=instructions("Tindak lanjuti/selesaikan"),
        )
        disposition_forward(
            recipient=first.recipients.get(), user=office.users["kabid"], recipients=[office["kasi"]], note="Proses"
        )
        other = disposition_create(
            letter=letter,
            from_position=office["kadis"],
            user=office.users["kadis"],
            recipients=[office["sekretaris"]],
            note="Untuk diketahui",
        )
        disposition_cancel(disposition=other, user=office.users["kadis"])
        pending = IncomingLetterFactory(security=level)
        unattended = IncomingLetterFactory(security=level)  # from the watched folder: a capture no one uploaded
        Capture.objects.create(
            letter=unattended,
            original=ContentFile(b"y", name="y.pdf"),
            original_name="y.pdf",
            sha256=f"{unattended.pk:064x}",
            size=1,
            source=Capture.Source.WATCH,
        )
        letters += [letter, pending, unattended]
    return letters


def test_queryset_yes_no_and_principals_agree(office):
    letters = _letters(office)
    for user in office.users.values():
        visible = set(letters_visible_to(user).values_list("pk", flat=True))
        held = user_principals(user)
        for letter in letters:
            by_tokens = bool(held & letter_principals(letter))
            assert can_open_letter(user, letter) == (letter.pk in visible) == by_tokens, (user, letter.security)


def test_who_may_open_a_restricted_letter(office):
    letter = _letters(office)[3]  # terbatas, registered and disposed
    allowed = {name for name, user in office.users.items() if can_open_letter(user, letter)}
    # the Sekretaris's disposition was cancelled, the Staf post is below the chain, the outsider reads nothing
    assert allowed == {"operator", "uploader", "kadis", "kabid", "kasi", "plt"}


def test_open_letters_are_open_to_every_archive_reader_but_no_one_else(office):
    letter = _letters(office)[0]
    allowed = {name for name, user in office.users.items() if can_open_letter(user, letter)}
    assert allowed == set(office.users) - {"outsider"}


def test_an_unregistered_restricted_letter_no_one_uploaded_is_open_to_the_registering_operators(office):
    unattended = _letters(office)[3 * 2 + 2]  # rahasia, from the watched folder
    allowed = {name for name, user in office.users.items() if can_open_letter(user, unattended)}
    assert allowed == {"operator", "uploader"}  # the Operator group registers letters
    registered = letter_confirm(letter=unattended, user=office.users["operator"])
    allowed = {name for name, user in office.users.items() if can_open_letter(user, registered)}
    assert allowed == {"operator", "kadis"}  # now its registering operator and the leader it was put before
