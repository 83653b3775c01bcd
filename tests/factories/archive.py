"""Factories for the archive: organisation, registers and letters waiting to be confirmed."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from archive.models import IncomingLetter, Position, PositionHolder, Register, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"pegawai{n}")
    first_name = factory.Sequence(lambda n: f"Pegawai {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Bidang {n}")
    code = factory.Sequence(lambda n: f"U{n}")
    kind = Unit.Kind.BIDANG
    parent = None


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Kepala Bidang {n}")
    kind = Position.Kind.KABID
    unit = factory.SubFactory(UnitFactory)
    rank = 30


class PositionHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionHolder

    position = factory.SubFactory(PositionFactory)
    user = factory.SubFactory(UserFactory)
    start = datetime.date(2024, 1, 1)
    end = None
    acting = False


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Register

    name = factory.Sequence(lambda n: f"Buku Agenda Unit {n}")
    code = factory.Sequence(lambda n: f"agenda-unit-{n}")
    kind = Register.Kind.INCOMING
    is_default = False


class IncomingLetterFactory(factory.django.DjangoModelFactory):
    """A letter as capture leaves it: read, not yet confirmed."""

    class Meta:
        model = IncomingLetter

    status = IncomingLetter.Status.NEEDS_REVIEW
    number = factory.Sequence(lambda n: f"005/{n + 1}/427.43/2025")
    letter_date = datetime.date(2025, 3, 3)
    received_on = datetime.date(2025, 3, 5)
    sender = factory.Sequence(lambda n: f"Kecamatan Contoh {n}")
    subject = factory.Sequence(lambda n: f"Undangan rapat koordinasi {n}")
    attachments = "1 berkas"
