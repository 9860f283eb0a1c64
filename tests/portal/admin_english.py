"""Finds Wagtail's and Django's English on a rendered admin screen.

A screen leaks English when a text the user sees (a text node, a label in an attribute,
a string in the JSON the admin's scripts render from) is one of the English messages of
Wagtail's or Django's catalogues that has no bokmål translation, neither theirs nor the
portal's own (locale/admin/nb). Messages with placeholders or markup are matched as patterns,
so "%(total)s Pages" finds "40 Pages".
"""

import functools
import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import django
import wagtail
from django.utils import translation
from django.utils.text import capfirst

# English messages that are also good bokmål: nothing to translate.
SAME_IN_BOKMAL = {
    "Admin",
    "Administrator",
    "Alias",
    "Dashboard",
    "E-post",
    "Filter",
    "Fokus",
    "Logo",
    "Minimum",
    "Maksimum",
    "OK",
    "Original",
    "PDF",
    "Permanent",
    "permanent",
    "Port",
    "port",
    "Status",
    "Status:",
    "status",
    "Type",
    "Wagtail",
}

# Attributes whose values a user sees or hears.
TEXT_ATTRIBUTES = {"alt", "aria-label", "aria-description", "placeholder", "title"}

# A text from the JSON a script renders from: shown, but its keys and names are data.
JSON = "json"

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link"}
VOID_ELEMENTS |= {"meta", "source", "track", "wbr"}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
# Python's own words, where a template printed a missing value.
_PYTHON_WORDS = ("None", "True", "False")
_PYTHON = re.compile(r"\b(?:None|True|False)\b")
_TAG = re.compile(r"<[^>]+>")
# A word of its own, not a suffix glued to a placeholder ("%(day)sst").
# Words shared with bokmål ("for", "KB") do not make a message English on their own.
_WORD = re.compile(
    r"(?<!\w)[A-Za-z]{4,}(?!\w)|(?<!\w)(?:of|by|to|on|at|and|or|the|is|add|all|new|any|not|now)(?!\w)"
    # Capitalised, these begin a title ("New: Bruker"), never a bokmål word.
    r"|(?<!\w)(?:The|Add|All|New|Any|Not|Now)(?!\w)"
)


def _catalogues():
    for package in (wagtail, django):
        root = Path(package.__file__).parent
        yield from root.glob("**/locale/en/LC_MESSAGES/django*.po")


def po_messages(path):
    """Each entry of a catalogue as (context, msgid, msgid_plural)."""
    entries, entry, field = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            field, _, rest = line.partition(" ")
            if field == "msgctxt" and "msgid" in entry:
                entries.append(entry)
                entry = {}
            entry[field] = json.loads(rest)
        elif line.startswith('"') and field:
            entry[field] += json.loads(line)
        elif not line.strip() and "msgid" in entry:
            entries.append(entry)
            entry, field = {}, None
    for entry in entries:
        if entry["msgid"]:
            yield entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")


def _untranslated(context, msgid, plural):
    if plural:
        return translation.ngettext(msgid, plural, 1) == msgid or (
            translation.ngettext(msgid, plural, 2) == plural
        )
    if context:
        return translation.pgettext(context, msgid) == msgid
    return translation.gettext(msgid) == msgid


def _fragments(message):
    """The pieces of a message a user sees: text between tags, placeholders kept."""
    for piece in _TAG.split(message):
        piece = " ".join(piece.split())
        if _WORD.search(_PLACEHOLDER.sub("0", piece)) and piece not in SAME_IN_BOKMAL:
            yield piece


@functools.cache
def english_messages(language="nb"):
    """(exact texts, one pattern for the texts with placeholders), untranslated."""
    exact, patterns, translated = set(), set(), set()
    with translation.override(language):
        for path in _catalogues():
            for context, msgid, plural in po_messages(path):
                if not _untranslated(context, msgid, plural):
                    translated.add(msgid)
                    continue
                for message in filter(None, (msgid, plural)):
                    # Labels are often shown capitalised ("title tag").
                    for fragment in _fragments(message):
                        fragments = {fragment, capfirst(fragment)}
                        if _PLACEHOLDER.search(fragment):
                            patterns |= {_pattern(each) for each in fragments}
                            # A placeholder may hold markup ("manage your
                            # <a>account</a> to…"): longer runs of text stand alone.
                            exact |= {
                                run.strip()
                                for run in _PLACEHOLDER.split(fragment)
                                if len(run.split()) >= 3 and _WORD.search(run)
                            }
                        else:
                            exact |= fragments
    # "Workflow" is translated even where "workflow" is not.
    return exact - translated, re.compile("|".join(sorted(patterns)))


