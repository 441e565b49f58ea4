"""A fast read-only PO reader for ``l10n check``: polib's entries from one scan over the text.

Checking the 1,377 catalogs of the Django, Sphinx and Deluge packages spent a
third of its time in polib's parser (a state machine dispatching every line
through a table, a regular expression with a Python callback per string).
House style is to read PO files through polib only; this reader is the one
exception, because ``check`` reads many catalogs and writes none. It gives
exactly what :func:`pipeline.catalog.parse` gives (tests compare every field of
every entry with polib's, on shipped catalogs and on generated ones) for the
files gettext and PO editors write, and declines (returns None) on anything
else: an odd line, a syntax error, an unterminated string, a msgid without a
msgstr, a line break other than ``\\n``. The caller then reads the file through
polib (:func:`pipeline.catalog.read_for_check`), which reports the error with its line.
"""

from __future__ import annotations

import re

import polib

_CHARS = r'"([^"\\]*(?:\\.[^"\\]*)*)"'  # runs of plain characters between escapes: one step per run, not per character
_STRING = re.compile(_CHARS)
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)[ \t]+" + _CHARS)
_PLURAL = re.compile(r"msgstr\[([0-9])\][ \t]*" + _CHARS)
_PREVIOUS = re.compile(r"(?:(msgctxt|msgid_plural|msgid)[ \t]+)?" + _CHARS)
_ESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}
# Lines polib would split where gettext does not (catalog.parse shields them): such a file is left to polib.
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r"

