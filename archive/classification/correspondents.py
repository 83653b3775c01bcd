"""Who wrote the letter, as a records clerk files relations: a university or school, a company, a social
organisation, another government body. Each has its own code under 400.14.5 (Hubungan Antarlembaga), the fallback
a clerk reaches for when a letter's subject names no programme of the office.
"""

from __future__ import annotations

import re

# (pattern over the letterhead and the sender, filing code, what the clerk is told); first match wins.
KINDS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(
            r"\b(?:universitas|politeknik|institut|sekolah\s+tinggi|fakultas|akademi|kkn|mahasiswa|"
            r"sekolah|madrasah|SD|SMP|SMA|SMK|MI|MTs|MA)\b",
            re.I,
        ),
        "400.14.5.4",
        "perguruan tinggi atau sekolah",
    ),
    (re.compile(r"\b(?:PT|CV|Tbk|UD|perusahaan|KJPP|firma|persero)\b\.?", re.I), "400.14.5.3", "perusahaan"),
    (
        re.compile(r"\b(?:yayasan|LSM|perkumpulan|ormas|forum|tim\s+penggerak|PKK|paguyuban|asosiasi)\b", re.I),
        "400.14.5.2",
        "organisasi sosial/LSM",
    ),
    (
        re.compile(
            r"\b(?:pemerintah|dinas|badan|kecamatan|kelurahan|desa|DPRD|sekretariat|kementerian|direktorat|"
            r"kantor|bupati|walikota|gubernur|camat|rumah\s+sakit\s+umum\s+daerah|RSUD)\b",
            re.I,
        ),
        "400.14.5.1",
        "lembaga pemerintah",
    ),
)
WEIGHTS = {"400.14.5.1": 0.15}
DEFAULT_WEIGHT = 0.3


def correspondent_code(head: str) -> tuple[str, float, str] | None:
    """Return ``(code, weight, reason)`` for the kind of body that wrote a letter, from its letterhead and sender."""
    for pattern, code, kind in KINDS:
        if pattern.search(head):
            reason = f"Pengirim adalah {kind}: surat dapat diberkaskan sebagai hubungan dengan {kind}"
            return code, WEIGHTS.get(code, DEFAULT_WEIGHT), reason
    return None