@functools.cache
def hardcoded_messages(language="nb"):
    """Labels the catalogues translate, as they read in English: shown as they are,
    a template wrote them without the catalogue (Wagtail's aria-label="Actions")."""
    found = set()
    with translation.override(language):
        for path in _catalogues():
            for context, msgid, plural in po_messages(path):
                if plural or _PLACEHOLDER.search(msgid) or msgid in _PYTHON_WORDS:
                    continue
                if msgid[:1].isupper() and not _untranslated(context, msgid, plural):
                    found |= set(_fragments(msgid)) & {msgid}
    return found


def _pattern(fragment):
    out, last = [], 0
    for match in _PLACEHOLDER.finditer(fragment):
        out.append(re.escape(fragment[last : match.start()]))
        out.append(r".+?")
        last = match.end()
    out.append(re.escape(fragment[last:]))
    return "(?:" + "".join(out) + ")"


class _Texts(HTMLParser):
    """Each text of a page, and whether it is shown (not inside a hidden element)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._skip = 0
        self._json = None
        self._title = False
        self._hidden = None  # [tag, depth] of the element with the hidden attribute

    def _add(self, text):
        self.texts.append((text, self._hidden is None))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._hidden:
            self._hidden[1] += tag == self._hidden[0]
        elif "hidden" in attrs and tag not in VOID_ELEMENTS:
            self._hidden = [tag, 1]
        self._title = tag == "title"
        if tag in ("script", "style"):
            if attrs.get("type") == "application/json":
                self._json = []
            else:
                self._skip += 1
            return
        for name, value in attrs.items():
            if name in TEXT_ATTRIBUTES and value:
                self._add(value)
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self._add(attrs.get("value") or "")

    def handle_endtag(self, tag):
        self._title = False
        if self._hidden:
            self._hidden[1] -= tag == self._hidden[0]
            if not self._hidden[1]:
                self._hidden = None
        if tag in ("script", "style"):
            if self._json is not None:
                self.texts.extend(
                    (text, JSON) for text, _ in _json_texts("".join(self._json))
                )
                self._json = None
            else:
                self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
        elif self._title:
            # "New: Bruker - Wagtail": the window's title joins the screen's title,
            # its subtitle and the brand.
            title = data.rpartition(" - ")[0] or data
            for text in {data, title, *title.split(": ")}:
                self._add(text)
        elif not self._skip:
            self._add(data)


def _json_texts(document):
    """The strings of a JSON document; those holding markup, as the texts they show."""
    for string in _strings(json.loads(document or "null")):
        if "<" in string and ">" in string:
            yield from texts_of(string)
        else:
            yield string, True


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def texts_of(html):
    """(text, shown) for each text of a page, whitespace collapsed."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    for text, shown in parser.texts:
        if text := " ".join(text.split()):
            yield text, shown


def english_on(html, language="nb"):
    """The texts of a screen that are Wagtail's or Django's untranslated English.

    Hidden texts count too (a script shows them), except for a stray Python value.
    """
    exact, pattern = english_messages(language)
    hardcoded = hardcoded_messages(language)
    # A chooser answers with JSON that holds its HTML.
    texts = _json_texts(html) if html.lstrip().startswith("{") else texts_of(html)
    found = set()
    for text, shown in texts:
        english = text in exact or pattern.fullmatch(text)
        python = shown and _PYTHON.search(text)
        if english or python or (shown is True and text in hardcoded):
            found.add(text)
    return sorted(found)


def english_in_mail(message):
    """english_on for an e-mail: its subject, each line of its text and its HTML."""
    lines = [message.subject, *message.body.splitlines()]
    found = english_on("".join(f"<p>{escape(line)}</p>" for line in lines))
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            found += english_on(content)
    return sorted(set(found))
