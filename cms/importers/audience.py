"""Tell a service for citizens from an internal administrative procedure (cuti, gaji, SPJ, kebersihan kantor).

A lane or a title naming the public (Pemohon, Pengguna Layanan, Masyarakat ...) makes a public service;
words of office administration in the title or the group make an internal procedure; words of service
('pelayanan', 'permohonan', 'penerbitan') make a public one. An SOP AP that says neither is internal: the
format is for administrative procedures, and the editor can always change the choice.
"""

from __future__ import annotations

import re

PUBLIC = "publik"
INTERNAL = "internal"

_THE_PUBLIC = re.compile(
    r"\b(pemohon|pengguna\s+layanan|penerima\s+layanan|masyarakat|warga|penduduk|pasien|wajib\s+pajak|"
    r"pelaku\s+usaha|pengadu|pelapor|orang\s+tua|publik|peminjam|tamu)\b",
    re.IGNORECASE,
)
_ADMINISTRATION = re.compile(
    r"\b(cuti|gaji|tunjangan|kepegawaian|pegawai|kenaikan\s+pangkat|pangkat|pensiun|spj|pertanggungjawaban|"
    r"perjalanan\s+dinas|sppd|kebersihan|keuangan|anggaran|perencanaan|renja|renstra|lakip|absensi|presensi|"
    r"atk|barang\s+milik|aset|inventaris|surat\s+masuk|surat\s+keluar|kearsipan|arsip|rapat|disposisi|"
    r"pengadaan|belanja|bendahara|lembur|kinerja\s+pegawai|umum\s+dan\s+kepegawaian|email\s+resmi)\b",
    re.IGNORECASE,
)
_SERVICE = re.compile(
    r"\b(pelayanan|layanan|permohonan|pengaduan|penerbitan|pendaftaran|informasi\s+publik|perizinan|izin|"
    r"akta|ktp|kartu\s+keluarga|legalisir|surat\s+keterangan|peminjaman)\b",
    re.IGNORECASE,
)


def guess_audience(*, title: str, actors: tuple[str, ...] | list[str], group: str | None) -> str:
    """Return PUBLIC or INTERNAL for an imported SOP."""
    if any(_THE_PUBLIC.search(actor) for actor in actors):
        return PUBLIC
    if _ADMINISTRATION.search(title) or (group and _ADMINISTRATION.search(group)):
        return INTERNAL
    if _THE_PUBLIC.search(title) or _SERVICE.search(title):
        return PUBLIC
    return INTERNAL
