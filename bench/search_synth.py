"""A seeded generator of a realistic synthetic archive for the search benchmark: incoming letters (and some
dispositions) of Central Java regional offices, as SearchDocuments.

Letters read like their OCR text: letterhead, place and date, Nomor/Sifat/Lampiran/Perihal, addressee, a body
built from the vocabulary of the topic (undangan rapat, permohonan data kependudukan, KTP-el, akta kelahiran,
pindah datang, kenaikan pangkat, cuti, perjalanan dinas, anggaran, pengadaan, kearsipan, bantuan sosial,
imunisasi, pelatihan), closing and signature. Codes are real ones from kode_klasifikasi.csv: the old decimal
scheme before 2023, Permendagri 83/2022 from 2023. Numbers look like ``470/759/427.43/2024`` or
``823/360/Diskominfo/2023``. Most letters are ``biasa`` (open to staff); the rest are restricted to a user and
one or two posts, as the archive's access rule makes them.

Distractors share the topics and common words of the dev corpus letters but none of their particular subjects
(no "cuti karena alasan penting", no "Kutai Kartanegara"): the relevance run measures finding a given letter among
look-alikes, not telling apart copies of it.

The same seed gives the same archive; ``letters(n)`` of a larger n starts with the letters of a smaller one.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from search.types import STAFF, SearchDocument

CODES_CSV = Path(__file__).resolve().parents[2] / "shared" / "domain" / "kode_klasifikasi.csv"
START, END = datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)
NEW_SCHEME_FROM = datetime.date(2023, 1, 1)

KABUPATEN = [
    "Temanggung", "Wonosobo", "Magelang", "Kendal", "Semarang", "Boyolali", "Klaten", "Purworejo",
    "Banjarnegara", "Kebumen", "Batang", "Pekalongan",
]  # fmt: skip
KECAMATAN = [
    "Parakan", "Kledung", "Bulu", "Ngadirejo", "Kandangan", "Kaloran", "Pringsurat", "Kranggan", "Tembarak",
    "Selopampang", "Bansari", "Jumo", "Candiroto", "Gemawang", "Bejen", "Tretep", "Wonoboyo", "Kedu", "Tlogomulyo",
    "Kertek", "Garung", "Sapuran", "Kalikajar", "Mojotengah", "Secang", "Grabag", "Tegalrejo", "Mertoyudan",
]  # fmt: skip
DESA = [
    "Sidorejo", "Wonosari", "Sukorejo", "Kalimanggis", "Campursari", "Mergowati", "Tlahab", "Purbosari",
    "Gondosuli", "Kruwisan", "Ngemplak", "Jetis", "Karanganyar", "Banyuurip", "Giyono", "Kemloko",
]  # fmt: skip
# (full name, abbreviation, unit code used in its numbers)
INSTANSI = [
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", "050"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "427.43"),
    ("Dinas Sosial", "Dinsos", "427.47"),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", "427.19"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "427.21"),
    ("Dinas Kesehatan", "Dinkes", "427.14"),
    ("Dinas Pendidikan, Pemuda dan Olahraga", "Disdikpora", "427.12"),
    ("Badan Pengelola Keuangan dan Aset Daerah", "BPKAD", "427.25"),
    ("Sekretariat Daerah", "Setda", "427.01"),
    ("Inspektorat Daerah", "Inspektorat", "427.05"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "Dispermades", "427.33"),
    ("Rumah Sakit Umum Daerah", "RSUD", "427.15"),
]
UNITS = [
    "Sekretariat",
    "Subbagian Umum dan Kepegawaian",
    "Subbagian Perencanaan dan Keuangan",
    "Bidang Pelayanan Pendaftaran Penduduk",
    "Bidang Pelayanan Pencatatan Sipil",
    "Bidang Pengelolaan Informasi Administrasi Kependudukan",
    "Bidang Pemanfaatan Data dan Inovasi Pelayanan",
]
FIRST = ["Agus", "Budi", "Sri", "Dwi", "Eko", "Siti", "Rina", "Bambang", "Hadi", "Wahyu", "Yuni", "Irfan", "Ayu",
         "Danang", "Tri", "Nur", "Endang", "Joko", "Retno", "Sigit", "Fajar", "Dewi", "Heru", "Lestari"]  # fmt: skip
LAST = ["Santoso", "Wibowo", "Raharjo", "Pratiwi", "Susanto", "Handayani", "Nugroho", "Setiawan", "Purnomo",
        "Kurniawan", "Lestari", "Hidayat", "Saputra", "Wulandari", "Prasetyo", "Rahayu"]  # fmt: skip
TITLES = ["S.Sos.", "S.Kom.", "S.H.", "S.E., M.M.", "S.STP., M.Si.", "S.Pd.", "Drs.", "S.T., M.T.", "S.K.M."]
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]  # fmt: skip
GENERIC = [
    "Hal tersebut sesuai dengan ketentuan peraturan perundang-undangan yang berlaku dan kebijakan pemerintah daerah.",
    "Untuk kelancaran pelaksanaan kegiatan, kami mohon Bapak/Ibu menunjuk petugas penghubung pada unit kerja.",
    "Informasi lebih lanjut dapat menghubungi sekretariat melalui telepon kantor pada jam kerja.",
    "Sebagai bahan pertimbangan, bersama ini kami lampirkan dokumen pendukung yang diperlukan.",
    "Pelaksanaan kegiatan dibiayai dari anggaran pendapatan dan belanja daerah tahun anggaran berjalan.",
    "Kami berharap kerja sama yang baik selama ini dapat terus ditingkatkan demi pelayanan kepada masyarakat.",
    "Apabila terdapat perubahan jadwal atau tempat, akan kami sampaikan kemudian melalui surat atau pesan resmi.",
    "Mohon jawaban atau konfirmasi paling lambat tujuh hari kerja setelah surat ini diterima.",
]
TEMBUSAN = ["Bupati (sebagai laporan)", "Sekretaris Daerah", "Inspektur Daerah", "Kepala Bappeda", "Arsip"]
TEMPAT = ["Ruang Rapat Bupati", "Aula Setda", "Ruang Rapat Bappeda", "Pendopo Kabupaten", "Aula Kecamatan {kec}",
          "Ruang Command Center", "Gedung Pertemuan Pemuda", "Balai Desa {desa}"]  # fmt: skip


@dataclass(frozen=True)
class Topic:
    name: str
    legacy: tuple[str, ...]  # code prefixes, old scheme
    modern: tuple[str, ...]  # code prefixes, Permendagri 83/2022
    subjects: tuple[str, ...]
    sentences: tuple[str, ...]
    weight: int


TOPICS = [
    Topic(
        "undangan",
        ("005",),
        ("000.1.5", "400.3.3.6", "000.7.6"),
        (
            "Undangan Rapat Koordinasi {hal}",
            "Undangan Rapat Evaluasi {hal} Triwulan {tw}",
            "Undangan Sosialisasi {hal}",
            "Undangan Rapat Pembahasan {hal}",
        ),
        (
            "Dalam rangka {hal_kecil}, bersama ini kami mengundang Bapak/Ibu untuk hadir pada:",
            "Hari/tanggal : {hari}, {tanggal}\nPukul : {jam}.00 WIB s.d. selesai\nTempat : {tempat}",
            "Acara : rapat koordinasi {hal_kecil} dan penyusunan rencana tindak lanjut.",
            "Mengingat pentingnya acara tersebut, dimohon kehadiran tepat waktu dan tidak diwakilkan.",
            "Peserta diharapkan membawa data pendukung dan bahan paparan masing-masing perangkat daerah.",
        ),
        18,
    ),
    Topic(
        "data_kependudukan",
        ("470", "473"),
        ("400.12.4",),
        ("Permohonan Data Kependudukan Kecamatan {kec}", "Permohonan Data Kependudukan Semester {sem} Tahun {year}"),
        (
            "Sehubungan dengan penyusunan dokumen perencanaan pembangunan daerah, kami mohon bantuan penyediaan "
            "data kependudukan per desa di Kecamatan {kec}.",
            "Data yang dibutuhkan meliputi jumlah penduduk menurut jenis kelamin, kelompok umur, pendidikan dan "
            "pekerjaan.",
            "Data tersebut akan digunakan sebagai bahan analisis kebutuhan pelayanan dasar.",
            "Pemanfaatan data kependudukan dilaksanakan sesuai perjanjian kerja sama dan ketentuan perlindungan data "
            "pribadi.",
        ),
        10,
    ),
    Topic(
        "ktp_el",
        ("471", "471.13"),
        ("400.12.2",),
        ("Permohonan Perekaman KTP-el {sasaran}", "Pelayanan Jemput Bola Perekaman KTP-el di Kecamatan {kec}"),
        (
            "Bersama ini kami sampaikan bahwa terdapat {n} orang {sasaran_kecil} yang belum melakukan perekaman "
            "KTP-el.",
            "Mengingat keterbatasan mobilitas, kami mohon pelayanan perekaman KTP-el secara jemput bola di lokasi.",
            "Daftar nama beserta NIK dan nomor KK terlampir.",
            "Blangko KTP-el akan dicetak setelah data perekaman terverifikasi di server pusat.",
        ),
        9,
    ),
    Topic(
        "akta",
        ("472", "472.11", "474.1"),
        ("400.12.3",),
        ("Permohonan Penerbitan Akta Kelahiran", "Pencatatan Kelahiran {sasaran}", "Permohonan Akta Kematian"),
        (
            "Dengan hormat, kami mohon fasilitasi penerbitan akta kelahiran bagi {n} orang anak di wilayah "
            "Kecamatan {kec}.",
            "Sebagian anak belum memiliki akta kelahiran karena orang tua tidak memiliki buku nikah.",
            "Pencatatan kelahiran dilakukan dengan surat pernyataan tanggung jawab mutlak (SPTJM).",
            "Berkas persyaratan berupa surat keterangan lahir, kartu keluarga dan KTP-el orang tua terlampir.",
        ),
        8,
    ),
    Topic(
        "pindah",
        ("475",),
        ("400.12.2.2", "400.12.2.3"),
        ("Permohonan Penerbitan Surat Keterangan Pindah {jenis}", "Pindah Datang Penduduk Desa {desa}"),
        (
            "Bersama ini kami sampaikan permohonan surat keterangan pindah bagi {n} kepala keluarga dari Desa "
            "{desa} Kecamatan {kec}.",
            "Kepindahan penduduk tersebut karena {alasan_pindah}.",
            "Mohon diterbitkan surat keterangan pindah datang dan kartu keluarga baru di daerah tujuan.",
        ),
        7,
    ),
    Topic(
        "pangkat",
        ("823",),
        ("800.1.2", "800.1.3"),
        ("Usul Kenaikan Pangkat Periode {bulan_usul} {year}", "Kenaikan Pangkat Reguler Pegawai {abbr}"),
        (
            "Bersama ini kami usulkan kenaikan pangkat periode 1 {bulan_usul} {year} bagi {n} orang pegawai "
            "sebagaimana daftar terlampir.",
            "Berkas persyaratan telah kami unggah melalui aplikasi kepegawaian.",
            "Demikian usulan ini kami sampaikan untuk dapat diproses lebih lanjut.",
        ),
        6,
    ),
    Topic(
        "cuti",
        ("851",),
        ("800.1.12",),
        ("Permohonan Cuti {jenis_cuti}", "Pengajuan Cuti {jenis_cuti} Pegawai {abbr}"),
        (
            "Yang bertanda tangan di bawah ini mengajukan permohonan cuti {jenis_cuti_kecil} selama {n} hari kerja.",
            "Selama menjalankan cuti, tugas dan tanggung jawab dapat dilaksanakan oleh rekan pada unit kerja.",
            "Alamat selama menjalankan cuti di Desa {desa} Kecamatan {kec}.",
        ),
        5,
    ),
    Topic(
        "perjalanan",
        ("090", "094"),
        ("000.1.2",),
        ("Permohonan Izin Perjalanan Dinas ke {kota}", "Surat Perintah Perjalanan Dinas ke {kota}"),
        (
            "Dalam rangka koordinasi dan konsultasi {hal_kecil}, kami mohon izin perjalanan dinas ke {kota}.",
            "Perjalanan dinas dilaksanakan selama {n} hari oleh pejabat dan staf sebagaimana daftar terlampir.",
            "Biaya perjalanan dinas dibebankan pada DPA tahun anggaran {year}.",
        ),
        5,
    ),
    Topic(
        "anggaran",
        ("900", "903"),
        ("900.1",),
        ("Penyampaian Laporan Realisasi Anggaran Triwulan {tw}", "Pengajuan Pencairan Dana {hal}"),
        (
            "Bersama ini kami sampaikan laporan realisasi anggaran triwulan {tw} tahun anggaran {year}.",
            "Realisasi belanja sampai dengan akhir triwulan mencapai {persen} persen dari pagu anggaran.",
            "Laporan disusun berdasarkan dokumen pelaksanaan anggaran dan bukti pertanggungjawaban yang sah.",
        ),
        6,
    ),
    Topic(
        "pengadaan",
        ("027",),
        ("000.3",),
        ("Pengadaan Barang dan Jasa {barang}", "Permohonan Pengadaan {barang}"),
        (
            "Sehubungan dengan kebutuhan operasional pelayanan, kami mohon pengadaan {barang_kecil}.",
            "Spesifikasi teknis dan rencana anggaran biaya terlampir.",
            "Pengadaan dilaksanakan melalui katalog elektronik sesuai ketentuan pengadaan barang/jasa pemerintah.",
        ),
        4,
    ),
    Topic(
        "kearsipan",
        ("045",),
        ("000.5",),
        ("Penataan Arsip {arsip}", "Pemindahan Arsip Inaktif {abbr}", "Pemusnahan Arsip {arsip}"),
        (
            "Dalam rangka tertib administrasi kearsipan, akan dilaksanakan penataan arsip {arsip_kecil}.",
            "Setiap perangkat daerah diminta menyiapkan daftar arsip dan berita acara sesuai jadwal retensi arsip.",
            "Arsip yang telah habis masa retensinya diusulkan untuk dipindahkan ke unit kearsipan.",
        ),
        4,
    ),
    Topic(
        "bansos",
        ("460",),
        ("400.9",),
        ("Penyaluran Bantuan Sosial {bantuan}", "Verifikasi Data Penerima {bantuan}"),
        (
            "Bersama ini kami sampaikan daftar calon penerima {bantuan_kecil} di Kecamatan {kec}.",
            "Mohon dilakukan verifikasi dan validasi data penerima berdasarkan NIK yang tercantum.",
            "Penyaluran bantuan dilaksanakan melalui kantor pos dan bank penyalur.",
        ),
        5,
    ),
    Topic(
        "kesehatan",
        ("440", "443"),
        ("400.7",),
        ("Pelaksanaan Imunisasi {imunisasi}", "Pencegahan Stunting di Desa {desa}"),
        (
            "Dalam rangka peningkatan derajat kesehatan masyarakat, akan dilaksanakan imunisasi {imunisasi_kecil}.",
            "Kegiatan dilaksanakan di posyandu dan puskesmas wilayah Kecamatan {kec}.",
            "Mohon dukungan kepala desa dan kader kesehatan untuk menggerakkan sasaran.",
        ),
        4,
    ),
    Topic(
        "pelatihan",
        ("005", "893"),
        ("800.2",),
        ("Undangan Pelatihan {pelatihan}", "Bimbingan Teknis {pelatihan}"),
        (
            "Dalam rangka peningkatan kompetensi aparatur, akan diselenggarakan pelatihan {pelatihan_kecil}.",
            "Setiap perangkat daerah diminta mengirimkan {n} orang peserta.",
            "Peserta membawa laptop dan telah memiliki akun aplikasi {aplikasi}.",
        ),
        5,
    ),
]

FILL = {
    "hal": [
        "Pelayanan Administrasi Kependudukan",
        "Penurunan Stunting",
        "Penyusunan RKPD",
        "Reformasi Birokrasi",
        "Sistem Pemerintahan Berbasis Elektronik",
        "Percepatan Penanganan Kemiskinan",
        "Pengelolaan Arsip",
        "Satu Data Indonesia",
        "Pelayanan Publik",
        "Penanggulangan Bencana",
    ],  # fmt: skip
    "sasaran": [
        "bagi Penghuni Rumah Singgah",
        "bagi Penyandang Disabilitas",
        "bagi Warga Binaan Lapas",
        "bagi Pelajar Pemula",
        "bagi Lansia",
        "bagi Warga Desa Terpencil",
    ],  # fmt: skip
    "jenis": ["Kolektif", "Antarkabupaten", "Antarprovinsi", "dalam Satu Kecamatan"],
    "alasan_pindah": [
        "pekerjaan",
        "program transmigrasi ke Provinsi Sulawesi Tengah",
        "ikut keluarga",
        "pendidikan",
        "perumahan",
    ],  # fmt: skip
    "bulan_usul": ["April", "Oktober"],
    "jenis_cuti": ["Tahunan", "Besar", "Melahirkan", "Sakit"],
    "kota": ["Semarang", "Jakarta", "Yogyakarta", "Surabaya", "Bandung", "Solo"],
    "barang": [
        "Komputer dan Printer",
        "Blangko KTP-el",
        "Kendaraan Operasional",
        "Alat Tulis Kantor",
        "Perangkat Jaringan",
        "Kursi Ruang Tunggu",
    ],  # fmt: skip
    "arsip": ["Kepegawaian", "Keuangan", "Kependudukan", "Pertanahan", "Vital"],
    "bantuan": [
        "Program Keluarga Harapan",
        "Bantuan Pangan Non Tunai",
        "Rumah Tidak Layak Huni",
        "Bantuan Langsung Tunai Dana Desa",
    ],  # fmt: skip
    "imunisasi": ["Polio", "Campak Rubela", "Dasar Lengkap", "HPV bagi Pelajar"],
    "pelatihan": [
        "Kehumasan",
        "Aplikasi SRIKANDI",
        "Pengelolaan Keuangan Desa",
        "Penyusunan SOP",
        "Keamanan Informasi",
    ],  # fmt: skip
    "aplikasi": ["SRIKANDI", "SIAK Terpusat", "SIPD", "e-Kinerja", "SIMPEG"],
}


def _load_codes(path: Path = CODES_CSV) -> dict[str, list[str]]:
    """scheme -> codes (level 2 and deeper), in file order."""
    codes: dict[str, list[str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("code") or "").strip()
            if code and (row.get("level") or "") not in ("", "1"):
                codes.setdefault(row["scheme"], []).append(code)
    return codes


class Archive:
    """Letters and dispositions of a seeded archive. ``letters(n)`` yields the first ``n`` documents."""

    def __init__(self, seed: int = 20261122, codes_csv: Path = CODES_CSV):
        self.seed = seed
        codes = _load_codes(codes_csv)
        self.codes: dict[tuple[str, bool], list[str]] = {}
        for topic in TOPICS:
            for modern in (False, True):
                scheme = codes["permendagri_83_2022" if modern else "legacy_78_2012"]
                prefixes = topic.modern if modern else topic.legacy
                pool = [c for c in scheme if any(c == p or c.startswith(p + ".") for p in prefixes)]
                self.codes[(topic.name, modern)] = pool or list(prefixes)
        rng = random.Random(seed)
        senders = []
        for name, abbr, unit_code in INSTANSI:
            for kab in KABUPATEN:
                senders.append((f"{name} Kabupaten {kab}", abbr, unit_code, kab))
        for kec in KECAMATAN:
            senders.append((f"Kecamatan {kec} Kabupaten Temanggung", f"Kec.{kec}", "427.4", "Temanggung"))
        for desa in DESA:
            senders.append((f"Pemerintah Desa {desa}", "Desa", "140", "Temanggung"))
        rng.shuffle(senders)
        self.senders = senders
        # Zipf-like: a few offices write most of the letters.
        self.sender_weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(senders))]
        self.topic_weights = [topic.weight for topic in TOPICS]
        self.days = (END - START).days

    def letters(self, count: int) -> Iterator[SearchDocument]:
        rng = random.Random(self.seed)
        for number in range(1, count + 1):
            yield self._document(rng, number)

    def _fill(self, rng: random.Random, template: str, values: dict) -> str:
        needed = {}
        for key, options in FILL.items():
            if "{" + key in template:
                needed[key] = rng.choice(options)
                needed[key + "_kecil"] = needed[key].lower()
        return template.format(**values, **needed)

    def _document(self, rng: random.Random, seq: int) -> SearchDocument:
        topic = rng.choices(TOPICS, weights=self.topic_weights)[0]
        sender, abbr, unit_code, kab = rng.choices(self.senders, weights=self.sender_weights)[0]
        date = START + datetime.timedelta(days=rng.randrange(self.days + 1))
        while date.weekday() >= 5:
            date -= datetime.timedelta(days=1)
        modern = date >= NEW_SCHEME_FROM
        code = rng.choice(self.codes[(topic.name, modern)])
        serial = rng.randint(1, 3000)
        style = rng.random()
        if style < 0.45:
            number = f"{code}/{serial}/{unit_code}/{date.year}"
        elif style < 0.8:
            number = f"{code}/{serial}/{abbr}/{date.year}"
        else:
            number = f"{code}/{serial}/{date.year}"
        kec, desa = rng.choice(KECAMATAN), rng.choice(DESA)
        values = {
            "year": date.year,
            "tw": rng.choice(["I", "II", "III", "IV"]),
            "sem": rng.choice(["I", "II"]),
            "kec": kec,
            "desa": desa,
            "abbr": abbr,
            "n": rng.randint(2, 40),
            "persen": rng.randint(18, 97),
            "hari": HARI[date.weekday()],
            "tanggal": f"{date.day} {BULAN[date.month - 1]} {date.year}",
            "jam": rng.choice(["08", "09", "10", "13"]),
            "tempat": rng.choice(TEMPAT).format(kec=kec, desa=desa),
        }
        subject = self._fill(rng, rng.choice(topic.subjects), values)
        sentences = [self._fill(rng, s, values) for s in topic.sentences if rng.random() < 0.85]
        sentences[1:1] = rng.sample(GENERIC, rng.randint(1, 3))
        sentences += rng.sample(GENERIC, rng.randint(0, 2))
        if abbr.startswith("Kec."):
            role = f"CAMAT {abbr[4:].upper()}"
        elif abbr == "Desa":
            role = "KEPALA DESA"
        else:
            role = f"KEPALA {sender.split(' Kabupaten')[0].upper()}"
        copies = ["Tembusan:", *(f"{i}. {t}" for i, t in enumerate(rng.sample(TEMBUSAN, rng.randint(1, 3)), 1))]
        signer = f"{rng.choice(FIRST).upper()} {rng.choice(LAST).upper()}, {rng.choice(TITLES)}"
        nip = f"19{rng.randint(65, 95)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d} {rng.randint(1990, 2020)}0"
        nip += f"{rng.randint(1, 3)} {rng.randint(1, 2)} {rng.randint(1, 20):03d}"
        sifat = rng.choices(["Biasa", "Segera", "Penting"], weights=[80, 15, 5])[0]
        body = "\n".join(
            [
                f"PEMERINTAH KABUPATEN {kab.upper()}",
                sender.upper(),
                f"Jalan {rng.choice(['Pahlawan', 'Sudirman', 'Gatot Subroto', 'Diponegoro'])} Nomor "
                f"{rng.randint(1, 120)} {kab}",
                "",
                f"{kab}, {values['tanggal']}",
                "",
                f"Nomor : {number}",
                f"Sifat : {sifat}",
                f"Lampiran : {rng.choice(['-', '1 (satu) berkas', '1 (satu) lembar', '2 (dua) lembar'])}",
                f"Perihal : {subject}",
                "Kepada",
                "Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Temanggung",
                "di -",
                "TEMANGGUNG",
                "",
                "Dengan hormat,",
                *sentences,
                "",
                "Demikian atas perhatian dan kerja samanya kami sampaikan terima kasih.",
                "",
                role,
                signer,
                f"NIP. {nip}",
                "",
                *copies,
            ]
        )
        security = rng.choices(["biasa", "terbatas", "rahasia", "sangat_rahasia"], weights=[85, 9, 5, 1])[0]
        if security == "biasa":
            principals = frozenset({STAFF})
        else:
            principals = frozenset(
                {f"user:{rng.randint(1, 40)}"} | {f"position:{rng.randint(1, 60)}" for _ in range(rng.randint(1, 3))}
            )
        unit = rng.choice(UNITS)
        status = rng.choices(["registered", "needs_review"], weights=[92, 8])[0]
        if rng.random() < 0.1:  # a disposition on a letter: short text, the letter's access
            instruction = rng.choice(["Untuk ditindaklanjuti", "Pelajari dan laporkan", "Koordinasikan", "Hadiri"])
            return SearchDocument(
                kind="disposition",
                id=str(seq),
                title=f"Disposisi Kepala Dinas kepada Kepala {unit}: {subject}",
                principals=principals,
                body=f"{instruction}. {subject}. Catatan: mohon segera diproses sesuai ketentuan.",
                number=number,
                sender=sender,
                date=date,
                code=code,
                security=security,
                status=rng.choice(["open", "done"]),
                unit=unit,
            )
        return SearchDocument(
            kind="letter",
            id=str(seq),
            title=subject,
            principals=principals,
            body=body,
            number=number,
            sender=sender,
            date=date,
            code=code,
            security=security,
            status=status,
            unit=unit,
            extra={"agenda_number": seq},
        )
