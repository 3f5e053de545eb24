"""Structure-driven parsing of the portal's flattened document and legal-basis tables.

The national public service portal (dichvucong.gov.vn) renders each table row by gluing its cells with no
separator: a document row is `name` + `form files` + `N bản chính[,M bản sao]`, a legal-basis row is `title` +
`number`. These functions find the cell boundaries from what the cells themselves look like — a count cell, a file
extension, the shape of a legal document number with a known issuer (see `issuers`) — and say how sure they are:
every row carries `certain`; a boundary chosen by a weak cue is `certain=False` and goes to the review queue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from motcua.core.text import normalize

from .issuers import DOCUMENT_NUMBER, issuer_name

# ---------------------------------------------------------------- count cells

# The count cell is "N bản chính" or "N bản chính,M bản sao" (integers, no leading zero). A quantity written inside
# the name ("… : 01 bản chính", "(01 bản chính)") is followed by the real cell or by punctuation/lowercase text.
_COUNT_RUN = re.compile(r"(\d+) ?bản (?:chính(?: ?, ?(\d+) ?bản sao)?|sao)")


_LIST_MARKER = re.compile(r"(?:[a-zđ]|i{1,3}|iv|vi{0,3})\)")


@dataclass
class Count:
    start: int
    end: int
    originals: int
    copies: int


def _count(match: re.Match) -> Count:
    """A digit run before "bản" may carry the name's digits glued in front ("Nghị định 116" + "1 bản chính"):
    the cell's count is one digit, or two when the run is exactly two digits without a leading zero."""
    run = match.group(1)
    digits = run if len(run) == 2 and run[0] != "0" else run[-1]
    start = match.start(1) + len(run) - len(digits)
    if match.group(0).endswith("bản sao") and match.group(2) is None:
        return Count(start, match.end(), 0, int(digits))
    return Count(start, match.end(), int(digits), int(match.group(2)[-2:]) if match.group(2) else 0)


def row_ends(segment: str) -> list[Count]:
    """The count cells ("N bản chính[,M bản sao]") that end a row: not followed at once by another count (then it
    is a quantity inside the name: "…: 01 bản chính1 bản chính"), nor by lowercase text or punctuation continuing
    a sentence ("(01 bản chính)", "02 bản chính. Tại ô …"), nor opening the next name ("01 bản chính danh sách")."""
    matches = [_count(m) for m in _COUNT_RUN.finditer(segment)]
    ends = []
    last_end = 0
    for i, match in enumerate(matches):
        if i + 1 < len(matches) and matches[i + 1].start == match.end:
            continue
        rest = segment[match.end : match.end + 6].lstrip(" ")
        if rest and (rest[0].islower() or rest[0] in ".,;:)") and not _LIST_MARKER.match(rest):
            continue
        if not any(ch.isalpha() for ch in segment[last_end : match.start]):
            continue
        ends.append(match)
        last_end = match.end
    return ends


# ---------------------------------------------------------------- form files

_EXT = r"(?i:\.(?:docx|doc|pdf|xlsx|xls|rtf|odt|ods|zip|rar|jpg|png))"
_EXT_END = re.compile(_EXT)
_OPENER = re.compile(
    r"(?:Mẫu|MẪU|Mau|MAU|mẫu|mau|Phụ lục|PHỤ LỤC|Phu luc|PHU LUC|phụ lục|PL|Phlc|TK|Tờ khai|To khai|TO KHAI|"
    r"Biểu|Bieu|BIEU|Đơn|Don|DON|Giấy|Giay|Phiếu|Phieu|[A-Z]{1,4}\d|\d)"
)
_PROSE = re.compile(r"[.,;:] \S")
_LONGEST_FILE_NAME = 160


@dataclass
class Files:
    name: str
    files: list[str]
    certain: bool


def split_files(text: str) -> Files:
    """Split "name" + "file1.docx" + "file2.pdf" (glued) into the name and the file names.

    The files are contiguous at the end of the text, each ending in an extension. A file's start is the glued
    boundary (the portal puts no space between cells) with the best cue: right after the previous file's
    extension (certain), after sentence punctuation, a lowercase→uppercase change, or a typical first word of a
    form's file name (Mẫu, Phụ lục, Tờ khai, a digit). Equal best cues → the earliest, marked uncertain.
    """
    text = text.rstrip()
    files: list[str] = []
    certain = True
    end = len(text)
    while True:
        ext = _last_ext_ending_at(text, end)
        if ext is None:
            break
        ends = [m.end() for m in _EXT_END.finditer(text, 0, ext)]
        low = ends[-1] if ends else 0
        start, sure = _file_start(text, low, ext, glued_file_before=bool(ends))
        if start is None:
            certain = False
            break
        files.insert(0, text[start:end].strip())
        certain = certain and sure
        end = start
        if not ends or start != low:
            break
    name = normalize(text[:end])
    if files and not name:
        certain = False
    return Files(name=name, files=files, certain=certain)


