"""``dist/index.html`` (a language chooser for readers), ``dist/status.html`` (the reviewers' report), titles.

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

import polib

from pipeline import catalog
from pipeline.config import SITE_CATALOG, Config
from pipeline.decorate import ENGLISH_BANNER, Banner, templates
from pipeline.errors import L10nError
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
    """The document's title: HTML ``<title>``, a Markdown heading, a text's short first line; "" if none."""
    if format_name == "html":
        parser = _Title()
        parser.feed(text)
        parser.close()
        return " ".join("".join(parser.parts).split())
    if format_name == "markdown":
        heading = re.search(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", text, flags=re.M)
        return heading.group(1).strip() if heading else ""
    if format_name == "text":
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        return first if len(first) <= TEXT_TITLE_MAX else ""  # a first line that short reads as a title
    return ""


TEXT_TITLE_MAX = 80


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


@dataclass(frozen=True)
class Choice:
    """One document in one language, as a reader picks it."""

    title: str
    href: str
    draft: bool


@dataclass(frozen=True)
class Reading:
    """One language on the reader's landing page, with its documents."""

    code: str
    native_name: str
    english_name: str
    rtl: bool
    documents: tuple[Choice, ...]


def chooser(config: Config, versions: Sequence[Version], paths: Mapping[Path, str]) -> str:
    """``dist/index.html`` for readers: each language (its own name) and the documents one can read in it.

    Only published versions; the reviewers' figures are in ``status.html``.
    """
    by_language: dict[str, list[Choice]] = {}
    for version in versions:
        if not version.published:
            continue
        title = version.title or readable(version.doc)
        href = quote(paths[version.output])
        by_language.setdefault(version.locale, []).append(Choice(title, href, version.draft and not version.source))
    order = [config.source_language, *(c for c in config.locales if c != config.source_language)]
    readings = []
    for code in order:
        if code not in by_language:
            continue
        lang = language(code)
        readings.append(Reading(code, lang.native_name, lang.english_name, lang.rtl, tuple(by_language[code])))
    source = language(config.source_language)
    return templates().get_template("choose.html").render(project=config.name, source=source, readings=readings)


def readable(doc: str) -> str:
    """A document name as a title when the document has none: "press/annual-report_2024" → "Annual report 2024"."""
    words = " ".join(re.split(r"[-_\s]+", doc.rsplit("/", 1)[-1])).strip()
    return words[:1].upper() + words[1:] if words else doc


def banner(config: Config, code: str) -> Banner | None:
    """The draft banner in language ``code``, from the project's catalog of the site's own words, if translated.

    ``locales/<code>/LC_MESSAGES/l10n-site.po`` holds the banner's two sentences
    (``l10n site-strings`` writes its template, ``l10n update`` and ``translate``
    do the rest, as for any document); both must be translated.
    """
    words = _site_words(config, code)
    found = [words.get(ENGLISH_BANNER.title, ""), words.get(ENGLISH_BANNER.text, "")]
    if not all(found):
        return None
    lang = language(code)
    return Banner(code, lang.rtl, found[0], found[1])


def draft_note(config: Config, code: str) -> str:
    """The first-paragraph note of a draft Markdown or text document, in language ``code`` if translated."""
    return _site_words(config, code).get(DRAFT_NOTE) or DRAFT_NOTE


def _site_words(config: Config, code: str) -> dict[str, str]:
    path = config.po_path(code, SITE_CATALOG)
    if not path.is_file():
        return {}
    try:
        po = catalog.read(path)
    except L10nError:
        return {}
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete}


DRAFT_NOTE = "Draft translation: parts of this document have not been reviewed yet."
SITE_STRINGS = (ENGLISH_BANNER.title, ENGLISH_BANNER.text, DRAFT_NOTE)


def site_template(config: Config) -> tuple[Path, bool]:
    """Write ``locales/l10n-site.pot``: the site's own fixed words, to translate like a document."""
    pot = catalog.template([], config.name)
    for text in SITE_STRINGS:
        where = (
            "the note atop a draft Markdown or text document" if text == DRAFT_NOTE else "the banner of a draft page"
        )
        pot.append(polib.POEntry(msgid=text, comment=f"{where} (l10n build --policy draft)"))
    path = config.pot_path(SITE_CATALOG)
    return path, catalog.save(pot, path)
