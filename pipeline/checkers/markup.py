"""Things a renderer or a program reads in the text: inline tags, HTML, links, format strings.

A translation that gets these wrong breaks the output (a dangling tag, a
crashing ``printf``) or changes what it does (a new ``onclick``, a new link),
so most of these checks are errors.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator

from pipeline.checkers import Unit
from pipeline.placeholders import tag_problem

HTML_TAG = re.compile(r"(?<!<)<(/?)([A-Za-z][\w:-]*)((?:\s+[^<>]*?)?)\s*(/?)>(?!>)")
HTML_ATTRIBUTE = re.compile(r"(?<![^\s\"'])([A-Za-z_:][\w:.-]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
# Only real element names count: "<file>" or "<<original entry>>" in a message is text.
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
    colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3
    h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main map mark meta meter nav noscript
    object ol optgroup option output p param picture pre progress q rp rt ruby s samp script section select slot small
    source span strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track u
    ul var video wbr""".split()  # noqa: SIM905 - a word list reads better than 110 quoted strings
)
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
# Phrasing tags without attributes change how text looks, not what it does.
FORMATTING = frozenset(
    {"abbr", "b", "bdi", "br", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "strong"}
    | {"sub", "sup", "u", "var", "wbr"}
)
SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE)
_URL_END = "\\s<>\"'«»“”‘’`()\\[\\]{}。，、）\u200e\u200f"
# Written so that no input makes them backtrack over what they already read: every check stays
# linear in its input ("www." × 10,000 took 5 s, "%(" × 20,000 24 s when they could).
URL = re.compile(rf"\b(?:https?|ftp)://[^{_URL_END}]+|\bwww\.(?:[\w-]+\.)+[a-z]{{2,}}\b[^{_URL_END}]*")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
C_FORMAT = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?))?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?([diouxXeEfFgGaAcspnCSm%]|<PRI\w+>)"
)
PYTHON_FORMAT = re.compile(r"%(?:\(([^()]*)\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])")
_SAME_CONVERSION = {"i": "d", "u": "d"}


def placeholders(unit: Unit) -> Iterator[str]:
    """Inline tags (<1>…</1>, <2/>) differ from the source or do not nest."""
    if "<" not in unit.source and "<" not in unit.translation:
        return
    problem = tag_problem(unit.source, unit.translation)
    if problem:
        yield f"inline tags: {problem}"


def _html_tags(text: str) -> Counter[tuple[str, str, frozenset[str]]]:
    found: Counter[tuple[str, str, frozenset[str]]] = Counter()
    for match in HTML_TAG.finditer(text):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if name not in HTML_ELEMENTS:
            continue
        names = frozenset(a.group(1).lower() for a in HTML_ATTRIBUTE.finditer(attributes))
        found[("/" if closing else "", name, names)] += 1
    return found


def html(unit: Unit) -> Iterator[str]:
    """The translation adds HTML tags, attributes, event handlers or script URLs, or loses tags."""
    text = unit.translation
    if "<" in text or "<" in unit.source:
        want = _html_tags("\n".join(unit.sources or (unit.source,)))
        got = _html_tags(text)
        new = got - want
        new_open = {n for (c, n, _a) in new if not c}
        for (closing, name, attributes), _count in new.items():
            if closing and name in new_open:
                continue  # the opening tag says it
            known = {a for (c, n, a) in want if (c, n) == (closing, name)}
            handlers = sorted(a for a in attributes if a.startswith("on"))
            if handlers:
                yield f"new event handler {', '.join(handlers)} on <{name}>"
            elif known:
                extra = sorted(attributes - set().union(*known))
                if extra:
                    yield f"new attribute {', '.join(extra)} on <{name}>"
            elif name not in FORMATTING or attributes:
                yield f"new tag <{closing}{name}>"
        got_names: Counter[tuple[str, str]] = Counter()
        for (closing, name, _a), count in got.items():
            got_names[(closing, name)] += count
        if not unit.plural:
            wanted_names: Counter[tuple[str, str]] = Counter()
            for (closing, name, _a), count in want.items():
                wanted_names[(closing, name)] += count
            for (closing, name), _count in (wanted_names - got_names).items():
                if name not in FORMATTING:
                    yield f"missing tag <{closing}{name}>"
        source_names: Counter[tuple[str, str]] = Counter()
        for (closing, name, _a), count in want.items():
            source_names[(closing, name)] += count
        for name in sorted({n for _c, n in got_names if n not in VOID_ELEMENTS}):
            opened, closed = got_names[("", name)], got_names[("/", name)]
            if opened - closed != source_names[("", name)] - source_names[("/", name)]:
                yield f"<{name}> opened {opened} times but closed {closed} times"
    if ":" in text and SCRIPT_URL.search(text) and not SCRIPT_URL.search(unit.source):
        yield "new script URL (javascript:)"