def _last_ext_ending_at(text: str, end: int) -> int | None:
    """Start index of the extension that ends `text[:end]`, or None."""
    match = re.search(_EXT + r"$", text[:end])
    return match.start() if match else None


def _file_start(text: str, low: int, ext_start: int, *, glued_file_before: bool) -> tuple[int | None, bool]:
    best: list[tuple[int, int]] = []
    low = max(low, ext_start - _LONGEST_FILE_NAME)
    prose = [m.start() for m in _PROSE.finditer(text, low, ext_start)]
    last_prose = prose[-1] if prose else -1
    for s in range(low, ext_start):
        char = text[s]
        prev = text[s - 1] if s > 0 else " "
        if char.isspace() or (prev.isalpha() and char.islower() and char not in "mM"):
            continue  # inside a word: no boundary (the common case, skipped first)
        score = 0
        if glued_file_before and s == low:
            score = 10
        elif prev.isspace():
            if s == 0 or not _OPENER.match(text, s):
                continue
            score = 1  # a space before the file: the portal glues cells, so this is the weakest cue
        else:
            if prev == "." and not _sentence_end(text, s - 1):
                continue  # "mau.TK.docx", "05A.TT41.doc": a dot inside a file name
            if prev in ".;:)]":
                score += 2
            elif (prev.islower() or prev.isdigit() or prev == ")") and text[s].isupper():
                score += 1  # "khai theo mẫuTo khai…": a glued change of case
            elif prev.islower() and text[s].isdigit():
                score += 1  # "con nuôi1.doc…"
            elif prev.isalpha() and text[s : s + 3].lower() in ("mẫu", "mau"):
                score += 1
            else:
                continue
            if _OPENER.match(text, s):
                score += 2
            if s <= last_prose:
                score -= 2  # ". x", ", x" after the start: prose, not a file name
        if score > 0:
            best.append((score, s))
    if not best:
        return None, False
    top = max(score for score, _ in best)
    starts = [s for score, s in best if score == top]
    return starts[0], top >= 3 and len(starts) == 1


_FORM_WORD_END = re.compile(r"(?:mẫu|mau|Mẫu|Mau|MẪU|MAU|PL|TK|Phlc|BM)$")


def _sentence_end(text: str, dot: int) -> bool:
    """A dot ends a sentence when the word before it has no digit and is not a form word ("mau.TK")."""
    if dot > 0 and text[dot - 1] == ")":
        return True
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in ".;:)":
        start -= 1
    word = text[start:dot]
    return bool(word) and not any(ch.isdigit() for ch in word) and not _FORM_WORD_END.search(word)


# A form named in the text: "Mẫu số 03", "mẫu TK05", "Mẫu 01a/TSMH" — a code with a digit or capitals, never an
# ordinary word ("biểu mẫu điện tử", "mẫu quy định").
TEXT_FORM = re.compile(
    r"(?<![\w])(?P<form>(?:Mẫu|mẫu|MẪU)(?: số)? (?P<code>(?=[\w./-]*\d)[A-ZĐ0-9][\w./-]*|[A-ZĐ]{2,}[\w./-]*))"
)


def text_form(name: str) -> str:
    match = TEXT_FORM.search(name)
    return match.group("form").rstrip(".,;)") if match else ""


# ---------------------------------------------------------------- legal basis

_TITLE_OPENERS = re.compile(
    r"(?<=[a-zà-ỹ0-9.)])(?=(?:Luật|Bộ luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Chỉ thị|"
    r"Văn bản hợp nhất) (?:số|\d|[a-zđà-ỹ]))"
)


_NUMBER_CELL_PREFIX = re.compile(
    r"(?:Luật|Bộ luật|Nghị định|Thông tư|Thông tư liên tịch|Quyết định|Nghị quyết|Pháp lệnh|Chỉ thị) số:?"
)


@dataclass
class LegalRow:
    number: str
    title: str
    issuer: str
    certain: bool


_CITED = re.compile(
    r"(?:số|Số|Luật|luật|Nghị định|nghị định|Thông tư|thông tư|Quyết định|quyết định|Nghị quyết|nghị quyết|"
    r"Pháp lệnh|pháp lệnh|Chỉ thị|liên tịch|hợp nhất)\s*:?\s*$"
)


