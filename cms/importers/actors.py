"""Recognise actors (pelaksana): column headings, name aliases and the subject of a sentence."""

from __future__ import annotations

import re

from cms.importers.text import collapse, is_mostly_upper, smart_title

# Aliases that name the same position; the key is what two spellings are compared by.
_ALIASES = [
    (re.compile(r"^(kepala dinas|kepala badan|kadin|kadis|kaban|kadisdukcapil)\b"), "kadin"),
    (re.compile(r"^(kepala bidang|kabid)\b"), "kabid"),
    (re.compile(r"^(kepala seksi|kasi)\b"), "kasi"),
    (re.compile(r"^(sekretaris dinas|sekretaris|sekdin)\b"), "sekretaris"),
    (re.compile(r"^(kepala sub ?bagian|kasubb?ag|kaubbag)\b"), "kasubag"),
]
# Words that start an actor's name in a sentence or heading, longest first.
HEADS = (
    "orang yang diberi", "kepala dinas", "kepala bidang", "kepala seksi", "kepala badan", "kepala",
    "petugas", "pejabat", "bendahara", "kasubag", "kasubbag", "kaubbag", "sekretaris", "sekdin", "kadin",
    "kadis", "kaban", "kasi", "kabid", "staf", "pptk", "pns", "publik", "pemohon", "pengguna", "helpdesk",
    "bupati", "gubernur", "kemendagri", "adb", "operator", "kecamatan", "pimpinan", "atasan", "admin",
    "verifikator", "agendaris", "dinas",
)  # fmt: skip
# Heads that a heading completes with a word from another line ('PETUGAS' + 'LOKET').
BARE_HEADS = {"petugas", "kepala", "orang yang diberi", "helpdesk", "bendahara", "kasubag", "kasubbag", "kaubbag"}
QUALIFIERS = (
    "hak akses", "rs/puskesmas", "loket", "operator", "pengambilan", "pengambil", "pengantar", "perekaman",
    "perbaikan", "rekap", "umum", "keuangan", "keu", "umpeg", "pengeluaran", "jarkomdat", "seksi", "bidang",
    "dinas", "kebersihan", "security", "siak", "piak", "kecamatan",
)  # fmt: skip
_UNITS = {"siak", "piak", "umum", "keu", "keuangan", "umpeg", "pengeluaran"}
APPLICANTS = {"pemohon", "pns", "publik", "pengguna"}
_VERB = re.compile(r"^(me|di)[a-z]{3,}$|^(print/cetak|cetak|print|scan|input|kemudian|baru|minta|mohon)$")
_FIX_OCR = {"kaubbag": "Kasubag", "kasubbag": "Kasubag"}


def actor_key(name: str) -> str:
    """Return the comparison key of a position name: 'Kepala Dinas', 'KADIN' and 'Kadis' are one."""
    text = re.sub(r"[^a-z/ ]", " ", name.lower())
    text = collapse(text)
    for pattern, key in _ALIASES:
        if pattern.match(text):
            return key
    return text


def display_name(name: str) -> str:
    """Return an actor name as shown on the page: OCR spellings fixed, capitals tamed."""
    words = collapse(re.sub(r"[|\[\]_&]", " ", name)).strip(" /").split(" ")
    words = [_FIX_OCR.get(word.lower(), word) for word in words]
    text = " ".join(words)
    if is_mostly_upper(text):
        text = smart_title(text)
    else:
        text = " ".join(smart_title(word) if word.isupper() else word for word in text.split(" "))
    return text[:1].upper() + text[1:]


def match_actor(mention: str, actors: tuple[str, ...] | list[str]) -> str | None:
    """Return the actor that ``mention`` names ('Kepala Bidang' -> 'Kabid', 'admin bidang' -> 'Pemohon /admin')."""
    wanted = actor_key(mention)
    if not wanted:
        return None
    for actor in actors:
        for alternative in re.split(r"\s*/\s*", actor):
            key = actor_key(alternative)
            if key and (key == wanted or (len(wanted) >= 5 and (wanted in key or key in wanted))):
                return actor
    return None


def find_head(words: list[str], start: int) -> tuple[str, int] | None:
    """Return the actor head that starts at ``words[start]`` and how many words it spans."""
    for head in HEADS:
        parts = head.split(" ")
        window = words[start : start + len(parts)]
        candidate = [word.lower().split("/")[0].strip(".,:;|[]()&") for word in window]
        if candidate == parts:
            return head, len(parts)
    return None


