"""Records for the search plumbing tests, made through the models and services the application uses.

Imported by the test modules that need them (``from tests.search.fixtures_records import ...``); the fixtures are
plain pytest fixtures so each module pulls in only what it uses.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission

from archive.models import Capture, ClassificationCode, IncomingLetter
from archive.services.filing import casefile_create
from search.engines import get_engine
from search.models import IndexUpdate
from search.worker import apply_pending
from tests.factories import cms as cms_factories
from tests.factories.archive import UnitFactory, UserFactory
from tests.factories.dispositions import build_office, registered_letter

SCHEME = "permendagri_83_2022"


def grant(*users, codenames=("view_incomingletter", "view_disposition")) -> None:
    """Archive permissions; by default reading letters and using dispositions, as the Staf and Pejabat groups."""
    permissions = list(Permission.objects.filter(codename__in=codenames, content_type__app_label="archive"))
    assert len(permissions) == len(codenames)
    for user in users:
        user.user_permissions.add(*permissions)


def make_code(code: str, *, parent=None, leaf: bool = True) -> ClassificationCode:
    return ClassificationCode.objects.create(
        scheme=SCHEME,
        code=code,
        title=f"Uji pencarian {code}",
        parent=parent,
        level=code.count(".") + 1,
        sort_key=f"zz-search-{code}",
        retention_active_years=2 if leaf else None,
        retention_inactive_years=3 if leaf else None,
        final_disposition="musnah" if leaf else "",
    )


def attach_capture(letter: IncomingLetter, *, text: str, created_by=None, thumbnail: str = "") -> Capture:
    """The scan a letter was read from (no stored file is needed to index its text)."""
    return Capture.objects.create(
        original=f"archive/uji/{letter.pk}.pdf",
        original_name=f"surat-{letter.pk}.pdf",
        sha256=f"{letter.pk:064d}",
        size=1,
        status=Capture.Status.REGISTERED,
        text=text,
        thumbnail=thumbnail,
        created_by=created_by,
        letter=letter,
    )


def apply_all(engine=None):
    """Apply every outbox row written so far (the test transaction never commits, so no task runs by itself)."""
    return apply_pending(engine or get_engine(), now=lambda: datetime.datetime.max.replace(tzinfo=datetime.UTC))


def pending_keys() -> set[tuple[str, str]]:
    return set(IndexUpdate.objects.values_list("kind", "object_id"))


@pytest.fixture
def engine(db):
    found = get_engine()
    found.ensure_ready()
    return found


@pytest.fixture
def office(db):
    """Kepala Dinas > Sekretaris, Kabid PIAK > Kasi > Staf, each held by one user who may read the archive, and
    an operator who registers letters."""
    office = build_office()
    operator = UserFactory(username="operator")
    office.users["operator"] = operator
    grant(*office.users.values())
    return office


@pytest.fixture
def codes(db):
    heading = make_code("T80", leaf=False)
    return {"heading": heading, "leaf": make_code("T80.1", parent=heading)}


@pytest.fixture
def letters(office, codes):
    """An open letter and a restricted one (rahasia) put before the Kepala Dinas, both registered by the operator
    and both mentioning "zamrud" in their scanned text."""
    operator = office.users["operator"]
    open_letter = registered_letter(
        user=operator,
        number="005/11/427.43/2025",
        subject="Undangan sosialisasi administrasi kependudukan",
        sender="Kecamatan Sukamaju",
        classification=codes["leaf"],
        addressed_to=office["kadis"],
    )
    attach_capture(open_letter, text="Sosialisasi di aula zamrud kantor kecamatan.", created_by=operator)
    secret = registered_letter(
        user=operator,
        number="X.700/9/RHS/2025",
        subject="Laporan pemeriksaan khusus",
        sender="Inspektorat Daerah",
        security="rahasia",
        classification=codes["leaf"],
        addressed_to=office["kadis"],
    )
    attach_capture(secret, text="Temuan pemeriksaan: cincin zamrud hilang dari gudang.", created_by=operator)
    return {"open": open_letter, "secret": secret}


@pytest.fixture
def catalogue(site_tree):
    """One published SOP, one unpublished draft, under one unit page."""
    _home, _catalogue, unit = site_tree
    category = cms_factories.SopCategoryFactory(name="SOP Pelayanan")
    published = cms_factories.add_sop(
        unit,
        title="Prosedur Penerbitan Kartu Keluarga",
        summary="Layanan kartu keluarga untuk warga, juga di aula zamrud.",
        sop_number="SOP-KK/01",
        category=category,
    )
    draft = cms_factories.add_sop(unit, title="Prosedur Rahasia Draf Zamrud", publish=False)
    return {"unit": unit, "published": published, "draft": draft, "category": category}


def case_file(codes, *, number: str = "T80.1/1/2025", topic: str = "Sosialisasi kependudukan"):
    return casefile_create(
        number=number,
        unit=UnitFactory(name="Bidang PIAK Berkas"),
        classification=codes["leaf"],
        topic=topic,
        opened_on=datetime.date(2025, 2, 1),
    )
