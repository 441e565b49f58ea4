"""``dist/index.html``: the multilingual landing page, and document titles for it.

Every document is listed with each of its languages: the language's own name
(from Babel's CLDR data, with its own ``lang`` and ``dir`` so that Arabic or
Hebrew names read right-to-left inside the left-to-right page), how much is
reviewed (and, in draft builds, machine-translated), and a link when the
document is published in it, or why not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from pipeline.config import Config
from pipeline.decorate import templates
from pipeline.languages import language

if TYPE_CHECKING:
    from pipeline.build import Version


@dataclass(frozen=True)
class Entry:
    """One language of one document on the landing page."""

    code: str
    native_name: str
    english_name: str
    rtl: bool
    source: bool
    published: bool
    draft: bool
    href: str | None
    title: str  # the document's own title in this language ("" if it has none)
    reviewed: float  # percent of words
    unreviewed: float  # percent of words translated but not reviewed
    threshold: float
    basis: float


@dataclass(frozen=True)
class Listing:
    doc: str
    title: str
    source_path: str
    entries: tuple[Entry, ...]


class _Title(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = self.inside or (tag == "title" and not self.done)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


def title_of(text: str, format_name: str) -> str:
    """The document's title: HTML ``<title>``, else its first Markdown heading; "" if none."""
    if format_name == "html":
        parser = _Title()
        parser.feed(text)
        parser.close()
        return " ".join("".join(parser.parts).split())
    if format_name == "markdown":
        heading = re.search(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", text, flags=re.M)
        return heading.group(1).strip() if heading else ""
    return ""


def landing(config: Config, policy: str, versions: Sequence[Version], paths: Mapping[Path, str]) -> str:
    """The landing page's HTML. ``paths`` maps each version's output to its link from dist/."""
    listings: dict[str, list[Entry]] = {}
    sources: dict[str, Version] = {}
    for version in versions:
        lang = language(version.locale)
        words = version.coverage.words
        total = words.total or 1
        reviewed = version.coverage.reviewed_percent
        unreviewed = 0.0 if version.source else 100.0 * (words.machine + words.needs_review) / total
        listings.setdefault(version.doc, []).append(
            Entry(
                code=version.locale,
                native_name=lang.native_name,
                english_name=lang.english_name,
                rtl=lang.rtl,
                source=version.source,
                published=version.published,
                draft=version.draft,
                href=quote(paths[version.output]) if version.published else None,  # 'a#1.html' is a name
                title=version.title,
                reviewed=reviewed,
                unreviewed=unreviewed if policy == "draft" else 0.0,
                threshold=version.threshold,
                basis=version.basis,
            )
        )
        if version.source:
            sources[version.doc] = version
    documents = [
        Listing(doc, sources[doc].title or doc, _source_path(config, sources[doc], paths), tuple(entries))
        for doc, entries in listings.items()
    ]
    codes = [config.source_language, *dict.fromkeys(v.locale for v in versions if not v.source)]
    return (
        templates()
        .get_template("index.html")
        .render(
            project=config.name,
            policy=policy,
            source=language(config.source_language),
            documents=documents,
            languages=[language(code) for code in codes],
            published=sum(1 for v in versions if v.published and not v.source),
            possible=sum(1 for v in versions if not v.source),
        )
    )


def _source_path(config: Config, version: Version, paths: Mapping[Path, str]) -> str:
    """``source/<file>`` for a source-language version at ``<lang>/<file>``."""
    return config.relative(config.source_dir / paths[version.output].split("/", 1)[1])