_LANGUAGE_SEGMENT = re.compile(r"^[a-z]{2,3}(?:[-_][a-z]{2,4})?$", re.IGNORECASE)


def _links(text: str, languages: tuple[str, ...] = ()) -> Counter[str]:
    """URLs and addresses; a path segment naming the source or target language is a wildcard."""
    found: Counter[str] = Counter()
    for match in URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        if languages:
            parts = url.split("/")
            for index in range(3, len(parts)):
                segment = parts[index].lower()
                if _LANGUAGE_SEGMENT.match(segment) and segment.replace("_", "-").split("-")[0] in languages:
                    parts[index] = "<language>"
            url = "/".join(parts)
        found[url] += 1
    for match in EMAIL.finditer(text):
        found[match.group(0)] += 1
    return found


_LINK_MARK = re.compile(r"://|@|www\.")  # a URL or an address has one of these


def urls(unit: Unit) -> Iterator[str]:
    """URLs or e-mail addresses differ from the source."""
    if _LINK_MARK.search(unit.source) is None and _LINK_MARK.search(unit.translation) is None:
        return
    languages = (unit.source_language.split("_")[0].split("-")[0], unit.target.language)
    want = Counter[str]()
    for source in unit.sources or (unit.source,):
        want |= _links(source, languages)
    got = _links(unit.translation, languages)
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    parts = (["missing " + ", ".join(missing)] if missing else []) + (
        ["not in the source: " + ", ".join(extra)] if extra else []
    )
    if parts:
        yield "; ".join(parts)


def _conversions(pattern: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    """(name or position, conversion) of each directive, ``%%`` left out."""
    found = []
    for match in pattern.finditer(text):
        key, conversion = match.group(1) or "", match.group(2)
        if conversion == "%":
            continue
        found.append((key, _SAME_CONVERSION.get(conversion, conversion)))
    return found


def _printf(unit: Unit, pattern: re.Pattern[str], kind: str) -> Iterator[str]:
    sources = [_conversions(pattern, s) for s in unit.sources or (unit.source,)]
    got = _conversions(pattern, unit.translation)
    want = _conversions(pattern, unit.source)
    if not unit.plural:
        if any(key for key, _ in want + got):
            # Named (python) or numbered (C "%1$s"): order is free, the set must match.
            if Counter(want) != Counter(got) and set(want) != set(got):
                yield _difference(kind, set(want), set(got))
        elif [c for _, c in want] != [c for _, c in got]:
            yield f"{kind} directives {_show(want)} in the source but {_show(got)} in the translation"
        return
    # Plural forms may leave the count out (a form used for n=1 only); nothing may be added.
    allowed = {item for conversions in sources for item in conversions}
    extra = {item for item in got if item not in allowed}
    if extra and not any(key for key, _ in allowed):
        extra = {item for item in got if item[1] not in {c for _, c in allowed}}
    if extra:
        yield f"{kind} directive {_show(sorted(extra))} is not in the source"


def _show(conversions: Iterable[tuple[str, str]]) -> str:
    shown = [f"%({k}){c}" if k and not k.isdigit() else f"%{k}${c}" if k else f"%{c}" for k, c in conversions]
    return " ".join(shown) or "none"


def _difference(kind: str, want: set[tuple[str, str]], got: set[tuple[str, str]]) -> str:
    parts = []
    if want - got:
        parts.append("missing " + _show(sorted(want - got)))
    if got - want:
        parts.append("unexpected " + _show(sorted(got - want)))
    return f"{kind} directives: " + "; ".join(parts)


def _brace_fields(text: str) -> Counter[str] | None:
    fields: Counter[str] = Counter()
    automatic = 0
    try:
        for _literal, name, _spec, _conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if name == "":
                name = str(automatic)
                automatic += 1
            fields[re.split(r"[.\[]", name)[0]] += 1
    except ValueError:
        return None
    return fields


def format_strings(unit: Unit) -> Iterator[str]:
    """C or Python format directives differ from the source (entries flagged c-format, python-format…)."""
    flags = unit.flags
    if "c-format" in flags:
        yield from _printf(unit, C_FORMAT, "c-format")
    if "python-format" in flags:
        yield from _printf(unit, PYTHON_FORMAT, "python-format")
    if "python-brace-format" in flags:
        got = _brace_fields(unit.translation)
        if got is None:
            yield "python-brace-format: unbalanced { or } (double them to write them literally)"
            return
        want: Counter[str] = Counter()
        for source in unit.sources or (unit.source,):
            want |= _brace_fields(source) or Counter()
        extra = sorted(set(got) - set(want))
        missing = [] if unit.plural else sorted(set(_brace_fields(unit.source) or ()) - set(got))
        if extra or missing:
            parts = ([f"missing {{{', '.join(missing)}}}"] if missing else []) + (
                [f"unexpected {{{', '.join(extra)}}}"] if extra else []
            )
            yield "python-brace-format fields: " + "; ".join(parts)
