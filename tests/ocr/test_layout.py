"""Reading order from word boxes: rows, key-colon-value lines and the letter's two-column blocks."""

from __future__ import annotations

from ocr.layout import Row, Word, arrange, reading_order, segments


def words(*items: tuple[str, int, int]) -> list[Row]:
    """Return one single-word line per (text, left, top), 30 px high, 12 px per character."""
    return [Row([Word(text, left, top, left + 12 * len(text), top + 30)]) for text, left, top in items]


def line(text: str, left: int, top: int) -> list[Row]:
    """Return the words of ``text`` as separate boxes on one line starting at ``left``."""
    out: list[tuple[str, int, int]] = []
    x = left
    for word in text.split():
        out.append((word, x, top))
        x += 12 * len(word) + 12
    return words(*out)


def test_two_column_block_is_read_left_column_then_right():
    rows = (
        line("Temanggung, 13 Maret 2023", 1400, 100)
        + line("Nomor", 300, 200)
        + line(": 823/360/2023", 600, 200)
        + line("Kepada", 1400, 200)
        + line("Sifat", 300, 245)
        + line(": Biasa", 600, 245)
        + line("Yth. Kepala Badan", 1330, 245)
        + line("Perihal", 300, 290)
        + line(": Usul Kenaikan Pangkat", 600, 290)
        + line("di -", 1400, 290)
        + line("TEMANGGUNG", 1500, 335)
        + line("Dengan hormat,", 300, 460)
    )
    assert arrange(rows).split("\n") == [
        "Temanggung, 13 Maret 2023",
        "",
        "Nomor : 823/360/2023",
        "Sifat : Biasa",
        "Perihal : Usul Kenaikan Pangkat",
        "Kepada",
        "Yth. Kepala Badan",
        "di -",
        "TEMANGGUNG",
        "",
        "Dengan hormat,",
    ]


def test_a_table_row_stays_one_line():
    rows = line("1", 300, 100) + line("Sigit", 400, 100) + line("19860224", 900, 100) + line("Penata", 1400, 100)
    rows += line("2", 300, 145) + line("Ayu", 400, 145) + line("19840307", 900, 145) + line("Penata", 1400, 145)
    assert arrange(rows) == "1 Sigit 19860224 Penata\n2 Ayu 19840307 Penata"


def test_one_gap_in_one_row_is_not_a_column():
    rows = line("Bersama ini kami", 300, 100) + line("sampaikan", 900, 100) + line("usulan kami", 300, 145)
    assert arrange(rows) == "Bersama ini kami sampaikan\nusulan kami"


def test_isolated_specks_are_dropped_but_key_colons_and_dashes_stay():
    row = Row(
        [
            Word(":", 100, 110, 104, 114),
            Word("Lampiran", 300, 100, 400, 130),
            Word(":", 600, 105, 606, 125),
            Word("-", 630, 112, 640, 116),
        ]
    )
    pieces = segments(row, gap=60)
    assert [piece.text for piece in pieces] == ["Lampiran : -"]


def test_skewed_rows_are_levelled_before_grouping():
    # The scan sinks 3 px per 100 px to the right (about 1.7 degrees). Tesseract's body line gives the
    # slope; the table's cells, found as separate lines, then still join their rows.
    def box(text: str, left: int, top: int) -> Word:
        drop = round(left * 0.03)
        return Word(text, left, top + drop, left + 12 * len(text), top + drop + 30)

    body = Row(
        [box(text, 300 + i * 130, 100) for i, text in enumerate("Dengan ini kami sampaikan daftar usulan".split())]
    )
    rows = [body]
    for r, top in enumerate((160, 220)):
        rows += [Row([box(text, 300 + i * 400, top)]) for i, text in enumerate(["Sigit", "Penata", "Muda", f"{r}"])]
    assert arrange(rows).split("\n") == [
        "Dengan ini kami sampaikan daftar usulan",
        "Sigit Penata Muda 0",
        "Sigit Penata Muda 1",
    ]


def test_reading_order_reads_tesseract_rows():
    data = {
        "text": ["", "Dengan", "hormat,", "Bersama"],
        "conf": ["-1", "95", "96", "90"],
        "block_num": [1, 1, 1, 1],
        "par_num": [1, 1, 1, 1],
        "line_num": [1, 1, 1, 2],
        "left": [0, 100, 230, 100],
        "top": [0, 100, 100, 145],
        "width": [0, 120, 130, 150],
        "height": [0, 30, 30, 30],
    }
    assert reading_order(data) == "Dengan hormat,\nBersama"


def test_empty_page_gives_empty_text():
    assert arrange([]) == ""


def test_keys_whose_colon_was_lost_stay_with_their_values_beside_the_addressee_column():
    # A phone photo's header (real letter): the colons were not read, so each key is a piece apart from its value;
    # "Kepada" sits above the right-hand column and the subject's second and third lines are indented and spaced.
    rows = (
        line("Kepada", 1240, 536)
        + line("Nomor", 232, 583)
        + line("005/ 0570 /VI.01/2022", 494, 583)
        + line("Yth. Kepala Organisasi", 1136, 583)
        + line("Sifat", 232, 632)
        + line("Biasa", 506, 632)
        + line("di Lingkungan Pemerintah", 1238, 632)
        + line("Hal", 233, 683)
        + line("Undangan Rapat", 497, 683)
        + line("(Daftar Terlampir)", 1237, 683)
        + line("e-Database", 497, 736)
        + line("Sistem informasi", 700, 736)  # justified: a wide space
        + line("di Tempat", 1238, 786)
        + line("Dalam rangka pengelolaan data", 232, 930)
    )
    assert arrange(rows).split("\n") == [
        "Nomor 005/ 0570 /VI.01/2022",
        "Sifat Biasa",
        "Hal Undangan Rapat",
        "e-Database Sistem informasi",
        "Kepada",
        "Yth. Kepala Organisasi",
        "di Lingkungan Pemerintah",
        "(Daftar Terlampir)",
        "di Tempat",
        "",
        "Dalam rangka pengelolaan data",
    ]


def test_a_long_line_above_a_two_column_block_does_not_open_it():
    rows = (
        line("Temanggung, 13 Maret 2023", 1400, 100)
        + line("Nomor : 823/360/2023", 300, 145)
        + line("Kepada", 1400, 145)
        + line("Sifat : Biasa", 300, 190)
        + line("Yth. Kepala Badan", 1400, 190)
    )
    assert arrange(rows).split("\n")[0] == "Temanggung, 13 Maret 2023"
    assert arrange(rows).split("\n")[1:] == ["Nomor : 823/360/2023", "Sifat : Biasa", "Kepada", "Yth. Kepala Badan"]
