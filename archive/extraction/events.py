"""The event of an invitation (surat undangan): day, date, time, place and agenda, read from the letter's text.

Invitations give the event in one of two ways, and OCR mangles both:
- a labelled block ("hari/tanggal : Rabu, 19 April 2023", "pukul : 08.30 WIB s.d. selesai", "tempat : Aula ...",
  "acara : ..."), with the labels in many spellings ("Hari, tgl", "Waktu", "Jam", "Bertempat di", "Agenda"), the
  separator misread or missing, and long values running on to the next lines;
- a sentence ("... pada hari Senin, 19 Juni 2023 pukul 09.00 WIB di Ruang Rapat ...").

The labelled block wins when there is one: every date label starts a candidate block, the labels that follow
within a few lines join it, and the block with the most parts is taken (a recipient's disposition sheet scanned as
page 1 has its own "Tgl. Surat" and "Diterima Tgl" lines, which never make a block). Otherwise the first sentence
holding a weekday or a date with a time is read. The agenda falls back to the subject without its "Undangan".
A date without a year takes the letter's year (or the next one when that would put it before the letter).
Pure functions: text in, an ``InvitationEvent`` out (None when the text holds no event).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from archive.extraction.dates import WEEKDAYS, find_dates, month_number

_LEAD = r"^\s*(?:[-•*>·]|\d{1,2}[.)]|[a-eA-E][.)])?\s*"
_SEP = r"\s*[:;=.,]?\s*[:;=]?\s*"
LABELS: dict[str, str] = {
    "day_date": r"hari\s*(?:[,/\\|]|dan|&)?\s*(?:tanggal|tgl\.?|tangga1|tanggai)",
    "day": r"hari",
    "date": r"(?:tanggal|tgl)(?![.\s]*(?:surat|terima|diterima|agenda|penyelesaian|selesai))\.?",
    "time": r"(?:waktu|pukul|puku1|jam)",
    "place": r"(?:tempat|lokasi|bertempat(?:\s+di)?|temp\s*at)",
    "agenda": r"(?:acara|agenda|kegiatan|keperluan)",
    # A meeting held online names its link or medium where the place would be.
    "online": r"(?:link|tautan|media|aplikasi|via)",
}
_LABELLED = {
    key: re.compile(_LEAD + rf"(?P<label>{pattern})\b{_SEP}(?P<value>.*)$", re.I) for key, pattern in LABELS.items()
}
_ORDER = ("day_date", "date", "day", "time", "place", "agenda", "online")
# A line that ends an event block's running value: the letter's prose resumes.
_PROSE = re.compile(
    r"^\s*(?:demikian|atas\s+perhatian|mengingat|sehubungan|berkenaan|dengan\s+hormat|dimohon|mohon|saudara|"
    r"kami\s+(?:mohon|harap)|catatan|tembusan|hormat\s+kami|an\.|a\.n\.|kepala|sekretaris|ketua|plt|"
    r"untuk\s+kelancaran|mengharap|diharapkan|perlu\s+kami|selanjutnya|bersama\s+ini|sedangkan|nb\b)",
    re.I,
)
_TIME = re.compile(r"(?<![\d/])(?P<h>[0-2]?\d)\s*[.:,]\s*(?P<m>[0-5]\d)(?!\d)")
_UNTIL = re.compile(r"(?:\bs\s*[./]\s*d\b\s*\.?|\bsampai(?:\s+dengan)?|\bhingga|-|–|—)\s*", re.I)
_UNTIL_DONE = re.compile(r"\bselesai\b", re.I)
_ZONE = re.compile(r"\b(WIB|WITA|WIT)\b", re.I)
_DAY_RANGE = re.compile(
    r"(?<!\d)(?P<d1>[0-3]?\d)\s*(?:s\s*[./]\s*d\s*\.?|sampai(?:\s+dengan)?|-|–|—|dan)\s*(?P<d2>[0-3]?\d)\s+"
    r"(?P<month>[A-Za-z]{3,10})\.?\s+(?P<year>(?:19|20)\d\d)",
    re.I,
)
_DAY_MONTH = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\s+(?P<month>[A-Za-z]{3,10})\b(?!\s*(?:19|20)\d\d)")
_SENTENCE = re.compile(
    r"(?:pada\s+)?hari\s*(?P<weekday>[A-Za-z']{4,7})?\s*[,/]?\s*(?:tanggal\s*)?(?P<rest>.{0,200})", re.I | re.S
)
_PLACE_IN = re.compile(r"\b(?:bertempat\s+di|tempat\s*[:]?|di|lokasi)\s+(?P<place>[^.;\n]{3,150})", re.I)
_INVITATION = re.compile(r"\b(?:undangan|mengundang|diundang|menghadiri|hadir|ralat\s+undangan)\b", re.I)
_SUBJECT_PREFIX = re.compile(r"^\s*(?:ralat\s+)?undangan\b\s*[:,-]?\s*", re.I)
_MAX_BLOCK_GAP = 8  # lines between the labels of one block
_MAX_RUN_ON = {"place": 3, "agenda": 4, "day_date": 1, "date": 1, "day": 0, "time": 0, "online": 1}
# Another label ("Pakaian :", "Meeting ID :") ends a running value.
_OTHER_LABEL = re.compile(r"^\s*[-•*]?\s*[A-Za-z][\w /.'-]{0,25}?\s*:")
# A correction ("... ditunda pelaksanaannya menjadi :", a RALAT UNDANGAN) gives the event's new parts after it.
_CORRECTION = re.compile(r"\b(?:menjadi|diubah|berubah|diganti|dipindah|ditunda|diundur|dimajukan)\b", re.I)
_BODY_AGENDA = re.compile(
    r"\b(?:melaksanakan|menyelenggarakan|mengadakan|diadakannya|diadakan|dilaksanakannya|penyelenggaraan)\s+"
    r"(?:kegiatan\s+|acara\s+)?(?P<agenda>[^,.;:]{8,160}?)(?=\s*(?:[,.;:]|\bpada\b|\byang\b|\bmaka\b|\bakan\b|\bdengan\b|$))",
    re.I,
)


@dataclass(frozen=True)
class InvitationEvent:
    """When and where an invitation asks its addressee to come, with how sure the reading is."""

    date: datetime.date | None
    weekday: str = ""
    end_date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    until_done: bool = False
    zone: str = ""
    place: str = ""
    agenda: str = ""
    confidence: float = 0.0
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        return bool(self.date and self.start_time and self.place)


def looks_like_invitation(text: str, subject: str = "") -> bool:
    """Whether the letter invites its addressee to something (its subject, or the words of its body)."""
    return bool(_INVITATION.search(subject or "")) or bool(_INVITATION.search(text or ""))


def extract_event(text: str, *, subject: str = "", letter_date: datetime.date | None = None) -> InvitationEvent | None:
    """Return the event the letter invites to, or None when the text holds none (or is no invitation)."""
    if not text or not looks_like_invitation(text, subject):
        return None
    lines = [line.rstrip() for line in text.splitlines()]
    parts, method = _best_block(lines), "block"
    if len(parts) < 2:  # one label line alone is a sentence that happens to start with "hari"
        sentence = _from_sentence(text)
        parts, method = (sentence, "sentence") if sentence else (parts, method)
    return _assemble(parts, subject=subject, letter_date=letter_date, method=method, body=text)


# The labelled block --------------------------------------------------------------------------------------------------


def _label(line: str) -> tuple[str, str] | None:
    for key in _ORDER:
        match = _LABELLED[key].match(line)
        if match and _is_label_line(key, match):
            return key, match["value"].strip()
    return None


def _is_label_line(key: str, match: re.Match) -> bool:
    """Labels are short words at the start of a line; prose that begins with 'Hari ini' or 'Acara ini' is not one."""
    value = match["value"]
    if key == "day":
        return bool(value) and (value.split()[0].lower().strip(",.") in WEEKDAYS or bool(find_dates(value)))
    if key == "place" and match["label"].lower().startswith("bertempat"):
        return bool(value)
    separator = match.group(0)[match.end("label") - match.start(0) : match.start("value") - match.start(0)]
    return bool(re.search(r"[:;=]", separator)) or key in ("day_date", "time") or len(value) < 120


def _best_block(lines: list[str]) -> dict[str, str]:
    labelled = [(index, found) for index, line in enumerate(lines) if (found := _label(line))]
    blocks = [
        (labelled[start][0], _block_from(labelled, start, lines))
        for start, (_index, (key, _value)) in enumerate(labelled)
        if key in ("day_date", "date", "day")
    ]
    best, best_at = {}, -1
    for at, block in blocks:
        if _score(block) > _score(best):
            best, best_at = block, at
    return _corrected(best, best_at, blocks, lines)


def _corrected(best: dict[str, str], best_at: int, blocks: list, lines: list[str]) -> dict[str, str]:
    """The best block with the parts a later correction block gives instead ("... menjadi :")."""
    for at, block in blocks:
        if at > best_at + 1 and _CORRECTION.search(" ".join(lines[max(best_at + 1, at - 3) : at])):
            return {**best, **{key: value for key, value in block.items() if value}}
    return best


def _block_from(labelled: list, start: int, lines: list[str]) -> dict[str, str]:
    block: dict[str, str] = {}
    last_index = labelled[start][0]
    for position in range(start, len(labelled)):
        index, (key, value) = labelled[position]
        if index - last_index > _MAX_BLOCK_GAP or key in block or _second_date(key, block):
            break
        following = labelled[position + 1][0] if position + 1 < len(labelled) else len(lines)
        block[key] = _run_on(value, lines[index + 1 : following], _MAX_RUN_ON[key])
        last_index = index
    return block


def _second_date(key: str, block: dict[str, str]) -> bool:
    """A block holds one date: "hari/tanggal", or "hari" and "tanggal" apart; another one starts a new block."""
    if key == "day_date":
        return any(name in block for name in ("day_date", "date", "day"))
    return key in ("date", "day") and "day_date" in block


def _run_on(value: str, after: list[str], limit: int) -> str:
    """The label's value with the lines it runs on to (up to ``limit``, until a blank line or prose)."""
    parts = [value] if value else []
    for line in after[: limit + (0 if value else 1)]:
        stripped = line.strip()
        if not stripped or _PROSE.match(stripped) or _OTHER_LABEL.match(stripped) or stripped.endswith(":"):
            break
        parts.append(stripped)
    return " ".join(parts).strip()


