"""The naskah types an office composes, with the parts each one prints besides the common ones.

Layouts follow Permendagri 1/2023 (tata naskah dinas of regional governments), as the domain notes describe:
correspondence (surat dinas, surat undangan) carries Nomor, Sifat, Lampiran and Hal with the addressees (Yth.);
nota dinas is the internal memo with its header table; the others (surat edaran, surat tugas, surat keterangan,
keputusan, pengumuman) open with a centred title and "NOMOR ...", some with "TENTANG <hal>".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

TEXT, LINES, DATE, PARAGRAPH = "text", "lines", "date", "paragraph"


@dataclass(frozen=True)
class Part:
    """One part of a naskah type besides the body: stored in ``OutgoingLetter.details[name]``.

    ``kind``: TEXT (one line), PARAGRAPH (free text), LINES (one item per line: a numbered list when printed),
    DATE (ISO date, printed with its weekday). ``columns`` splits each line of a LINES part on ";" into a table.
    """

    name: str
    label: str
    kind: str = TEXT
    required: bool = False
    help_text: str = ""
    columns: tuple[str, ...] = ()
    default: str = ""


@dataclass(frozen=True)
class NaskahType:
    code: str
    label: str
    template: str
    title: str = ""  # the centred title of titled layouts ("SURAT TUGAS"); empty for correspondence
    about: bool = False  # prints "TENTANG <hal>" under the title
    addressed: bool = True  # has addressees (Yth.)
    in_name_of_head: bool = True  # signed "a.n." the head of office by anyone else
    parts: tuple[Part, ...] = ()
    body_required: bool = True


PLACE = Part("di", _("di (tempat tujuan)"), default="Tempat", help_text=_("Baris setelah Yth., misalnya Tempat."))

TYPES: dict[str, NaskahType] = {
    nt.code: nt
    for nt in (
        NaskahType("surat", _("surat dinas"), "archive/naskah/surat_dinas.html", parts=(PLACE,)),
        NaskahType(
            "surat_undangan",
            _("surat undangan"),
            "archive/naskah/surat_undangan.html",
            parts=(
                PLACE,
                Part("hari_tanggal", _("hari/tanggal acara"), DATE, required=True),
                Part("waktu", _("waktu"), required=True, help_text=_("Misalnya 09.00 WIB s.d. selesai.")),
                Part("tempat", _("tempat acara"), required=True),
                Part("acara", _("acara"), LINES, required=True, help_text=_("Satu mata acara per baris.")),
                Part("penutup", _("penutup"), PARAGRAPH, help_text=_("Kalimat setelah rincian acara.")),
            ),
        ),
        NaskahType(
            "nota_dinas",
            _("nota dinas"),
            "archive/naskah/nota_dinas.html",
            title="NOTA DINAS",
            in_name_of_head=False,
        ),
        NaskahType("surat_edaran", _("surat edaran"), "archive/naskah/surat_edaran.html", "SURAT EDARAN", about=True),
        NaskahType(
            "surat_tugas",
            _("surat tugas"),
            "archive/naskah/surat_tugas.html",
            "SURAT TUGAS",
            addressed=False,
            body_required=False,
            parts=(
                Part("dasar", _("dasar"), LINES, required=True, help_text=_("Satu dasar penugasan per baris.")),
                Part(
                    "kepada",
                    _("yang ditugaskan"),
                    LINES,
                    required=True,
                    help_text=_("Satu orang per baris: nama; NIP; pangkat/golongan; jabatan."),
                    columns=("Nama", "NIP", "Pangkat/Gol.", "Jabatan"),
                ),
                Part("untuk", _("untuk"), LINES, required=True, help_text=_("Satu tugas per baris.")),
            ),
        ),
        NaskahType(
            "surat_keterangan",
            _("surat keterangan"),
            "archive/naskah/surat_keterangan.html",
            "SURAT KETERANGAN",
            addressed=False,
            parts=(
                Part(
                    "yang_diterangkan",
                    _("yang diterangkan"),
                    LINES,
                    required=True,
                    help_text=_("Satu keterangan per baris, misalnya Nama: Siti Aminah; NIP: 1980…"),
                ),
            ),
        ),
        NaskahType(
            "keputusan",
            _("keputusan"),
            "archive/naskah/keputusan.html",
            "KEPUTUSAN",
            about=True,
            addressed=False,
            body_required=False,
            parts=(
                Part("menimbang", _("menimbang"), LINES, required=True, help_text=_("Satu pertimbangan per baris.")),
                Part("mengingat", _("mengingat"), LINES, required=True, help_text=_("Satu dasar hukum per baris.")),
                Part(
                    "diktum", _("diktum (KESATU, KEDUA …)"), LINES, required=True, help_text=_("Satu diktum per baris.")
                ),
            ),
        ),
        NaskahType(
            "pengumuman", _("pengumuman"), "archive/naskah/pengumuman.html", "PENGUMUMAN", about=True, addressed=False
        ),
    )
}

ORDINALS = (
    "KESATU",
    "KEDUA",
    "KETIGA",
    "KEEMPAT",
    "KELIMA",
    "KEENAM",
    "KETUJUH",
    "KEDELAPAN",
    "KESEMBILAN",
    "KESEPULUH",
    "KESEBELAS",
    "KEDUA BELAS",
    "KETIGA BELAS",
    "KEEMPAT BELAS",
    "KELIMA BELAS",
)


def naskah_type(code: str) -> NaskahType:
    """The type of ``code``; an unknown code (a type retired since) is printed as a surat dinas."""
    return TYPES.get(code, TYPES["surat"])


def ordinal(index: int) -> str:
    """KESATU, KEDUA … for diktum ``index`` (0-based); past the list, "KE-<n>"."""
    return ORDINALS[index] if index < len(ORDINALS) else f"KE-{index + 1}"


def split_lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
