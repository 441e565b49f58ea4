"""The fast reader ``check`` uses gives exactly polib's catalog, or declines and lets polib say what is wrong."""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import catalog, poscan
from pipeline.errors import CatalogError


def fields(po: polib.POFile) -> tuple[object, ...]:
    """Everything a reader of the catalog can see: header, metadata, and every field of every entry in order."""
    return (
        po.header,
        po.metadata,
        po.metadata_is_fuzzy,
        po.wrapwidth,
        po.encoding,
        [(type(entry), entry.__dict__) for entry in po],
    )


def scanned(path: Path) -> polib.POFile | None:
    return poscan.scan(catalog.decode(path.read_bytes(), path).replace("\r\n", "\n"))


def django_catalogs() -> list[Path]:
    django = pytest.importorskip("django")
    return sorted(Path(django.__file__).parent.rglob("*.po"))


def test_every_catalog_django_ships_reads_as_polib_reads_it() -> None:
    paths = django_catalogs()
    assert len(paths) > 1000
    for path in paths:
        assert scanned(path) is not None, f"{path}: declined a catalog msgfmt accepts"
        assert fields(catalog.read_for_check(path)) == fields(catalog.read(path)), path


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "fr.po"
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


EVERY_KIND = r"""# Translator's note
# l10n: ignore numbers
#. Extracted comment
#. second line
#: source/a.txt:12 source/b.txt:3 noline :7 trailing:
#, fuzzy, python-format
#| msgctxt "old context"
#| msgid "Old %s"
#| "continued"
msgctxt "menu"
msgid ""
"Open %s\n"
"with \"quotes\" and \\ and \t tab and \x kept"
msgstr "Ouvrir %s\n"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Un fichier"
msgstr[1] ""
"%d fichiers"

##double hash comment
#
msgid "Tab	and  spaces"
msgstr "Tabulation"

#~ msgid "Gone"
#~ msgstr "Parti"

#~| msgid "Older"
#~ msgid "Old plural"
#~ msgid_plural "Old plurals"
#~ msgstr[0] "Un"
#~ msgstr[1] "Plusieurs"
#~ "suite"
"""


def test_every_kind_of_line_reads_as_polib_reads_it(tmp_path: Path) -> None:
    path = write(tmp_path, EVERY_KIND)
    assert scanned(path) is not None
    fast, slow = catalog.read_for_check(path), catalog.read(path)
    assert fields(fast) == fields(slow)
    assert [e.msgid for e in fast] == ["Open %s\nwith \"quotes\" and \\ and \t tab and \\x kept", "One file",
                                       "Tab\tand  spaces", "Gone", "Old plural"]  # fmt: skip
    assert fast[0].previous_msgid == "Old %scontinued" and fast[1].msgstr_plural == {0: "Un fichier", 1: "%d fichiers"}
    assert [e.linenum for e in fast] == [e.linenum for e in slow]


BROKEN = {
    "unterminated string": 'msgid "a"\nmsgstr "b\n',
    "msgid without msgstr": 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n',
    "cut short after msgid": 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n',
    "quote inside": 'msgid "a"\nmsgstr "b"c"\n',
    "unknown keyword": 'msgid "a"\nmsgstring "b"\n',
    "unterminated previous": '#~| msgid "old\n#~ msgid "a"\n#~ msgstr "b"\n',
    "garbage": 'msgid "a"\nmsgstr "b"\nhello\n',
}