def _score(block: dict[str, str]) -> int:
    has_date = any(find_dates(block.get(key, "")) for key in ("day_date", "date", "day"))
    return sum(1 for value in block.values() if value) + (2 if has_date else 0)


# The sentence ---------------------------------------------------------------------------------------------------------


def _from_sentence(text: str) -> dict[str, str]:
    flat = " ".join(text.split())
    for match in _SENTENCE.finditer(flat):
        weekday = (match["weekday"] or "").lower()
        rest = match["rest"]
        if weekday not in WEEKDAYS and not find_dates(rest[:40]):
            continue
        window = flat[match.start() : match.start() + 260]
        parts = {"day_date": window[:120]}
        if _TIME.search(window):
            parts["time"] = window[window.lower().find("pukul") :] if "pukul" in window.lower() else window
        place = _PLACE_IN.search(window[window.lower().find("pukul") + 5 :] if "pukul" in window.lower() else window)
        if place:
            parts["place"] = place["place"].strip(" ,")
        return parts
    return {}


# Putting it together ----------------------------------------------------------------------------------------------


def _assemble(
    parts: dict[str, str], *, subject: str, letter_date: datetime.date | None, method: str, body: str = ""
) -> InvitationEvent | None:
    date_text = " ".join(parts.get(key, "") for key in ("day_date", "day", "date")).strip()
    start, end, notes = _dates(date_text, letter_date)
    weekday = _weekday(date_text)
    times = _times(parts.get("time", "") or date_text)
    place = _clean(parts.get("place", "") or parts.get("online", ""))
    agenda = _clean(parts.get("agenda", "")) or _agenda_from_subject(subject) or _agenda_from_body(body)
    if start is None and not weekday:
        return None
    confidence = _confidence(start, times[0], place, parts.get("agenda"), method)
    source = " | ".join(value for key in _ORDER if (value := parts.get(key)))
    return InvitationEvent(
        date=start,
        weekday=weekday,
        end_date=end,
        start_time=times[0],
        end_time=times[1],
        until_done=times[2],
        zone=times[3],
        place=place,
        agenda=agenda,
        confidence=confidence,
        source=source[:500],
        notes=tuple(notes),
    )


