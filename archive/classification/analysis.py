"""The Indonesian analyser shared by title matching and the classifier: lower case, stop words, Sastrawi stems."""

from __future__ import annotations

import functools
import re

# Words of every letter's frame (salutation, header labels, signature block) that say nothing about its subject.
LETTER_STOP_WORDS = frozenset(
    """
    yth kepada hormat dengan demikian terima kasih atas perhatian kerja sama samanya perkenannya bantuannya
    sampaikan disampaikan kami saudara sdr bapak ibu mohon berkenan nomor sifat lampiran perihal hal tanggal
    lembar biasa segera tembusan nip pembina utama muda tingkat penata kepala ditandatangani secara elektronik
    sertifikat diterbitkan balai besar sertifikasi bsre badan siber sandi negara dokumen ini telah menggunakan
    oleh kabupaten kota provinsi pemerintah telepon wib pukul tempat tahun ii iii iv vi vii viii ix xi xii
    """.split()
)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Abbreviations common in letters, expanded so that they meet the scheme's titles, which spell words out.
ABBREVIATIONS: dict[str, str] = {
    "ktp": "kartu tanda penduduk",
    "kk": "kartu keluarga",
    "kia": "kartu identitas anak",
    "nik": "nomor induk kependudukan",
    "pns": "pegawai negeri sipil",
    "cpns": "calon pegawai negeri sipil",
    "asn": "aparatur sipil negara",
    "sk": "surat keputusan",
    "apbd": "anggaran pendapatan belanja daerah",
    "lra": "laporan realisasi anggaran",
    "spt": "surat perintah tugas",
    "sppd": "surat perintah perjalanan dinas",
    "rkpd": "rencana kerja pemerintah daerah",
    "umkm": "usaha mikro kecil menengah",
    "adminduk": "administrasi kependudukan",
    "rapbd": "rancangan anggaran pendapatan belanja daerah",
    "kua": "kebijakan umum anggaran",
    "kupa": "kebijakan umum perubahan anggaran",
    "ppas": "prioritas plafon anggaran sementara",
    "dpa": "dokumen pelaksanaan anggaran",
    "rka": "rencana kerja anggaran",
    "spj": "surat pertanggungjawaban",
    "bos": "bantuan operasional sekolah",
    "ppdb": "penerimaan peserta didik baru",
    "hut": "hari ulang tahun",
    "pkk": "pemberdayaan kesejahteraan keluarga",
    "kkn": "kuliah kerja nyata mahasiswa",
    "pkl": "praktik kerja lapangan",
    "diklat": "pendidikan pelatihan",
    "bimtek": "bimbingan teknis",
    "rakor": "rapat koordinasi",
    "musrenbang": "musyawarah perencanaan pembangunan",
    "atr": "agraria tata ruang",
    "bpn": "badan pertanahan nasional",
    "tpa": "tempat pemrosesan akhir sampah",
    "sipd": "sistem informasi pemerintahan daerah",
    "opd": "organisasi perangkat daerah",
    "skpd": "satuan kerja perangkat daerah",
    "rsud": "rumahsakit umum daerah",
    "rs": "rumahsakit",
    "puskesmas": "pusat kesehatan masyarakat",
    "pcr": "polymerase chain reaction laboratorium",
    "covid": "corona virus penyakit",
}
# Word pairs that name one thing, written as one word so that their parts do not meet other titles: a "rumah
# ibadah" is not a "rumah sakit" nor "perumahan"; a "protokol kesehatan" is about health, not "keprotokolan".
COMPOUNDS: dict[str, str] = {
    "rumah sakit": "rumahsakit",
    "rumah ibadah": "rumahibadah",
    "rumah tangga": "rumahtangga",
    "rumah kaca": "rumahkaca",
    "rumah dinas": "rumahdinas",
    "rumah susun": "rumahsusun",
    "protokol kesehatan": "kesehatan",
    "pelatihan kepemimpinan": "diklat kepemimpinan",  # PKN, PKA, PKP: the civil service's leadership training
    "pelatihan dasar": "diklat dasar",  # latsar CPNS
}
_COMPOUND = re.compile(r"\b(?:" + "|".join(k.replace(" ", r"\s+") for k in COMPOUNDS) + r")\b")


def joined(text: str) -> str:
    """Return ``text`` in lower case with the :data:`COMPOUNDS` written as one word."""
    return _COMPOUND.sub(lambda m: COMPOUNDS[" ".join(m.group(0).split())], text.lower())


