"""Demo content of the archive: a small office with its people, and the scans of the development corpus taken in
as its operator would upload them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from archive.models import Capture, Position, PositionHolder, Unit
from archive.services.ingest import files_under, ingest_path

Kind = Position.Kind


@dataclass(frozen=True)
class DemoPost:
    username: str
    title: str
    kind: str
    unit: str
    parent: str | None
    group: str
    rank: int


# Units: (code, name, kind, parent code).
DEMO_UNITS = (
    ("427.43", "Dinas Kependudukan dan Pencatatan Sipil", Unit.Kind.DINAS, None),
    ("SEK", "Sekretariat", Unit.Kind.SEKRETARIAT, "427.43"),
    ("PIAK", "Bidang Pelayanan Pendaftaran Penduduk", Unit.Kind.BIDANG, "427.43"),
    ("PIAK.1", "Seksi Identitas Penduduk", Unit.Kind.SEKSI, "PIAK"),
)
DEMO_POSTS = (
    DemoPost("kadis", "Kepala Dinas", Kind.KEPALA_DINAS, "427.43", None, "Pejabat", 10),
    DemoPost("sekretaris", "Sekretaris Dinas", Kind.SEKRETARIS, "SEK", "kadis", "Pejabat", 20),
    DemoPost("kabid", "Kepala Bidang Pelayanan Pendaftaran Penduduk", Kind.KABID, "PIAK", "kadis", "Pejabat", 30),
    DemoPost("kasi", "Kepala Seksi Identitas Penduduk", Kind.KASI, "PIAK.1", "kabid", "Pejabat", 40),
    DemoPost("staf", "Pengadministrasi Kependudukan", Kind.STAF, "PIAK.1", "kasi", "Staf", 90),
    DemoPost("operator", "Pengadministrasi Umum (Operator Surat)", Kind.OPERATOR, "SEK", "sekretaris", "Operator", 95),
)
DEMO_START = datetime.date(2024, 1, 1)


@transaction.atomic
def demo_office_load(*, password: str) -> list[str]:
    """Create the demo office once: units, posts and one holder per post, each in the group of their role."""
    units: dict[str, Unit] = {}
    for code, name, kind, parent in DEMO_UNITS:
        units[code], _ = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "parent": units.get(parent) if parent else None}
        )
    User = get_user_model()
    posts: dict[str, Position] = {}
    for post in DEMO_POSTS:
        posts[post.username], _ = Position.objects.get_or_create(
            title=post.title,
            unit=units[post.unit],
            defaults={"kind": post.kind, "rank": post.rank, "parent": posts.get(post.parent) if post.parent else None},
        )
        user, created = User.objects.get_or_create(
            username=post.username, defaults={"first_name": post.title, "email": f"{post.username}@localhost"}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=post.group))
        PositionHolder.objects.get_or_create(position=posts[post.username], user=user, defaults={"start": DEMO_START})
    return [post.username for post in DEMO_POSTS]


def demo_letters_load(*, letters_dir: Path, user=None) -> int:
    """Queue every sample scan for the worker; the same file twice is recognised, so this runs safely again."""
    taken = 0
    for path in files_under([letters_dir]):
        outcome = ingest_path(path=path, source=Capture.Source.INGEST, user=user)
        taken += not outcome.duplicate
    return taken
