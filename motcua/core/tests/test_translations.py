"""The Vietnamese catalogue is complete, well-formed, compiled, and actually used by the pages.

Vietnamese is the primary UI language (DESIGN.md §6.7): every msgid must have a reviewed translation, keep its
placeholders, and the committed ``.mo`` must match the ``.po`` so a fresh machine needs no gettext tools.
The ``.po`` is read with a tiny parser here on purpose (no polib dependency).
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.dossiers.choices import DossierStatus, Outcome

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# %(name)s / %s / %d … (python-format) and {name} (python-brace-format); "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr]|\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        # The key gettext uses in a .mo file.
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Parse a .po file (entries separated by blank lines, as msgmerge writes them) into header and entries."""
    entries: list[Entry] = []
    text = path.read_text(encoding="utf-8")
    line_number = 1
    for block in text.split("\n\n"):
        entry, target = Entry(line=line_number), None
        line_number += block.count("\n") + 2
        lines = [line.strip() for line in block.strip("\n").splitlines()]
        if not lines or any(line.startswith("#~") for line in lines):
            continue  # obsolete entries are not used at run time
        for line in lines:
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                assert target is not None, f"{path}: stray string in entry {entry.line}"
                target.append(ast.literal_eval(line))
            else:
                keyword, _sep, rest = line.partition(" ")
                target = [ast.literal_eval(rest)]
                plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if plural:
                    entry.msgstr[int(plural.group(1))] = target
                elif keyword == "msgstr":
                    entry.msgstr[0] = target
                else:
                    assert keyword in ("msgctxt", "msgid", "msgid_plural"), f"{path}: unknown {keyword!r}"
                    setattr(entry, keyword, target)
        entry.msgctxt = "".join(entry.msgctxt) if entry.msgctxt is not None else None
        entry.msgid = "".join(entry.msgid)
        entry.msgid_plural = "".join(entry.msgid_plural) if entry.msgid_plural is not None else None
        entry.msgstr = {index: "".join(parts) for index, parts in entry.msgstr.items()}
        entries.append(entry)
    header = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    return header, [e for e in entries if e is not header]


HEADER, ENTRIES = parse_po(PO_PATH)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def describe(entries: list[Entry]) -> list[str]:
    return [f"line {e.line}: {e.msgid!r}" for e in entries]


def test_catalogue_is_not_empty():
    assert len(ENTRIES) > 300


def test_catalogue_declares_vietnamese_with_a_single_plural_form():
    header = HEADER.msgstr[0]
    assert "Language: vi\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header
    assert "charset=UTF-8" in header
    assert "fuzzy" not in HEADER.flags


def test_every_entry_is_translated():
    untranslated = [e for e in ENTRIES if not e.msgstr or any(not text.strip() for text in e.msgstr.values())]
    assert describe(untranslated) == []


def test_no_entry_is_fuzzy():
    assert describe([e for e in ENTRIES if "fuzzy" in e.flags]) == []


def test_plural_entries_have_exactly_the_one_vietnamese_form():
    plurals = [e for e in ENTRIES if e.msgid_plural is not None]
    assert plurals, "the catalogue is expected to hold plural messages"
    assert describe([e for e in plurals if set(e.msgstr) != {0}]) == []


def test_translations_keep_every_placeholder():
    # Vietnamese has one form, so msgstr[0] is also used for n > 1 and must carry the plural's placeholders.
    wrong = [e for e in ENTRIES if placeholders(e.msgstr.get(0, "")) != placeholders(e.msgid_plural or e.msgid)]
    assert describe(wrong) == []


def format_error(entry: Entry) -> str | None:
    """Why the translation cannot be %-formatted with the msgid's own arguments, if it cannot."""
    values = dict.fromkeys(re.findall(r"%\(([^)]+)\)", entry.msgid_plural or entry.msgid), 1)
    try:
        entry.msgstr[0] % (values or ())
    except (TypeError, ValueError, KeyError) as exc:
        return f"line {entry.line}: {entry.msgid!r}: {exc}"
    return None


def mo_key(entry: Entry) -> str | tuple[str, int]:
    # gettext stores the first plural form of a message under (msgid, 0).
    return entry.key if entry.msgid_plural is None else (entry.key, 0)


def test_python_format_translations_can_be_formatted():
    errors = [format_error(e) for e in ENTRIES if "python-format" in e.flags]
    assert [error for error in errors if error] == []


def test_compiled_catalogue_matches_the_po_file():
    with MO_PATH.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    expected = {mo_key(e): e.msgstr[0] for e in ENTRIES}
    compiled = {key: catalog.get(key) for key in expected}
    assert compiled == expected, "run: manage.py compilemessages -l vi"
    messages = {key if isinstance(key, str) else key[0] for key in catalog} - {""}
    assert len(messages) == len(ENTRIES)


def test_lazy_choice_labels_and_plurals_are_translated():
    with translation.override("vi"):
        assert str(DossierStatus.RECEIVED.label) == "Đã tiếp nhận"
        assert str(Outcome.LATE.label) == "Quá hạn"
        assert _("Search") == "Tìm kiếm"
        assert ngettext("%(counter)s procedure", "%(counter)s procedures", 5) % {"counter": 5} == "5 thủ tục"


@pytest.mark.django_db
def test_home_page_speaks_vietnamese(client):
    body = client.get("/").content.decode()
    assert "Tìm kiếm" in body
    assert "Dịch vụ hành chính công" in body
    assert "Search procedures" not in body


@pytest.mark.django_db
def test_procedure_list_speaks_vietnamese(client):
    response = client.get("/thu-tuc/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thủ tục hành chính" in body
    assert "Áp dụng bộ lọc" in body
    assert "Apply filters" not in body


@pytest.mark.django_db
def test_unknown_procedure_page_speaks_vietnamese(client):
    response = client.get("/thu-tuc/KHONG-CO/")
    assert response.status_code == 404
    assert "Không tìm thấy thủ tục" in response.content.decode()


@pytest.mark.django_db
def test_unprefixed_pages_stay_vietnamese_whatever_the_browser_asks(client):
    # i18n_patterns(prefix_default_language=False): "/" is always Vietnamese, English lives under "/en/".
    body = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "Tìm kiếm thủ tục" in body


@pytest.mark.django_db
def test_english_is_served_under_its_prefix(client):
    body = client.get("/en/").content.decode()
    assert "Search procedures" in body
    assert "Tìm kiếm thủ tục" not in body