@pytest.mark.parametrize("body", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_catalog_is_declined_and_reported_as_read_reports_it(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, body)
    assert scanned(path) is None
    with pytest.raises(CatalogError) as slow:
        catalog.read(path)
    with pytest.raises(CatalogError) as fast:
        catalog.read_for_check(path)
    assert str(fast.value) == str(slow.value)
    assert fast.value.line is not None


def test_an_obsolete_entry_with_a_previous_msgid_is_read(tmp_path: Path) -> None:
    """msgmerge writes "#~| msgid" above an obsolete entry whose source had changed; that is not a lone msgid."""
    path = write(tmp_path, '#~| msgid "Old"\n#~ msgid "Gone"\n#~ msgstr "Parti"\n')
    assert [(e.msgid, e.obsolete) for e in catalog.read(path)] == [("Gone", 1)]
    assert fields(catalog.read_for_check(path)) == fields(catalog.read(path))


def test_other_line_breaks_are_left_to_polib_and_read_the_same(tmp_path: Path) -> None:
    path = write(tmp_path, 'msgid "a\u2028b"\nmsgstr "x\x0by\u0085z\rw"\n')
    assert scanned(path) is None
    assert catalog.read_for_check(path)[0].msgstr == "x\x0by\u0085z\rw"


# Generated catalogs: strings of awkward characters, every optional part, written as gettext writes them
# or with stray spacing; whatever the reader accepts must be exactly what polib gives.
_TEXT = st.text(alphabet=st.sampled_from(list('aZ \t"\\\né字%{#:,~|\u00a0')), max_size=12)
_LINE_END = st.sampled_from(["", " ", "\t", "  "])


def _quoted(text: str) -> str:
    return '"' + polib.escape(text) + '"'


@st.composite
def _entry(draw: st.DrawFn) -> str:
    lines = []
    for prefix in draw(st.lists(st.sampled_from(["# ", "#. ", "#: ", "#, ", "#", "## "]), max_size=3)):
        lines.append(prefix + draw(_TEXT).replace("\n", " "))
    obsolete = draw(st.booleans())
    mark = "#~ " if obsolete else ""
    if not obsolete and draw(st.booleans()):
        lines.append("#| msgid " + _quoted(draw(_TEXT)))
    if draw(st.booleans()):
        lines.append(f"{mark}msgctxt {_quoted(draw(_TEXT))}")
    msgid = draw(_TEXT) or "x"
    lines.append(f"{mark}msgid {_quoted(msgid)}{draw(_LINE_END)}")
    if draw(st.booleans()):
        lines.append(f"{mark}{_quoted(draw(_TEXT))}")  # a continuation line
    if draw(st.booleans()):
        lines.append(f"{mark}msgid_plural {_quoted(draw(_TEXT))}")
        for index in range(draw(st.integers(1, 3))):
            lines.append(f"{mark}msgstr[{index}] {_quoted(draw(_TEXT))}")
    else:
        lines.append(f"{mark}msgstr {_quoted(draw(_TEXT))}{draw(_LINE_END)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_entry(), max_size=5), noise=st.sampled_from(["", "\n", "  \n", "#\n", "# trailing\n"]))
def test_generated_catalogs_read_as_polib_reads_them(tmp_path: Path, entries: list[str], noise: str) -> None:
    path = write(tmp_path, "\n".join(entries) + noise)
    text = path.read_text(encoding="utf-8")
    try:
        slow = catalog.parse(text, path)
    except CatalogError:
        assert poscan.scan(text) is None
        return
    fast = poscan.scan(text)
    if fast is not None:
        fast.wrapwidth, fast.encoding = slow.wrapwidth, slow.encoding
        assert fields(fast) == fields(slow)


def _damage(text: str, rng: random.Random) -> str:
    """One slip of an editor or a cut-short copy: a line dropped, doubled or cut, a character put in or taken out."""
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    how = rng.randrange(6)
    if how == 0:
        del lines[index]
    elif how == 1:
        lines.insert(index, lines[index])
    elif how == 2:
        lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
    elif how == 3:
        at = rng.randrange(len(lines[index]) + 1)
        lines[index] = (
            lines[index][:at] + rng.choice(['"', "\\", "#", " ", "~", "|", "\u00a0", "\r", "x"]) + lines[index][at:]
        )
    elif how == 4 and lines[index]:
        at = rng.randrange(len(lines[index]))
        lines[index] = lines[index][:at] + lines[index][at + 1 :]
    else:
        return "\n".join(lines[:index])
    return "\n".join(lines)


def test_damaged_shipped_catalogs_read_as_polib_reads_them_or_fail_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog, "READ_WAITS", ())  # no editor is saving these: no waiting for one to finish
    rng = random.Random(10)
    paths = django_catalogs()
    for round in range(300):
        source = paths[rng.randrange(len(paths))]
        path = tmp_path / f"{round}.po"
        path.write_bytes(_damage(source.read_text(encoding="utf-8"), rng).encode("utf-8"))
        try:
            slow = catalog.read(path)
        except CatalogError as error:
            with pytest.raises(CatalogError) as fast:
                catalog.read_for_check(path)
            assert str(fast.value) == str(error), source
            continue
        assert fields(catalog.read_for_check(path)) == fields(slow), source
