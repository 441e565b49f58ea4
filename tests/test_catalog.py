"""Catalogs: msgmerge semantics, no lost reviewer work, gettext-valid files, no churn."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import catalog
from pipeline.cli import main
from pipeline.merge import merge

MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")


def run(project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def write_source(project: Path, *paragraphs: str, name: str = "doc.txt") -> None:
    (project / "source" / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def po_file(project: Path, lang: str = "fr", doc: str = "doc") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"


def translate_entry(path: Path, msgid: str, msgstr: str) -> None:
    """What a reviewer does in Poedit: fill in a translation and save."""
    po = catalog.read(path)
    entry = po.find(msgid)
    assert entry is not None, msgid
    entry.msgstr = msgstr
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save(str(path))


def test_translations_survive_a_source_change(project: Path) -> None:
    write_source(project, "The cat sat on the mat.", "Dogs bark at night.", "Birds sing.")
    run(project, "extract")
    run(project, "update")
    translate_entry(po_file(project), "The cat sat on the mat.", "Le chat était sur le tapis.")
    translate_entry(po_file(project), "Birds sing.", "Les oiseaux chantent.")

    write_source(project, "The cat sat on the red mat.", "Dogs bark at night.", "Fish swim.")
    run(project, "extract")
    run(project, "update")

    po = catalog.read(po_file(project))
    changed = po.find("The cat sat on the red mat.")
    assert changed is not None
    assert changed.fuzzy and changed.msgstr == "Le chat était sur le tapis."
    assert changed.previous_msgid == "The cat sat on the mat."
    gone = [e for e in po if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in gone] == [("Birds sing.", "Les oiseaux chantent.")]
    new = po.find("Fish swim.")
    assert new is not None and new.msgstr == "" and not new.fuzzy
    # Document order, not merge order.
    assert [e.msgid for e in po if not e.obsolete] == [
        "The cat sat on the red mat.",
        "Dogs bark at night.",
        "Fish swim.",
    ]
    assert po.metadata["Language"] == "fr"
    assert po.metadata["Plural-Forms"].startswith("nplurals=")


def test_obsolete_translation_comes_back_when_the_source_does(project: Path) -> None:
    write_source(project, "Birds sing.", "Fish swim.")
    run(project, "extract")
    run(project, "update")
    translate_entry(po_file(project), "Birds sing.", "Les oiseaux chantent.")
    write_source(project, "Fish swim.")
    run(project, "extract")
    run(project, "update")
    write_source(project, "Birds sing.", "Fish swim.")
    run(project, "extract")
    run(project, "update")
    entry = catalog.read(po_file(project)).find("Birds sing.")
    assert entry is not None and entry.msgstr == "Les oiseaux chantent." and not entry.obsolete


def test_rerun_with_unchanged_sources_changes_no_file(sample_project: Path) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    files = sorted((sample_project / "locales").rglob("*.po*"))
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    output = run(sample_project, "extract") + run(sample_project, "update")
    assert "written" not in output.replace("unchanged", "")
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
def test_every_catalog_passes_msgfmt_check(sample_project: Path) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    files = sorted((sample_project / "locales").rglob("*.po*"))
    assert len(files) == 6
    for path in files:
        result = subprocess.run([str(MSGFMT), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext (msgcat) is not installed")
def test_entries_are_wrapped_as_gettext_wraps_them(sample_project: Path) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    path = po_file(sample_project, "es", "interpol-european-regional-conference")
    ours = path.read_text(encoding="utf-8")
    theirs = subprocess.run([str(MSGCAT), "--width=79", str(path)], capture_output=True, text=True, check=True).stdout
    body = ours[ours.index("\n\n") :]
    assert body == theirs[theirs.index("\n\n") :]


def test_po_syntax_error_is_reported_with_file_and_line_and_left_untouched(project: Path) -> None:
    write_source(project, "Birds sing.")
    run(project, "extract")
    run(project, "update")
    path = po_file(project)
    broken = path.read_text(encoding="utf-8").replace('msgstr ""\n\n#.', 'msgstr ""\nnonsense here\n\n#.', 1)
    broken += '\nmsgid "x"\nbogus line\n'
    path.write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "update"])
    assert result.exit_code == 1
    lines = broken.splitlines()
    bad_line = next(i for i, line in enumerate(lines, 1) if line.startswith(("nonsense", "bogus")))
    assert f"fr/LC_MESSAGES/doc.po:{bad_line}: PO syntax error" in result.output
    assert path.read_text(encoding="utf-8") == broken


# A reviewer's translation is never lost, over many cycles of edits to the
# sources and to the catalog: it stays active (possibly fuzzy) or obsolete.
SENTENCES = [f"Sentence number {word} is here." for word in ("one", "two", "three", "four", "five", "six")]
cycle = st.tuples(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5, unique=True),  # the new source
    st.sampled_from(["edit", "reword", "none"]),  # what happens to a source sentence
    st.integers(min_value=0, max_value=5),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cycles=st.lists(cycle, min_size=2, max_size=5))
def test_reviewer_work_is_never_lost(tmp_path_factory: pytest.TempPathFactory, cycles: list) -> None:  # type: ignore[type-arg]
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("prop"), locales='["fr"]')
    written: set[str] = set()
    for number, (sentences, change, pick) in enumerate(cycles):
        paragraphs = list(sentences)
        if change == "reword":
            paragraphs[pick % len(paragraphs)] = paragraphs[pick % len(paragraphs)].replace("is here", "is there")
        write_source(project, *paragraphs)
        run(project, "extract")
        run(project, "update")
        po = catalog.read(po_file(project))
        active = [e for e in po if not e.obsolete]
        if change == "edit" and active:
            target = active[pick % len(active)]
            text = f"Traduction {number} de « {target.msgid} »"
            written.discard(target.msgstr)  # the reviewer replaces their own work
            translate_entry(po_file(project), target.msgid, text)
            written.add(text)
        po = catalog.read(po_file(project))
        kept = {e.msgstr for e in po}
        assert written <= kept, written - kept


def test_merge_keeps_translator_comments_and_flags(tmp_path: Path) -> None:
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="Hello.", comment="paragraph", occurrences=[("source/a.txt", "3")]))
    old = polib.POFile()
    old.append(polib.POEntry(msgid="Hello.", msgstr="Bonjour.", tcomment="l10n: machine apertium", flags=["fuzzy"]))
    merged = merge(old, pot, "fr")
    entry = merged.find("Hello.")
    assert entry is not None
    assert (entry.msgstr, entry.tcomment, entry.fuzzy) == ("Bonjour.", "l10n: machine apertium", True)
    assert entry.occurrences == [("source/a.txt", "3")] and entry.comment == "paragraph"


def _reviewed(project: Path, extra: str, replace: tuple[str, str] = ("", "")) -> Path:
    """A project whose fr catalog a reviewer edited by hand: ``extra`` appended, ``replace`` applied."""
    write_source(project, "Birds sing.", "Fish swim.")
    run(project, "extract")
    run(project, "update")
    path = po_file(project)
    text = path.read_text(encoding="utf-8").replace(*replace) if replace[0] else path.read_text(encoding="utf-8")
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", ['msgstr "Les oiseaux chantent.', 'msgstr "Les oiseaux chantent.\\"'])
def test_an_unterminated_string_is_an_error_not_a_silently_cut_translation(project: Path, bad: str) -> None:
    path = _reviewed(project, "", ('msgid "Birds sing."\nmsgstr ""', f'msgid "Birds sing."\n{bad}'))
    before = path.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "update"])
    assert result.exit_code == 1
    line = before.splitlines().index(bad) + 1
    assert f"fr/LC_MESSAGES/doc.po:{line}: unterminated string" in result.output
    assert path.read_text(encoding="utf-8") == before


def test_a_msgid_defined_twice_is_an_error_naming_both_lines(project: Path) -> None:
    path = _reviewed(
        project,
        '\nmsgid "Birds sing."\nmsgstr "Des oiseaux chantent."\n',
        ('msgid "Birds sing."\nmsgstr ""', 'msgid "Birds sing."\nmsgstr "Les oiseaux chantent."'),
    )
    before = path.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "update"])
    assert result.exit_code == 1
    second = before.splitlines().index('msgstr "Des oiseaux chantent."')
    assert f"doc.po:{second}: msgid 'Birds sing.' is defined twice (also at line " in result.output
    assert path.read_text(encoding="utf-8") == before


def test_an_active_translation_wins_over_an_obsolete_one_for_the_same_msgid(project: Path) -> None:
    path = _reviewed(
        project,
        '\n#~ msgid "Birds sing."\n#~ msgstr "Vieille traduction."\n',
        ('msgid "Birds sing."\nmsgstr ""', 'msgid "Birds sing."\nmsgstr "Les oiseaux chantent."'),
    )
    run(project, "update")
    entry = catalog.read(path).find("Birds sing.")
    assert entry is not None and entry.msgstr == "Les oiseaux chantent."


def test_a_plural_entry_becomes_obsolete_with_its_plural_translations(project: Path) -> None:
    plural = '\nmsgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichier"\nmsgstr[1] "%d fichiers"\n'
    path = _reviewed(project, plural)
    run(project, "update")
    gone = catalog.read(path).find("One file", include_obsolete_entries=True)
    assert gone is not None and gone.obsolete
    assert gone.msgid_plural == "%d files"
    assert gone.msgstr_plural == {0: "Un fichier", 1: "%d fichiers"}


def test_a_merged_catalog_declares_the_utf8_it_is_written_in(project: Path) -> None:
    """Left as ISO-8859-1, msgfmt would read the UTF-8 "é" as "Ã©" in every built document."""
    path = _reviewed(project, '\nmsgid "Summer."\nmsgstr "Été."\n', ("charset=UTF-8", "charset=ISO-8859-1"))
    run(project, "update")
    assert catalog.read(path).metadata["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("mark", ["\u2028", "\u2029", "\x0c", "\x85", "\x1c"])
def test_a_translation_holding_a_unicode_line_separator_reads_back_whole(tmp_path: Path, mark: str) -> None:
    """polib splits on every str.splitlines() break; gettext only on \\n. It used to come back as 'Bonjoule monde.'"""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Hello there.", msgstr=f"Bonjour{mark}le monde.", tcomment=f"note{mark}here"))
    path = tmp_path / "fr.po"
    catalog.save(po, path)
    entry = catalog.read(path).find("Hello there.")
    assert entry is not None
    assert (entry.msgstr, entry.tcomment) == (f"Bonjour{mark}le monde.", f"note{mark}here")
    if MSGFMT is not None:
        subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], check=True)


def test_a_translation_holding_noncharacters_and_line_separators_reads_back_whole(tmp_path: Path) -> None:
    """The stand-ins that hide line separators from polib must not swallow a real U+FDD0."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    text = "A\ufdd0B\u2028C\ufdd1D\x0bE"
    po.append(polib.POEntry(msgid="Hello there.", msgstr=text))
    path = tmp_path / "fr.po"
    catalog.save(po, path)
    entry = catalog.read(path).find("Hello there.")
    assert entry is not None and entry.msgstr == text


