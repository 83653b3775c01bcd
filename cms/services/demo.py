"""Demo content: the seed SOPs imported, reviewed through the moderation workflow and published."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import override_settings
from wagtail.models import Page

from cms.models import ServiceStandardPage, SopPage, UnitPage
from cms.services.moderation import page_moderate, page_submit_for_moderation
from cms.services.site import site_ensure_catalogue

logger = logging.getLogger(__name__)

DEMO_SITE_NAME = "Katalog SOP dan Standar Pelayanan"


@dataclass
class DemoReport:
    imported: int = 0
    published: int = 0
    users: list[str] = field(default_factory=list)


def demo_users_ensure(*, password: str) -> dict[str, User]:
    """Create the demo accounts once: an administrator, an editor and a moderator."""
    users = {}
    for username, group, superuser in (
        ("admin", None, True),
        ("editor", "Editor", False),
        ("moderator", "Moderator", False),
    ):
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": superuser, "email": f"{username}@localhost"}
        )
        if created:
            user.set_password(password)
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def demo_load(*, seeds_dir: Path, password: str) -> DemoReport:
    """Import every seed document, then review and publish all drafts through the workflow.

    The workflow's notification e-mails to the demo moderator are kept in memory, not sent.
    """
    from cms.services.sop_import import sop_import_file

    report = DemoReport()
    users = demo_users_ensure(password=password)
    report.users = sorted(users)
    catalogue = site_ensure_catalogue(office_name=DEMO_SITE_NAME)
    for path in sorted(seeds_dir.glob("*.txt")):
        result = sop_import_file(path=path, catalogue=catalogue)
        report.imported += sum(1 for outcome in result.outcomes if outcome.status == "created")
    _demo_service_standard(catalogue=catalogue)
    report.published = _publish_drafts(under=catalogue, editor=users["editor"], moderator=users["moderator"])
    return report


def _publish_drafts(*, under: Page, editor: User, moderator: User) -> int:
    """Send every never-published page under the catalogue through moderation, parents first."""
    published = 0
    for page in Page.objects.descendant_of(under).filter(live=False, has_unpublished_changes=True).order_by("path"):
        page = page.specific
        if page.first_published_at is not None:
            continue  # an editor unpublished it on purpose
        with transaction.atomic():
            page_submit_for_moderation(page=page, user=editor)
            page_moderate(
                page=page, user=moderator, approve=True, comment="Ditinjau untuk konten demo.", confirm_incomplete=True
            )
        published += 1
    return published


def _demo_service_standard(*, catalogue: Page) -> None:
    """Add one service standard that points at the imported birth-certificate SOP, once."""
    sop = SopPage.objects.descendant_of(catalogue).filter(title__icontains="akta kelahiran").order_by("pk").first()
    if sop is None or ServiceStandardPage.objects.filter(slug="standar-pelayanan-akta-kelahiran").exists():
        return
    unit = UnitPage.objects.get(pk=sop.get_parent().pk)
    standard = ServiceStandardPage(
        title="Standar Pelayanan Penerbitan Akta Kelahiran",
        slug="standar-pelayanan-akta-kelahiran",
        live=False,
        summary="Pencatatan kelahiran dan penerbitan kutipan akta kelahiran bagi penduduk.",
        completion_time="1 hari kerja sejak berkas lengkap",
        cost="Tidak dipungut biaya",
        is_free=True,
        procedure="<p>Pemohon menyerahkan berkas di loket, petugas memverifikasi dan mengentri data, "
        "kutipan akta dicetak, diparaf Kasi dan Kabid, ditandatangani Kepala Dinas, lalu diserahkan.</p>",
        executor_count="4 orang petugas loket dan operator",
        internal_supervision="Kepala Bidang Pencatatan Sipil memeriksa register akta setiap hari.",
    )
    standard.requirements = [
        ("item", "Surat keterangan kelahiran dari rumah sakit, puskesmas atau bidan"),
        ("item", "Kartu Keluarga asli"),
        ("item", "Fotokopi KTP-el kedua orang tua"),
        ("item", "Fotokopi buku nikah atau akta perkawinan orang tua"),
        ("item", "Fotokopi KTP-el dua orang saksi"),
    ]
    standard.products = [("item", "Kutipan Akta Kelahiran")]
    standard.complaint_channels = [
        ("item", "Datang langsung ke meja pengaduan kantor Dinas"),
        ("item", "Telepon atau SMS pengaduan kantor Dinas"),
        ("item", "Aplikasi SP4N-LAPOR! (lapor.go.id)"),
    ]
    unit.add_child(instance=standard)
    standard.sop_links.create(sop=sop)
    standard.save_revision()