def _dates(text: str, letter_date: datetime.date | None) -> tuple[datetime.date | None, datetime.date | None, list]:
    notes: list[str] = []
    ranged = _DAY_RANGE.search(text)
    if ranged and (month := month_number(ranged["month"])):
        try:
            first = datetime.date(int(ranged["year"]), month[0], int(ranged["d1"]))
            last = datetime.date(int(ranged["year"]), month[0], int(ranged["d2"]))
        except ValueError:
            first = last = None
        if first and last and last > first:
            return first, last, notes
    found = find_dates(text)
    if found:
        end = found[1].date if len(found) > 1 and found[1].date > found[0].date else None
        return found[0].date, end, notes
    partial = _DAY_MONTH.search(text)
    if partial and (month := month_number(partial["month"])) and letter_date is not None:
        try:
            guess = datetime.date(letter_date.year, month[0], int(partial["day"]))
        except ValueError:
            return None, None, notes
        if guess < letter_date - datetime.timedelta(days=7):
            guess = guess.replace(year=guess.year + 1)
        notes.append("tahun diambil dari tanggal surat")
        return guess, None, notes
    return None, None, notes


def _weekday(text: str) -> str:
    for word in re.findall(r"[A-Za-z']+", text):
        if word.lower() in WEEKDAYS:
            return "Jumat" if word.lower() in ("jumat", "jum'at") else word.capitalize()
    return ""


