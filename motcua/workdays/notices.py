"""Official calendar notices as files: `motcua calendar apply-notice FILE` (docs/domain/deadlines.md §9).

A notice (the ministry's yearly notice under Labour Code 2019 art. 112.3, a swap approved by the Government, or a
province's decision for a local event) carries its number and date and a list of days, each a day off or a
make-up working day. YAML:

    number: 1234/TB-BNV          # required
    date: 2026-12-01             # required: the notice's date (YYYY-MM-DD or DD/MM/YYYY)
    title: Lịch nghỉ Tết 2027    # optional
    year: 2027                   # optional: the yearly notice of this year (the year stops being provisional)
    days:
      - {date: 2027-02-05, kind: day_off, name: "Tết Nguyên đán (29 tháng Chạp)"}
      - {date: 2027-02-20, kind: working_day, name: "Làm bù"}

CSV (UTF-8, header row; number and notice_date repeated on every row, year optional):

    number,notice_date,date,kind,name,year
    1234/TB-BNV,01/12/2026,05/02/2027,day_off,Tết Nguyên đán,2027

`kind` is `day_off` / `working_day` (or the Vietnamese `nghỉ` / `làm bù`). Anything else is refused as a whole,
with one clear message, before anything is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from motcua.core.dates import strptime_day

from .calendar import DAY_OFF, MAX_YEAR, MIN_YEAR, WORKING_DAY

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
KINDS = {
    DAY_OFF: DAY_OFF,
    WORKING_DAY: WORKING_DAY,
    "nghỉ": DAY_OFF,
    "ngày nghỉ": DAY_OFF,
    "làm bù": WORKING_DAY,
    "ngày làm bù": WORKING_DAY,
    "làm việc": WORKING_DAY,
}
CSV_COLUMNS = {"number", "notice_date", "date", "kind", "name"}


class NoticeError(ValueError):
    """A notice file that cannot be applied; the message is bilingual (Vietnamese / English)."""


@dataclass(frozen=True)
class NoticeDay:
    date: date
    kind: str
    name: str = ""
    note: str = ""


@dataclass(frozen=True)
class Notice:
    number: str
    date: date
    days: tuple[NoticeDay, ...]
    title: str = ""
    year: int | None = None

    @property
    def label(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"


def parse_date(value: object, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in DATE_FORMATS:
        try:
            parsed = strptime_day(text, pattern)
        except ValueError:
            continue
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            break
        return parsed
    raise NoticeError(
        f"{what}: ngày không hợp lệ '{text}' (dùng YYYY-MM-DD hoặc DD/MM/YYYY) / "
        f"{what}: unknown date format '{text}' (use YYYY-MM-DD or DD/MM/YYYY)"
    )


def _kind(value: object, day: date) -> str:
    text = str(value or "").strip().lower()
    if text not in KINDS:
        raise NoticeError(
            f"ngày {day:%d/%m/%Y}: loại '{value}' không hợp lệ (day_off | working_day) / "
            f"{day:%d/%m/%Y}: unknown kind '{value}' (day_off | working_day)"
        )
    return KINDS[text]


def build_notice(
    *, number: object, notice_date: object, days: list[dict[str, Any]], title: str = "", year: str | int | None = None
) -> Notice:
    """Validate a notice given as plain data (from YAML, CSV or a form)."""
    number = str(number or "").strip()
    if not number:
        raise NoticeError("thông báo thiếu số hiệu / the notice has no number")
    issued = parse_date(notice_date, "ngày thông báo / notice date") if notice_date else None
    if issued is None:
        raise NoticeError("thông báo thiếu ngày ban hành / the notice has no date")
    if not days:
        raise NoticeError("thông báo không có ngày nào / the notice lists no day")
    seen: dict[date, NoticeDay] = {}
    for index, raw in enumerate(days, start=1):
        if not isinstance(raw, dict):
            raise NoticeError(f"dòng {index}: cần date và kind / row {index}: date and kind are needed")
        day = parse_date(raw.get("date"), f"dòng {index} / row {index}")
        entry = NoticeDay(
            day, _kind(raw.get("kind"), day), str(raw.get("name") or "").strip(), str(raw.get("note") or "")
        )
        previous = seen.get(day)
        if previous is not None and previous.kind != entry.kind:
            raise NoticeError(
                f"ngày {day:%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm bù / "
                f"{day:%d/%m/%Y} is both a day off and a make-up working day"
            )
        seen[day] = entry
    if year not in (None, ""):
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise NoticeError(f"năm không hợp lệ '{year}' / invalid year '{year}'") from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise NoticeError(f"năm không hợp lệ '{year}' / invalid year '{year}'")
    else:
        year = None
    return Notice(
        number=number,
        date=issued,
        days=tuple(sorted(seen.values(), key=lambda d: d.date)),
        title=str(title or "").strip(),
        year=year,
    )


def parse_notice(text: str, *, fmt: str) -> Notice:
    """Parse a notice in `fmt` ("yaml" or "csv")."""
    if fmt == "yaml":
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise NoticeError(f"tệp YAML không đọc được / unreadable YAML: {error}") from None
        if not isinstance(data, dict):
            raise NoticeError("tệp YAML cần các khóa number, date, days / YAML needs number, date and days")
        days = data.get("days")
        if days is not None and not isinstance(days, list):
            raise NoticeError("days phải là một danh sách / days must be a list")
        return build_notice(
            number=data.get("number"),
            notice_date=data.get("date"),
            days=days or [],
            title=data.get("title") or "",
            year=data.get("year"),
        )
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        header = set(rows[0].keys()) if rows else set()
        missing = CSV_COLUMNS - header
        if missing:
            raise NoticeError(
                f"tệp CSV thiếu cột {', '.join(sorted(missing))} / the CSV lacks columns {', '.join(sorted(missing))}"
            )
        numbers = {(row.get("number") or "").strip() for row in rows}
        dates = {(row.get("notice_date") or "").strip() for row in rows}
        years = {(row.get("year") or "").strip() for row in rows}
        if len(numbers) > 1 or len(dates) > 1 or len(years) > 1:
            raise NoticeError(
                "một tệp chỉ chứa một thông báo (cùng số, ngày, năm) / one file holds one notice (same number, date, year)"
            )
        return build_notice(
            number=numbers.pop(), notice_date=dates.pop(), days=rows, year=years.pop() if years else None
        )
    raise NoticeError(f"định dạng không hỗ trợ '{fmt}' (yaml, csv) / unsupported format '{fmt}' (yaml, csv)")


def read_notice(path: str | Path) -> Notice:
    """Read a notice file; the format follows the extension (.yaml/.yml or .csv)."""
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}.get(suffix)
    if fmt is None:
        raise NoticeError(f"tệp phải là .yaml, .yml hoặc .csv: {path.name} / the file must be .yaml, .yml or .csv")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise NoticeError(f"không đọc được tệp {path.name} / cannot read {path.name}: {type(error).__name__}") from None
    return parse_notice(text, fmt=fmt)
