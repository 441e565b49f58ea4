"""Variables and inline code that other tools leave in message text, and what each one means.

Catalogs made by other tools (Django, Sphinx, gettext's xgettext, Jinja)
carry things a translation must keep exactly: printf directives (``%s``,
``%(name)s``, ``%1$s``), brace fields (``{0}``, ``{name}``), shell and
template variables (``${x}``, ``{{ x }}``, ``{% tag %}``), and
reStructuredText/Markdown inline literals and roles (````code````,
``:func:`len```, ```x```). :func:`variables` finds them in one pass of one
compiled regex and names each by what must survive translation: a role keeps
its target (``:ref:`texte <target>``` may translate the text), a literal its
whole text.

Every pattern is bounded so that no input makes it backtrack over what it read:
finding them is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# reStructuredText and Markdown, longest first: ``literal``, :role:`target`, `text <url>`_, `code`.
RST_LITERAL = r"``[^`\s](?:[^`]|`(?!`)){0,400}?``"
RST_ROLE = r"(?<![\w:`]):(?:[\w-]{1,30}:){1,3}`[^`]{1,400}`"
RST_LINK = r"(?<![\w`])`[^`<>]{0,300}<[^`<>\s]{1,300}>`__?"
RST_NAMED_LINK = r"(?<![\w`])`[^`]{1,300}`__?(?!\w)"
CODE = r"(?<![\w`])`[^`\s](?:[^`]{0,300}[^`\s])?`(?![\w`])"
INLINE_CODE = "|".join(f"(?:{part})" for part in (RST_LITERAL, RST_ROLE, RST_LINK, CODE))
"""Inline literals, roles, links and code spans: what :mod:`pipeline.mask` hides from engines."""

PRINTF_NAMED = r"%\([^()\s]{1,64}\)[-#0+]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]{0,2}[diouxXeEfFgGcrsa]"
PRINTF_NUMBERED = r"%\d{1,2}\$[-#0+']*\d*(?:\.\d+)?[hlLqjzt]{0,2}[diouxXeEfFgGcsp]"
# No space flag and not after a digit: "50 % de" and "100%s" are prose.
PRINTF_PLAIN = r"(?<![\d%])%[-#0+]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|ll|[hlLqjzt])?[diouxXeEfFgGcsp](?![A-Za-z])"
BRACE = r"(?<!\{)\{(?:\d{1,3}|[A-Za-z_][\w.]{0,60}(?:\[[\w.]{0,30}\])?)?(?:![rsa])?(?::[^{}\s]{0,30})?\}(?!\})"
TEMPLATE = r"\{\{[^{}]{0,200}\}\}|\{%[^{}]{0,200}%\}|\$\{[^{}\s]{1,60}\}|(?<![\w$])\$[A-Za-z_]\w{0,40}"

_KINDS = (
    ("literal", RST_LITERAL),
    ("role", RST_ROLE),
    ("link", RST_LINK),
    ("reference", RST_NAMED_LINK),
    ("code", CODE),
    ("template", TEMPLATE),
    ("printf", PRINTF_NAMED),
    ("printf", PRINTF_NUMBERED),
    ("escape", r"%%"),
    ("printf", PRINTF_PLAIN),
    ("brace", BRACE),
)
_PATTERN = re.compile("|".join(f"(?P<k{index}>{pattern})" for index, (_kind, pattern) in enumerate(_KINDS)))
_MARK = re.compile("[%{$`]")  # every kind has one of these
_ROLE_TARGET = re.compile(r"<([^<>]*)>`$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Variable:
    """One variable or inline code span: its kind, the text that must survive, and where it is."""

    kind: str  # "printf", "brace", "template", "literal", "role", "link", "code"
    key: str  # what must be the same in the translation
    text: str  # as written
    start: int


def variables(text: str) -> list[Variable]:
    """Every variable and inline code span of ``text``, in order (``%%`` and named links left out)."""
    if _MARK.search(text) is None:
        return []
    found = []
    for match in _PATTERN.finditer(text):
        kind = _KINDS[int(str(match.lastgroup)[1:])][0]
        if kind in ("escape", "reference"):
            continue  # a literal percent sign; `Link text`_ names a target translators may translate
        written = match.group()
        found.append(Variable(kind, _key(kind, written), written, match.start()))
    return found


def keys(text: str) -> list[tuple[str, str]]:
    """The kind and key of each of :func:`variables`, without making them: what the ``variables`` check compares."""
    if _MARK.search(text) is None:
        return []
    found = []
    for match in _PATTERN.finditer(text):
        kind = _KINDS[int(str(match.lastgroup)[1:])][0]
        if kind not in ("escape", "reference"):
            found.append((kind, _key(kind, match.group())))
    return found


def _key(kind: str, written: str) -> str:
    if kind == "role":
        # :ref:`Text <target>` may translate its text; :term:`traduction <term>` names the same term.
        role = written[: written.index("`")]
        target = _ROLE_TARGET.search(written)
        inner = target.group(1) if target else written[len(role) + 1 : -1]
        return role + "`" + inner.strip().lstrip("~!") + "`"
    if kind == "link":
        url = written[written.rindex("<") + 1 : written.rindex(">")]
        return f"`<{url}>`_"
    if kind == "template":
        return _SPACES.sub(" ", written.replace("{{ ", "{{").replace(" }}", "}}"))
    return written