# polib's state machine: the states each symbol may follow (a symbol from any other state is a syntax error).
_ALL = frozenset({"st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi"})
_AFTER = {
    "gc": _ALL,
    "oc": _ALL,
    "fl": _ALL,
    "pc": _ALL,
    "pm": _ALL,
    "pp": _ALL,
    "tc": _ALL - {"ct"},
    "ct": frozenset({"st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mi": frozenset({"st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mp": frozenset({"tc", "gc", "pc", "pm", "pp", "mi"}),
    "ms": frozenset({"mi", "mp", "tc"}),
    "mx": frozenset({"mi", "mx", "mp", "tc"}),
    "mc": frozenset({"ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc"}),
}
_KEYWORD_SYMBOL = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms", "msgid_plural": "mp"}
_PREVIOUS_SYMBOL = {"msgctxt": "pc", "msgid": "pm", "msgid_plural": "pp"}
_OPENS_ENTRY = frozenset({"tc", "gc", "oc", "fl", "pp", "pm", "pc", "ct", "mi"})


_FIELDS = polib.POEntry().__dict__  # what polib's constructor gives an entry


def _entry(linenum: int) -> polib.POEntry:
    """A blank entry as ``polib.POEntry(linenum=...)`` makes it, at a fifth of the cost (no keyword lookups)."""
    entry: polib.POEntry = polib.POEntry.__new__(polib.POEntry)
    entry.__dict__.update(_FIELDS, msgstr_plural={}, occurrences=[], flags=[], linenum=linenum)
    return entry


class _Declined(Exception):
    """The text is not one this reader vouches for: polib reads it (and reports what is wrong)."""


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], text)


def scan(text: str) -> polib.POFile | None:
    """The catalog in ``text`` (decoded, ``\\r\\n`` made ``\\n``) as polib reads it; None: read it with polib."""
    if any(mark in text for mark in _LINE_BREAKS):
        return None
    try:
        return _Scanner().run(text)
    except _Declined:
        return None


class _Scanner:
    def __init__(self) -> None:
        self.po = polib.POFile()
        self.entry = _entry(0)
        self.state = "st"
        self.plural_index = 0
        self.has_msgid = False  # the current entry has had its msgid line
        self.has_msgstr = False

    def run(self, text: str) -> polib.POFile:
        last = ""  # the first character of the last non-blank line's first token (after "#~"), as polib keeps it
        number = 0
        for number, line in enumerate(text.split("\n"), 1):
            s = line.strip()
            if not s:
                continue
            head = s[0]
            if head == '"':
                last = '"'
                match = _STRING.fullmatch(s)
                if match is None:
                    raise _Declined
                self.continuation(match.group(1))
            elif head == "m":
                last = "m"
                self.keyword(s, number, False)
            elif head == "#":
                last = self.comment(s, number)
            else:
                raise _Declined
        if not last:
            raise _Declined  # nothing but blank lines: catalog.parse refuses the file
        if last != "#":
            self.close()
        elif self.has_msgid:
            raise _Declined  # polib drops an entry followed by nothing but comments
        if self.has_msgid and not self.has_msgstr:
            raise _Declined
        return self.finish()

    def move(self, symbol: str, number: int) -> None:
        if self.state not in _AFTER[symbol]:
            raise _Declined
        if symbol in _OPENS_ENTRY:
            if self.state in ("ms", "mx"):
                list.append(self.po, self.entry)  # polib's append checks nothing on a catalog made without its check
                self.entry = _entry(number)
                self.has_msgid = self.has_msgstr = False
            elif symbol in ("mi", "ct") and self.has_msgid:
                raise _Declined  # a second msgid before a msgstr: catalog.parse refuses the file
        self.state = symbol

    def keyword(self, s: str, number: int, obsolete: bool) -> None:
        match = _KEYWORD.fullmatch(s)
        if match is not None:
            word, value = match.groups()
            symbol = _KEYWORD_SYMBOL[word]
            self.move(symbol, number)
            entry = self.entry
            if symbol == "mi":
                entry.obsolete = int(obsolete)
                entry.msgid = _unescape(value)
                self.has_msgid = True
            elif symbol == "ms":
                if not self.has_msgid:
                    raise _Declined
                entry.msgstr = _unescape(value)
                self.has_msgstr = True
            elif symbol == "ct":
                entry.msgctxt = _unescape(value)
            else:
                entry.msgid_plural = _unescape(value)
            return
        match = _PLURAL.fullmatch(s)
        if match is None or not self.has_msgid:
            raise _Declined
        self.move("mx", number)
        index = int(match.group(1))
        self.entry.msgstr_plural[index] = _unescape(match.group(2))
        self.plural_index = index
        self.has_msgstr = True

    def continuation(self, value: str) -> None:
        state = self.state
        if state not in _AFTER["mc"]:
            raise _Declined
        entry = self.entry
        token = _unescape(value)
        if state == "mi":
            entry.msgid += token
        elif state == "ms":
            entry.msgstr += token
        elif state == "mx":
            entry.msgstr_plural[self.plural_index] += token
        elif state == "mp":
            entry.msgid_plural += token
        elif state == "ct":
            entry.msgctxt += token
        elif state == "pm":
            entry.previous_msgid += token
        elif state == "pp":
            entry.previous_msgid_plural += token
        else:
            entry.previous_msgctxt += token

    def comment(self, s: str, number: int) -> str:
        """Read a line starting with "#"; returns the first character of its first token after "#~"."""
        tokens = s.split(None, 2)
        first = tokens[0]
        if first == "#~|":
            # polib skips an obsolete entry's previous msgid; catalog.parse still refuses an unterminated string there.
            if _PREVIOUS.fullmatch(s[3:].strip()) is None:
                raise _Declined
            return "#"
        if first == "#~" and len(tokens) > 1:
            rest = s[3:].strip()
            if rest[:1] == '"':
                match = _STRING.fullmatch(rest)
                if match is None:
                    raise _Declined
                self.continuation(match.group(1))
            elif rest[:1] == "m":
                self.keyword(rest, number, True)
            else:
                raise _Declined  # comments inside an obsolete entry: rare, polib reads them
            return rest[0]
        if first == "#:":
            if len(tokens) > 1:
                self.move("oc", number)
                parts = [occurrence.rpartition(":") for occurrence in s[3:].split()]
                self.entry.occurrences += [
                    (place, line) if colon and line.isdigit() else (place + colon + line, "")
                    for place, colon, line in parts
                ]
        elif first == "#,":
            if len(tokens) > 1:
                self.move("fl", number)
                self.entry.flags += [flag.strip() for flag in s[3:].split(",")]
        elif first == "#" or first.startswith("##"):
            if self.state in ("st", "he"):
                self.state = "he"
                header = self.po.header
                self.po.header = (header + "\n" if header else "") + s[2:]
                return "#"
            self.move("tc", number)
            said = s.lstrip("#")
            said = said[1:] if said[:1] == " " else said
            entry = self.entry
            entry.tcomment = entry.tcomment + "\n" + said if entry.tcomment else said
        elif first == "#.":
            if len(tokens) > 1:
                self.move("gc", number)
                entry = self.entry
                said = s[3:]
                entry.comment = entry.comment + "\n" + said if entry.comment else said
        elif first == "#|":
            self.previous(s, tokens, number)
        else:
            raise _Declined
        return "#"

    def previous(self, s: str, tokens: list[str], number: int) -> None:
        if len(tokens) < 2:
            raise _Declined
        rest = s[2:].lstrip()
        match = _PREVIOUS.fullmatch(rest)
        if match is None:
            raise _Declined
        word, value = match.groups()
        if word is None:
            if not tokens[1].startswith('"'):
                raise _Declined
            self.continuation(value)
            return
        if len(tokens) == 2 or tokens[1] != word:
            raise _Declined
        symbol = _PREVIOUS_SYMBOL[word]
        self.move(symbol, number)
        if symbol == "pm":
            self.entry.previous_msgid = _unescape(value)
        elif symbol == "pp":
            self.entry.previous_msgid_plural = _unescape(value)
        else:
            self.entry.previous_msgctxt = _unescape(value)

    def close(self) -> None:
        if not self.has_msgid:
            raise _Declined
        self.po.append(self.entry)

    def finish(self) -> polib.POFile:
        po = self.po
        headers = [e for e in po if e.msgid == ""]
        if len(headers) > 1 or (headers and headers[0].obsolete):
            raise _Declined  # polib picks one of several by rules of its own
        if headers:
            header = headers[0]
            po.remove(header)
            po.metadata_is_fuzzy = header.flags
            key = None
            for line in header.msgstr.splitlines():
                try:
                    key, value = line.split(":", 1)
                    po.metadata[key] = value.strip()
                except ValueError:
                    if key is not None:
                        po.metadata[key] += "\n" + line.strip()
        if not po.metadata and not len(po):
            raise _Declined  # catalog.parse refuses a catalog with no header and no entries
        return po