def test_a_symlinked_catalog_is_updated_through_its_link(project: Path, tmp_path: Path) -> None:
    """os.replace used to put a copy in place of the link: the shared catalog stopped getting new entries."""
    write_source(project, "Birds sing.")
    run(project, "extract")
    run(project, "update")
    shared = project / "shared" / "fr.po"  # inside the project: a link leading out of it is refused
    shared.parent.mkdir()
    po_file(project).rename(shared)
    po_file(project).symlink_to(shared)
    write_source(project, "Birds sing.", "Fish swim.")
    run(project, "extract")
    run(project, "update")
    assert po_file(project).is_symlink()
    assert catalog.read(shared).find("Fish swim.") is not None


def test_markup_holding_a_lone_carriage_return_leaves_a_readable_template(project: Path) -> None:
    """The placeholder comment '#. <1/> = inline code `a<CR>b`' made l10n update fail with a syntax error."""
    (project / "source" / "doc.md").write_bytes(b"Run `first\rsecond` now.\n")
    run(project, "extract")
    run(project, "update")
    pot = project / "locales" / "doc.pot"
    assert b"\r" not in pot.read_bytes()
    entry = catalog.read(pot).find("Run <1/> now.")
    assert entry is not None and "inline code `first\nsecond`" in entry.comment


