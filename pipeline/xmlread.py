"""Reading XML that came from elsewhere (XLIFF from an agency, TMX from a CAT tool), safely.

Streamed with lxml's ``iterparse`` (a 2 GB memory export is read element by
element, each cleared once used), with no network access, no external DTD
loaded and no entity expanded. A file that declares a DTD subset of its own
(the "billion laughs" and external-entity attacks live there) is refused
outright: XLIFF and TMX need none. Every problem is one error line with the
file and line; nothing is half-read into a catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import L10nError


def iterparse(
    path: Path, roots: dict[str, str], error: type[L10nError], what: str, tags: tuple[str, ...] = ()
) -> Iterator[tuple[str, Any]]:
    """("start"|"end", element) events of ``path``, once its root is one of ``roots`` (tag -> name).

    The root is checked first: one not in ``roots`` is an error saying what it
    is instead (an HTML page, another XML format, a TMX given as XLIFF). With
    ``tags``, only the root's and those elements' events come (their children
    are still built): far fewer trips through Python for a large file.
    """
    for _event, element in _events(path, error, ()):
        _check_root(path, element, roots, error, what)
        break
    else:
        raise error(f"empty file: not {what}", path=path)
    yield from _events(path, error, (*roots, *tags) if tags else ())


def _events(path: Path, error: type[L10nError], tags: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    from lxml import etree

    try:
        handle = path.open("rb")
    except OSError as problem:
        raise error(f"cannot read: {problem.strerror}", path=path) from None
    with handle:
        events = etree.iterparse(
            handle,
            events=("start", "end"),
            tag=tags or None,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            yield from events
        except etree.XMLSyntaxError as problem:
            # The parser's log names the fault ("Entity 'x' not defined"); the exception
            # sometimes only a symptom ("no element found").
            last = getattr(problem.error_log, "last_error", None)  # (missing from lxml-stubs)
            message = last.message if last is not None else str(problem.msg or problem).split(", line ")[0]
            line = last.line if last is not None else problem.lineno
            raise error(
                f"not well-formed XML: {message}",
                path=path,
                line=line or None,
                hint="the file is damaged or not XML; nothing was imported",
            ) from None


def _check_root(path: Path, element: Any, roots: dict[str, str], error: type[L10nError], what: str) -> None:
    info = element.getroottree().docinfo
    if info.internalDTD is not None:
        raise error(
            "declares a DTD of its own (<!DOCTYPE … [ … ]>): refused, entities are never expanded",
            path=path,
            line=1,
            hint=f"{what} needs no DTD; export it again without one",
        )
    if element.tag not in roots:
        found = element.tag.split("}")[-1] if isinstance(element.tag, str) else "?"
        namespace = element.tag[1:].split("}")[0] if isinstance(element.tag, str) and "}" in element.tag else ""
        said = f"<{found}>" + (f" in namespace {namespace}" if namespace else " in no namespace")
        raise error(f"not {what}: the root element is {said}", path=path, line=element.sourceline)


def text_of(element: Any) -> str:
    """An element's text; a child element inside (inline markup l10n did not write) is a ValueError."""
    if len(element):
        child = element[0]
        name = child.tag.split("}")[-1] if isinstance(child.tag, str) else "?"
        raise ValueError(f"<{name}> inside <{element.tag.split('}')[-1]}>")
    return str(element.text or "")
