"""Parsers for the tables the national portal export flattens into text (pure functions, no database).

Each parser returns what it understood plus a list of warnings (English, one line each) for what it could not.
The formats were learnt from the 1,577 procedures of four ministries (see docs/domain/catalogue.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from motcua.core.text import normalize

from ..schema import DocumentData, FeeData, LegalBasisData, ResultData, TimeLimitData
from . import structure

NO_INFO = "Không có thông tin"

# ---------------------------------------------------------------- channels × time limit × fees × description

CHANNEL_NAMES = {"Trực tiếp": "counter", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
CHANNELS_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
# A row starts with a channel name glued to the next cell (a digit or a capital letter); the same words inside a
# description are followed by a space or a colon ("- Trực tiếp: nộp hồ sơ tại …") and are not row starts.
_ROW_START = re.compile(r"(Dịch vụ bưu chính|Trực tiếp|Trực tuyến)(?=[\dA-ZĐ])")
_NUMBER = r"\d+(?:[.,]\d+)?"
_TIME = re.compile(
    rf"\s*(?P<value>{_NUMBER})(?:\s*(?:-|–|đến)\s*(?P<upper>{_NUMBER}))?\s*"
    r"(?P<unit>Ngày làm việc|ngày làm việc|Giờ làm việc|giờ làm việc|Ngày|ngày|Giờ|giờ|Tháng|tháng)?"
)
_UNITS = {
    "ngày làm việc": "working_days",
    "ngày": "days",
    "giờ làm việc": "working_hours",
    # A bare "Giờ" is clock hours, as a bare "Ngày" is calendar days (Civil Code 2015 art. 147.1); only
    # "giờ làm việc" counts working time. Read as working hours, "24 Giờ" became 3 working days (issue 13).
    "giờ": "hours",
    "tháng": "months",
}
_CURRENCY = r"(?P<currency>Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD)"
_FEE_AMOUNT = re.compile(rf"\s*(?P<amount>\d[\d.,]*)\s*{_CURRENCY}")
_FEE_FREE = re.compile(r"\s*(Miễn phí|Không có thông tin|Không thu phí|Không)")
_GLUED_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")


@dataclass
class ChannelTable:
    channels: list[str] = field(default_factory=list)
    time_limits: list[TimeLimitData] = field(default_factory=list)
    fees: list[FeeData] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)


def parse_amount(raw: str) -> Decimal | None:
    """'800,000' / '50.000' / '1.5' → Decimal; thousands separators are ',' or '.' in groups of three."""
    raw = raw.strip().rstrip(".,")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        raw = raw.replace(",", "").replace(".", "")
    raw = raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _balanced_paren(text: str, pos: int) -> int:
    """End index of a parenthesised block starting at text[pos] == '(' (tolerates unbalanced input)."""
    depth = 0
    for i in range(pos, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _split_glued_time_and_fee(number: str) -> tuple[str, str] | None:
    """'7800,000' before a currency with no time unit is '7' (time) + '800,000' (fee): the portal dropped the
    unit and the cells touch. Prefer a fee written with thousands separators, else the shortest time prefix."""
    for size in range(1, min(4, len(number))):
        head, tail = number[:size], number[size:]
        if _GLUED_THOUSANDS.fullmatch(tail):
            return head, tail
    for size in range(1, min(4, len(number))):
        head, tail = number[:size], number[size:]
        if re.fullmatch(r"[1-9]\d*", tail):
            return head, tail
    return None


def parse_channel_table(text: str) -> ChannelTable:
    """Parse `cach_thuc_thuc_hien`: rows of (channel, time limit, fee, fee note, description)."""
    out = ChannelTable()
    body = (text or "").strip()
    if body.startswith(CHANNELS_HEADER):
        body = body[len(CHANNELS_HEADER) :]
    starts = list(_ROW_START.finditer(body))
    if not body or body == NO_INFO:
        out.warnings.append("no channel table")
        return out
    if not starts:
        out.warnings.append("channel table without a channel row")
        return out
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
        _parse_channel_row(CHANNEL_NAMES[match.group(1)], body[match.end() : end], out)
    return out


def _parse_channel_row(channel: str, cell: str, out: ChannelTable) -> None:
    if channel not in out.channels:
        out.channels.append(channel)
    pos = 0
    time_note = ""
    limit: TimeLimitData | None = None
    glued_fee: str | None = None
    time_match = _TIME.match(cell)
    if time_match:
        value, unit_text = time_match.group("value"), time_match.group("unit")
        after = cell[time_match.end() :]
        currency_next = re.match(rf"\s*{_CURRENCY}", after)
        if unit_text is None and currency_next:
            split = _split_glued_time_and_fee(value)
            if split is None:
                value = ""
                glued_fee = time_match.group("value")
            else:
                value, glued_fee = split
                out.warnings.append(f"{channel}: time limit glued to the fee, read as {value} + {glued_fee}")
        if value:
            amount = parse_amount(value)
            unit = _UNITS.get((unit_text or "").lower(), "working_days")
            note = ""
            if time_match.group("upper"):
                note = f"{value}–{time_match.group('upper')} {unit_text or ''}".strip()
                amount = parse_amount(time_match.group("upper"))
            if unit_text is None:
                note = (note + "; " if note else "") + "unit not published, working days assumed"
                out.warnings.append(f"{channel}: time limit without a unit, working days assumed")
            if amount is not None:
                limit = TimeLimitData(value=amount, unit=unit, channel=channel, note=note)
        pos = time_match.end() if glued_fee is None else time_match.start("value") + len(time_match.group("value"))
    elif cell.startswith(NO_INFO):
        pos = len(NO_INFO)
        out.warnings.append(f"{channel}: no time limit published")
    else:
        # free text in the time cell ("Không phải trả kết quả …"): it runs up to the fee cell
        fee_at = re.search(r"Miễn phí|Không có thông tin|\d[\d.,]*\s*(?:Việt Nam Đồng|VNĐ|USD)", cell)
        pos = fee_at.start() if fee_at else len(cell)
        time_note = normalize(cell[:pos])
        out.warnings.append(f"{channel}: time limit not a number ({time_note[:40]})")

    fee_cell_start = pos
    if glued_fee is not None:
        currency = re.match(rf"\s*{_CURRENCY}", cell[pos:])
        pos += currency.end()
        amount = parse_amount(glued_fee)
        out.fees.append(_fee(channel, amount, currency.group("currency"), f"{glued_fee} {currency.group('currency')}"))
    else:
        amounts = list(_iter_amounts(cell, pos))
        if amounts:
            for amount_match in amounts:
                out.fees.append(
                    _fee(
                        channel,
                        parse_amount(amount_match.group("amount")),
                        amount_match.group("currency"),
                        normalize(amount_match.group(0)),
                    )
                )
                pos = amount_match.end()
        else:
            free = _FEE_FREE.match(cell, pos)
            if free:
                pos = free.end()
                if free.group(1) != NO_INFO:
                    out.fees.append(FeeData(channel=channel, name="Phí, lệ phí", amount=Decimal("0"), text="Miễn phí"))
    fee_note = ""
    if cell[pos : pos + 1] == "(":
        end = _balanced_paren(cell, pos)
        fee_note = normalize(cell[pos + 1 : end - 1])
        pos = end
    if fee_note and out.fees and out.fees[-1].channel == channel:
        _apply_fee_note(out, channel, fee_note)
    description = normalize(cell[pos:])
    if limit is not None:
        if description and not limit.note:
            limit.note = description[:500]
        out.time_limits.append(limit)
    elif time_note:
        out.descriptions.append(time_note)
    if description:
        out.descriptions.append(description)
    if fee_cell_start == len(cell):
        out.warnings.append(f"{channel}: row has no fee cell")


_NOTE_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|VNĐ|VND|Việt Nam Đồng)", re.IGNORECASE)
_COUNCIL = re.compile(r"HĐND|Hội đồng nhân dân", re.IGNORECASE)


def _apply_fee_note(out: ChannelTable, channel: str, fee_note: str) -> None:
    """The note after the fee cell often says more than the cell (Law 97/2015/QH13 on fees and charges, art. 21:
    the provincial council (HĐND) sets the local fees, so the national catalogue cannot state their amount):

    - "Mức lệ phí … do HĐND tỉnh quyết định": no amount (never 0), the text is kept;
    - the cell truncated the amount ("135 VNĐ") and the note states it ("135.000 đồng/lần"): the note's amount;
    - "Miễn phí" in the cell but amounts in the note: one amount → that amount, uncertain; several → no amount.
    """
    last = out.fees[-1]
    last.text = normalize(f"{last.text} ({fee_note})")
    amounts = [parse_amount(m.group(1)) for m in _NOTE_AMOUNT.finditer(fee_note)]
    amounts = [a for a in amounts if a is not None and a >= 1000]
    if _COUNCIL.search(fee_note) and (last.amount == 0 or last.amount is None):
        last.amount = None
        last.name = "Lệ phí do HĐND cấp tỉnh quy định"
        return
    if last.amount is None and last.truncated:
        matching = [a for a in amounts if str(int(a)).startswith(last.truncated)]
        if matching:
            last.amount = matching[0]
            return
    if last.amount == 0 and amounts:
        last.amount = amounts[0] if len(set(amounts)) == 1 else None
        out.uncertain.append(f"{channel}: fee cell says free, its note states an amount")
    elif last.amount == 0 and "lệ phí" in fee_note.lower() and "miễn" not in fee_note.lower():
        last.amount = None
        out.uncertain.append(f"{channel}: fee cell says free, its note speaks of a fee")


def _iter_amounts(cell: str, pos: int):
    while True:
        match = _FEE_AMOUNT.match(cell, pos)
        if not match:
            return
        yield match
        pos = match.end()


def _fee(channel: str, amount: Decimal | None, currency: str, text: str) -> FeeData:
    code = "USD" if currency == "USD" else "VND"
    truncated = ""
    if code == "VND" and amount is not None and 0 < amount < 1000:
        # the portal truncates "800.000" to "800": no fee is under 1,000 đồng; the note may state it in full
        truncated, amount = str(int(amount)), None
    fee = FeeData(channel=channel, name="Phí, lệ phí", amount=amount, currency=code, text=text)
    fee.truncated = truncated
    return fee


def collapse_channels(rows: list, key, channels: list[str] | None = None) -> list:
    """Rows that agree across every channel (by `key`) become `all` rows: most procedures publish the same time
    limit and fee for the counter, online and post; only real differences stay per channel. With `channels` (the
    channels the table publishes), rows collapse only when every one of them has rows: a fee published for the
    counter alone is not copied to an online row that publishes none."""
    by_channel: dict[str, list] = {}
    for row in rows:
        by_channel.setdefault(row.channel, []).append(key(row))
    if len(by_channel) < 1 or len({tuple(v) for v in by_channel.values()}) != 1:
        return rows
    if channels is not None and set(channels) - set(by_channel):
        return rows
    first = next(iter(by_channel))
    collapsed = [row for row in rows if row.channel == first]
    for row in collapsed:
        row.channel = "all"
    return collapsed


# ---------------------------------------------------------------- required documents

DOCS_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"


def parse_documents(text: str) -> tuple[list[DocumentData], list[str], list[str]]:
    """Parse `thanh_phan_ho_so`: groups (text before each header) of rows "name" + "form files" + count cell.

    Returns (documents, warnings, uncertain): `uncertain` says which rows' boundaries rest on a weak cue.
    """
    body = (text or "").strip()
    if not body or body == NO_INFO:
        return [], ["no document list"], []
    documents: list[DocumentData] = []
    warnings: list[str] = []
    uncertain: list[str] = []
    parts = body.split(DOCS_HEADER)
    if len(parts) == 1:
        return [], ["document list without its table header"], ["document list without its table header"]
    group = _group_label(parts[0])
    for index, segment in enumerate(parts[1:], start=1):
        next_group = ""
        last_end = 0
        for match in structure.row_ends(segment):
            document, sure = _document(segment[last_end : match.start], match, group)
            documents.append(document)
            if not sure:
                uncertain.append(f"document {len(documents)}: form file boundary")
            last_end = match.end
        tail = segment[last_end:]
        if index < len(parts) - 1:
            next_group = _group_label(tail)
        elif tail.strip(" \t-*:"):
            warnings.append(f"document text without a count: {normalize(tail)[:60]}")
            uncertain.append("document text without a count")
        group = next_group
    if not documents:
        warnings.append("document list has no row with a count")
        uncertain.append("document list has no row with a count")
    return documents, warnings, uncertain


def _group_label(text: str) -> str:
    label = normalize(text).strip(" -*:\t")
    return "" if label in {"", "-"} else label[:500]


def _document(raw: str, count: structure.Count, group: str) -> tuple[DocumentData, bool]:
    split = structure.split_files(raw)
    name = split.name or " | ".join(split.files)
    form = " | ".join(split.files) or structure.text_form(name)
    originals, copies = count.originals, count.copies
    required = bool(originals or copies) and "lưu ý" not in group.lower()
    document = DocumentData(
        name=name,
        form=form[:500],
        originals=originals,
        copies=copies,
        required=required,
        group=group,
        note="" if required else "no copy count published or a note row",
    )
    return document, split.certain


# ---------------------------------------------------------------- legal basis

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_DATE_IN_TITLE = re.compile(r"ngày (\d{1,2})[/-](\d{1,2})[/-](\d{4})|ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")


def parse_legal_basis(text: str) -> tuple[list[LegalBasisData], list[str], list[str]]:
    """Parse `can_cu_phap_ly`: rows "title" + "number" glued (see `structure.split_legal`)."""
    body = (text or "").strip()
    if body.startswith(LEGAL_HEADER):
        body = body[len(LEGAL_HEADER) :]
    if not body or body == NO_INFO:
        return [], ["no legal basis"], []
    rows: list[LegalBasisData] = []
    warnings: list[str] = []
    uncertain: list[str] = []
    for i, row in enumerate(structure.split_legal(body), start=1):
        rows.append(LegalBasisData(number=row.number, title=row.title, date=title_date(row.title), issuer=row.issuer))
        if not row.number:
            warnings.append(f"legal basis row without a number: {row.title[:60]}")
        if not row.certain:
            uncertain.append(f"legal basis {i}: {row.number or 'no number'}")
    return rows, warnings, uncertain


def title_date(title: str) -> date | None:
    match = _DATE_IN_TITLE.search(title)
    if not match:
        return None
    day, month, year = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------- results, levels

_RESULT_END = re.compile(r"Từ khóa|Mô tảKhông|Chọn cơ quan thực hiện")


def parse_results(text: str) -> tuple[list[ResultData], list[str]]:
    """Parse `ket_qua_xu_ly`: "name Mã: KQ.G15.000033" repeated, then the portal's search widgets (dropped)."""
    body = (text or "").strip()
    cut = _RESULT_END.search(body)
    if cut:
        body = body[: cut.start()]
    results = []
    last_end = 0
    # codes are "KQ.G15.000033" or, in older records, "000.00.00.G11-KQ1711"; the next cell is glued after them
    for match in re.finditer(r"Mã:\s*([0-9A-Z][\w.\-]*?)(?=[^\w.\-]|$|[A-ZĐ][a-zà-ỹ]|Mã:)", body):
        name = normalize(body[last_end : match.start()])
        results.append(ResultData(name=name or "Kết quả giải quyết", code=match.group(1)))
        last_end = match.end()
    tail = normalize(body[last_end:])
    if tail and tail != NO_INFO:
        results.append(ResultData(name=tail[:2000]))
    return results, ([] if results else ["no result published"])


LEVEL_NAMES = {"cấp bộ": "ministry", "cấp tỉnh": "province", "cấp xã": "commune", "cơ quan khác": "other"}


def parse_levels(text: str) -> tuple[list[str], list[str]]:
    levels, warnings = [], []
    for part in (text or "").split(","):
        key = normalize(part).lower()
        if not key:
            continue
        if key in LEVEL_NAMES:
            levels.append(LEVEL_NAMES[key])
        elif "huyện" in key:
            levels.append("commune")  # district level abolished 1 July 2025; its procedures moved to communes
        else:
            levels.append("other")
            warnings.append(f"unknown level '{key}'")
    return list(dict.fromkeys(levels)), warnings