def test_a_lone_carriage_return_inside_a_catalog_line_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(b'msgid ""\r\nmsgstr ""\r\n\r\n# note\rhere\r\nmsgid "a"\r\nmsgstr "b"\r\n')
    entry = catalog.read(path).find("a")
    assert entry is not None and (entry.tcomment, entry.msgstr) == ("note\rhere", "b")


def _numbered_catalog(path: Path) -> polib.POFile:
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    for number in range(3):
        po.append(polib.POEntry(msgid=f"Sentence {number}.", msgstr=""))
    path.write_text(catalog.render(po), encoding="utf-8")
    return catalog.read(path)


def _fill(msgid: str, msgstr: str) -> catalog.Change:
    def change(po: polib.POFile | None) -> polib.POFile | None:
        assert po is not None
        entry = po.find(msgid)
        assert entry is not None
        entry.msgstr = msgstr
        return po

    return change


def test_an_edit_from_the_catalog_it_last_wrote_skips_rendering_it_but_not_an_editors_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """translate saves the same catalog after every batch: its copy is trusted only while the file holds its bytes."""
    path = tmp_path / "fr.po"
    po = _numbered_catalog(path)
    catalog.edit(path, _fill("Sentence 0.", "Phrase 0."), cached=po)
    renders: list[int] = []
    real = catalog.render
    monkeypatch.setattr(catalog, "render", lambda p: renders.append(1) or real(p))
    catalog.edit(path, _fill("Sentence 1.", "Phrase 1."), cached=po)
    assert len(renders) == 1  # the new text only: the file was compared with the bytes written last time
    assert [e.msgstr for e in catalog.read(path)] == ["Phrase 0.", "Phrase 1.", ""]

    # An editor saves a translation of its own: the cached copy is not used, the editor's work is kept.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Sentence 2."\nmsgstr ""', '"Sentence 2."\nmsgstr "Phrase deux."'), encoding="utf-8")
    assert [e.msgstr for e in catalog.read(path)][2] == "Phrase deux."
    catalog.edit(path, _fill("Sentence 0.", "Phrase zéro."), cached=po)
    assert [e.msgstr for e in catalog.read(path)] == ["Phrase zéro.", "Phrase 1.", "Phrase deux."]