def _times(text: str) -> tuple[datetime.time | None, datetime.time | None, bool, str]:
    found = [match for match in _TIME.finditer(text) if int(match["h"]) < 24]
    start = _time_of(found[0]) if found else None
    end = None
    if len(found) > 1 and _UNTIL.search(text[found[0].end() : found[1].start()] or "-"):
        end = _time_of(found[1])
    zone = _ZONE.search(text)
    return start, end, bool(_UNTIL_DONE.search(text)) and end is None, zone[1].upper() if zone else ""


def _time_of(match: re.Match) -> datetime.time:
    return datetime.time(int(match["h"]), int(match["m"]))


def _clean(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip(" .,;:-_|")
    return value[:300]


def _agenda_from_subject(subject: str) -> str:
    rest = _SUBJECT_PREFIX.sub("", " ".join((subject or "").split()))
    return rest[:300]


def _agenda_from_body(text: str) -> str:
    """What the letter says it holds ("kami akan melaksanakan Upacara ...", "diadakannya SOSIALISASI ...")."""
    match = _BODY_AGENDA.search(" ".join(text.split()))
    return _clean(match["agenda"]) if match else ""


def _confidence(start, time, place: str, agenda: str | None, method: str) -> float:
    score = (0.4 if start else 0.1) + (0.2 if time else 0) + (0.2 if place else 0) + (0.1 if agenda else 0)
    return round(min(1.0, score + (0.1 if method == "block" else 0)), 2)