def sentence_subject(text: str) -> str | None:
    """Return the actor a sentence starts with ('Operator menerima surat' -> 'Operator'), if any."""
    text = re.sub(r"\([^)]*\)", " ", collapse(text))
    words = re.sub(r"^(masing-masing|setiap)\s+", "", text, flags=re.IGNORECASE).split(" ")
    found = find_head(words, 0)
    if found is None:
        return None
    head, size = found
    subject = words[:size]
    for word in words[size : size + 3]:
        if _VERB.match(word.lower()) or not word[:1].isalpha():
            break
        subject.append(word)
    else:
        return None
    return display_name(" ".join(subject).strip(",.:;"))


def mentioned_actor(text: str) -> str | None:
    """Return the first actor named as the doer in ``text`` (not after 'kepada'/'ke'/'dari')."""
    words = re.sub(r"\([^)]*\)", " ", collapse(text)).split(" ")
    for index in range(len(words)):
        if index and words[index - 1].lower() in {"kepada", "ke", "dari", "oleh", "untuk", "bidang"}:
            continue
        found = find_head(words, index)
        if found and found[0] not in BARE_HEADS - {"kepala"}:
            subject = sentence_subject(" ".join(words[index:]))
            if subject:
                return subject
    return None


_HEADING_WORDS = {
    "kelengkapan", "persyaratan", "persyaratan/", "waktu", "output", "ket", "keterangan", "uraian",
    "prosedur", "no", "no.", "kegiatan", "pelaksana", "pelaksanaan", "mutu", "baku", "aktivitas",
}  # fmt: skip
_MUTU_BAKU = re.compile(r"^(kelengkapan|persyaratan|waktu|output)", re.IGNORECASE)


def heading_actors(lines: list[str], main: int) -> list[str]:
    """Return the actor columns named in OCR'd heading lines, in column order as far as it can be told.

    ``main`` is the line that also names the Mutu Baku columns. Bare heads ('PETUGAS') take the
    qualifier words ('LOKET') in order; those completed from a line below ``main`` lost their
    position, so they are placed after the applicant (PEMOHON) or at the end.
    """
    entities: list[dict] = []
    position = 0
    for line_index, line in enumerate(lines):
        words = collapse(line).split(" ")
        index = 0
        while index < len(words):
            position += 1
            word = words[index].lower().strip(".,:;|[]()&")
            if line_index == main and _MUTU_BAKU.match(word):
                break
            qualifier = next((q for q in QUALIFIERS if word == q.split(" ")[0]), None)
            if qualifier and _waiting(entities, line_index, position, qualifier):
                size = len(qualifier.split(" "))
                _qualify(entities, words[index : index + size], position, line_index)
                index += size
                continue
            found = find_head(words, index)
            if found:
                head, size = found
                name = words[index : index + size]
                entities.append({"name": name, "head": head, "pos": position, "end": position, "line": line_index})
                index += size
                continue
            index += 1
    return [display_name(" ".join(entity["name"])) for entity in _ordered(entities, main)]


def _waiting(entities: list[dict], line_index: int, position: int, qualifier: str) -> dict | None:
    """Return the head a qualifier word completes: the head right before it ('PETUGAS LOKET', 'KASI SIAK'),
    else the oldest bare head still waiting for one ('PETUGAS' above 'LOKET')."""
    last = entities[-1] if entities else None
    adjacent = last and last["line"] == line_index and last["end"] == position - 1 and "qualified" not in last
    if adjacent and (last["head"] in BARE_HEADS or qualifier in _UNITS):
        return last
    return next((e for e in entities if e["head"] in BARE_HEADS and "qualified" not in e), None)


def _qualify(entities: list[dict], words: list[str], position: int, line_index: int) -> None:
    target = _waiting(entities, line_index, position, " ".join(words).lower())
    if target is not None:
        target["name"] = target["name"] + words
        target["qualified"] = line_index
        target["qualifier_pos"] = position


def _ordered(entities: list[dict], main: int) -> list[dict]:
    """Sort by column: a head above ``main`` sits where its qualifier on ``main`` sits; one completed
    from below ``main`` lost its place and goes after the applicant, or to the end."""
    applicants = [e["pos"] for e in entities if e["head"] in APPLICANTS and e["line"] == main]
    anchor = (applicants[-1] if applicants else 10_000) + 0.5

    def key(pair: tuple[int, dict]) -> float:
        offset, entity = pair
        if entity["line"] >= main:
            return entity["pos"]
        qualified = entity.get("qualified", entity["line"])
        if qualified == main:
            return entity["qualifier_pos"]
        if qualified > main or entity["head"] in BARE_HEADS:
            return anchor + offset / 1000
        return entity["pos"]

    return [entity for _, entity in sorted(enumerate(entities), key=key)]
