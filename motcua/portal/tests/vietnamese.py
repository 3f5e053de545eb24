"""Find English words, untranslated msgids and code identifiers in what a Vietnamese page shows a person.

Used by `test_every_page_vietnamese.py` (which crawls every page the demo accounts can reach). "Shows" means
the visible text plus the attributes a person sees or hears (placeholder, title, aria-label, alt, button
values); scripts, styles, hidden inputs and anything marked `lang="en"` (the language switch) are skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

# <code> holds literal tokens a person must type as they are (CSV column names of an import file).
SKIP_TAGS = {"script", "style", "template", "svg", "noscript", "code", "kbd"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPOKEN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

# English words that are not Vietnamese words (Vietnamese syllables such as "in", "to", "no", "an", "con",
# "ban", "do" are deliberately absent).
ENGLISH_WORDS = {
    "the", "of", "and", "with", "for", "is", "are", "this", "that", "from", "by", "per", "be", "has", "have",
    "will", "not", "ratings", "rating", "points", "value", "weak", "unit", "units", "data", "system",
    "indicator", "dossier", "dossiers", "procedure", "procedures", "none", "true", "false", "null", "total",
    "score", "yes", "please", "select", "choose", "required", "optional", "field", "error", "errors",
    "submit", "save", "cancel", "delete", "edit", "change", "view", "search", "back", "next", "previous",
    "page", "report", "reports", "period", "month", "year", "quarter", "average", "good", "fair", "excellent",
    "late", "early", "overdue", "received", "resolved", "pending", "status", "days", "day", "hours",
}  # fmt: skip
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")  # snake_case names from code
CODE_PATH = re.compile(r"\b[\w/.-]+\.(?:ya?ml|py|json|html)\b")
ASSIGNMENT = re.compile(r"\b[a-z_]+ = \d")
WORD = re.compile(r"[A-Za-zÀ-ỹĐđ]+")
# Text that is allowed to look foreign: e-mail addresses, URLs, dossier and procedure codes.
NEUTRAL = re.compile(r"\S+@\S+|https?://\S+|\b[\w.]+-\d{6}-\d{4}\b")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip: list[str] = []  # stack of open tags whose content is not shown

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = (
            tag in SKIP_TAGS
            or attributes.get("lang", "vi").startswith("en")
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
        )
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if hidden and tag not in VOID_TAGS:
            self._skip.append(tag)
            return
        if self._skip or hidden:
            return
        for name in SPOKEN_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID_TAGS:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, list[str]]:
    """(what the page shows, the hrefs of its links)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), parser.links


def _msgids() -> set[str]:
    """English msgids of three words or more whose Vietnamese differs (a shorter msgid is too often a name)."""
    po = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
    found, msgid, reading = set(), [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid, reading = [line[6:].strip('"')], True
        elif line.startswith('"') and reading:
            msgid.append(line.strip('"'))
        else:
            if reading:
                text = "".join(msgid).replace('\\"', '"')
                if len(text.split()) >= 3 and "%" not in text and "{" not in text and "<" not in text:
                    found.add(text)
            reading = False
    return found


_MSGIDS: set[str] | None = None


def english_on_page(text: str) -> list[str]:
    """Every English word, untranslated msgid or code identifier found in `text` (empty when clean)."""
    global _MSGIDS
    if _MSGIDS is None:
        _MSGIDS = _msgids()
    clean = NEUTRAL.sub(" ", text)
    problems = [f"msgid: {m}" for m in _MSGIDS if m in clean]
    problems += [f"identifier: {m}" for m in IDENTIFIER.findall(clean)]
    problems += [f"path: {m}" for m in CODE_PATH.findall(clean)]
    problems += [f"code: {m}" for m in ASSIGNMENT.findall(clean)]
    problems += [f"word: {w}" for w in WORD.findall(clean) if w.lower() in ENGLISH_WORDS]
    return sorted(set(problems))


def same_site_links(base: str, hrefs: list[str]) -> list[str]:
    """Absolute paths (with query) of links to this site, without fragments, downloads or sign-out."""
    paths = []
    for href in hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        parts = urlsplit(urljoin(base, href))
        if parts.netloc and parts.netloc != urlsplit(base).netloc:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        paths.append(path)
    return paths