def spelled_out(word: str) -> list[str]:
    """Return a lower-case word followed by the spelled-out words of it as an abbreviation, if it is one."""
    return _expand([word])


@functools.cache
def _stemmer():  # type: ignore[no-untyped-def]
    """Return the Sastrawi stemmer, built once (its dictionary load is the slow part)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


# Words of Sastrawi's stop list that name subjects in the scheme's titles ("Perjalanan Dinas Luar Negeri",
# "Usaha Kecil", "Kawasan Permukiman Khusus", "Pendidikan Anak Usia Dini"): kept, or titles lose what sets them apart.
SUBJECT_WORDS = frozenset("luar negara kecil khusus langsung kasus dini awal akhir sementara".split())


@functools.cache
def _stop_words() -> frozenset[str]:
    """Return Sastrawi's Indonesian stop words (less :data:`SUBJECT_WORDS`) plus :data:`LETTER_STOP_WORDS`."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return (frozenset(StopWordRemoverFactory().get_stop_words()) - SUBJECT_WORDS) | LETTER_STOP_WORDS


# Spellings of everyday letters that differ from the standard ones the scheme's titles use.
VARIANTS: dict[str, str] = {
    "ijin": "izin",
    "perijinan": "perizinan",
    "pemukiman": "permukiman",
    "propinsi": "provinsi",
    "nasehat": "nasihat",
    "praktek": "praktik",
    "kwitansi": "kuitansi",
    "apotik": "apotek",
    "ambulan": "ambulans",
    "managemen": "manajemen",
    "manajement": "manajemen",
}
# English words that Indonesian letters use in subjects and agendas ("Sharing Knowledge with Industry"), with the
# Indonesian words of the scheme's titles.
ENGLISH: dict[str, str] = {
    "industry": "industri",
    "industrial": "industri",
    "training": "pelatihan",
    "workshop": "lokakarya",
    "meeting": "rapat",
    "launching": "peluncuran",
    "market": "pasar",
    "marketing": "pemasaran",
    "promotion": "promosi",
    "export": "ekspor",
    "import": "impor",
    "investment": "investasi",
    "tourism": "pariwisata",
    "health": "kesehatan",
    "education": "pendidikan",
    "technology": "teknologi",
    "innovation": "inovasi",
    "research": "penelitian",
    "budget": "anggaran",
    "audit": "audit",
    "procurement": "pengadaan",
    "infrastructure": "infrastruktur",
    "environment": "lingkungan",
    "waste": "sampah",
    "disaster": "bencana",
}


def _expand(parts: list[str]) -> list[str]:
    """Return the word parts (variant spellings and English words in their Indonesian form) with known
    abbreviations followed by their spelled-out words."""
    expanded: list[str] = []
    for part in parts:
        part = VARIANTS.get(part) or ENGLISH.get(part) or part
        expanded.append(part)
        expanded.extend(ABBREVIATIONS.get(part, "").split())
    return expanded


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Return the Sastrawi stem of one lower-case word ("undangan" -> "undang")."""
    return str(_stemmer().stem(word)) or word


def analyse(text: str) -> list[str]:
    """Return the stems of the content words of ``text``, in order (digits and stop words dropped).

    Sastrawi's general stop words are removed before stemming only: its list holds stems such as "naik" that
    carry meaning once derived ("kenaikan pangkat"). Likewise a derived word whose stem is one of
    :data:`LETTER_STOP_WORDS` is kept: "Kota" is a letterhead's, "Perkotaan" and "Kepemudaan" name subjects.

    This is the TF-IDF analyser too, so it must stay a module-level function (pickled by reference).
    """
    stops = _stop_words()
    tokens: list[str] = []
    for word in _WORD.findall(joined(text)):
        for part in _expand(word.split("-")):
            if len(part) < 3 or part in stops:
                continue
            stemmed = stem(part)
            if len(stemmed) >= 3 and (stemmed not in LETTER_STOP_WORDS or stemmed != part):
                tokens.append(stemmed)
    return tokens


def surface_words(text: str) -> set[str]:
    """Return the lower-case words of ``text`` as written, plus the spelled-out words of its abbreviations."""
    words = {part for word in _WORD.findall(joined(text)) for part in word.split("-")}
    return set(_expand(sorted(words)))