def split_legal(body: str) -> list[LegalRow]:
    """Rows of "title" + "number" glued. A number ends its row unless it is cited inside the title:

    - followed by lowercase text or punctuation ("Luật số 13/2008/QH12 ngày …", "… 12/2025/TT-BCA;");
    - glued to another number and preceded by "số", "Nghị định", "Luật"… ("Nghị định 87/2017/NĐ-CP" +
      "87/2017/NĐ-CP"); glued to another number without such a word, it is the cell and the other number opens
      the next title ("… cách mạng" + "04/2012/UBTVQH13" + "26/2005/PL-UBTVQH11 - Ưu đãi …");
    - the next row end is the same number ("Thông tư số 53/2025/TT-BCAngày 01/7/2025 …" + "53/2025/TT-BCA").
    """
    tokens = list(DOCUMENT_NUMBER.finditer(body))
    ends: list[tuple[re.Match, bool]] = []
    for i, token in enumerate(tokens):
        rest = body[token.end() :]
        certain = True
        if i + 1 < len(tokens) and tokens[i + 1].start() == token.end():
            if _CITED.search(body, max(0, token.start() - 20), token.start()):
                continue
        elif rest.strip():
            first = rest[0]
            if first.isspace():
                after = rest.lstrip()
                if not (after[0].isupper() or after[0].isdigit()):
                    continue
                certain = False  # "… 18/2026/NĐ-CP Trang chủ": a space before the next title is unusual
            elif first in ".,;:)(-–/" or first.isdigit():
                continue
        ends.append((token, certain))
    ends = [
        (token, certain)
        for k, (token, certain) in enumerate(ends)
        if not (k + 1 < len(ends) and ends[k + 1][0].group(0) == token.group(0) and _cited_in_title(body, token))
    ]
    rows: list[LegalRow] = []
    last_end = 0
    for token, certain in ends:
        number, sure = _number(token, body[last_end : token.start()])
        # the title keeps the digits glued in front of the serial ("… năm 2013" + "35/2013/QH13")
        title = normalize(body[last_end : token.end() - len(number)])
        if not title:
            continue
        parts = _merged_titles(title)
        if len(parts) > 1 and _NUMBER_CELL_PREFIX.fullmatch(parts[-1]):
            parts = parts[:-1]  # the number cell reads "Luật số 32/2024/QH15": its words are not a title
        for part in parts[:-1]:
            rows.append(LegalRow(number="", title=part, issuer="", certain=False))
        issuer = issuer_name(number)
        rows.append(LegalRow(number=number, title=parts[-1], issuer=issuer, certain=certain and sure and bool(issuer)))
        last_end = token.end()
    tail = normalize(body[last_end:])
    if tail:
        rows.extend(LegalRow(number="", title=part, issuer="", certain=False) for part in _merged_titles(tail))
    return rows


def _cited_in_title(body: str, token: re.Match) -> bool:
    """The next row ends with this same number: this one is the title citing it when lowercase text is glued
    after it ("53/2025/TT-BCAngày …"), a space follows it ("Thông tư số 40/2025/TT-BTC Sửa đổi …"), or "số",
    "Thông tư"… precede it."""
    after = body[token.end() : token.end() + 1]
    return after.islower() or after.isspace() or bool(_CITED.search(body, max(0, token.start() - 20), token.start()))


def _merged_titles(title: str) -> list[str]:
    """A row whose number cell is empty runs into the next title: "… của Bộ Tư phápQuyết định số …"."""
    parts = [normalize(p) for p in _TITLE_OPENERS.split(title)]
    return [p for p in parts if p] or [title]


def _number(token: re.Match, title: str) -> tuple[str, bool]:
    """The number, with the title's digits removed from the front of its serial when they were glued in
    ("năm 2024" + "46/2024/QH15" → run "202446"): with a year the serial has at most 3 digits (numbering restarts
    every year), without a year at most 5."""
    run, year, suffix = token.group("run"), token.group("year"), token.group("suffix")
    tail = f"/{year}/{suffix}" if year else f"/{suffix}"
    integer = run.split(".")[0]
    limit = 3 if year else 5
    if "." in run and re.fullmatch(r"(?:19|20)\d\d", integer):
        return run.split(".", 1)[1] + tail, True  # "… ngày 15/5/2026." + "55/2026/TT-BTC"
    if len(integer) > 4 and re.match(r"(?:19|20)\d\d", run) and re.search(r"(?:năm|/)\s*$", title):
        return run[4:] + tail, True  # "… năm 2024" / "ngày 03/06/2008" + the serial
    if len(integer) <= limit and not (year and len(integer) > 4 and re.match(r"(19|20)\d\d", integer)):
        return run + tail, True
    candidates = [run[k:] for k in range(1, len(integer)) if len(run[k:].split(".")[0]) <= limit and run[k] != "0"]
    candidates += [run[k:] for k in range(1, len(integer)) if len(run[k:].split(".")[0]) <= limit and run[k] == "0"]
    for serial in candidates:
        if f"{serial}{tail}" in title or f"số {serial}/" in title:
            return serial + tail, True
    for k in range(4, len(integer)):
        if re.fullmatch(r"(19|20)\d\d", run[k - 4 : k]) and len(run[k:].split(".")[0]) <= limit:
            return run[k:] + tail, True
    if candidates:
        return max(candidates, key=len) + tail, False
    return run + tail, False
