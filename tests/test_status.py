"""`l10n status`: golden output per format over the fixture projects in tests/data/status/."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.status import bar

CASES = sorted(p.parent for p in (Path(__file__).parent / "data" / "status").glob("*/l10n.toml"))
FORMATS = ("table", "json", "md")


@pytest.fixture(params=CASES, ids=[c.name for c in CASES])
def case(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of one fixture project (status only reads, but nothing may touch the repository)."""
    source: Path = request.param
    copy = tmp_path / source.name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("expected.*"))
    return copy


@pytest.mark.parametrize("form", FORMATS)
def test_golden_output(case: Path, form: str) -> None:
    expected = (Path(__file__).parent / "data" / "status" / case.name / f"expected.{form}").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(case), "status", "--format", form])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_json_totals_add_up(case: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(case), "status", "--format", "json"])
    data = json.loads(result.stdout)
    words = sum(d["words"]["total"] for d in data["documents"])
    assert data["total"]["words"]["total"] == words
    for locale in data["locales"]:
        mine = [d for d in data["documents"] if d["locale"] == locale["locale"]]
        reviewed = sum(d["words"]["reviewed"] for d in mine)
        total = sum(d["words"]["total"] for d in mine)
        assert locale["reviewed_percent"] == round(100 * reviewed / total, 1)


# (minimum, exit code, locales named as below it)
MINIMUMS = [(0, 0, []), (25, 1, ["ar"]), (50, 1, ["es", "ar"]), (100, 1, ["fr", "es", "ar"])]


@pytest.mark.parametrize(("minimum", "code", "below"), MINIMUMS)
def test_min_reviewed_fails_and_names_the_locales(case: Path, minimum: int, code: int, below: list[str]) -> None:
    result = CliRunner().invoke(main, ["--project", str(case), "status", "--min-reviewed", str(minimum)])
    assert result.exit_code == code
    named = [line.split()[1] for line in result.stderr.splitlines() if "reviewed, below" in line]
    assert named == below


def test_locale_option_limits_the_rows(case: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(case), "status", "--locale", "es", "--format", "json"])
    data = json.loads(result.stdout)
    assert {d["locale"] for d in data["documents"]} == {"es"}


def test_unreadable_catalog_is_named_and_the_rest_reported(case: Path) -> None:
    broken = case / "locales" / "es" / "LC_MESSAGES" / "press.po"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "y"\nmsgstr "z"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(case), "status"])
    assert result.exit_code == 2
    assert "press.po:" in result.stderr and "PO syntax error" in result.stderr
    assert "fr      press" in result.stdout and "ar      press" in result.stdout


@pytest.mark.parametrize(
    ("percent", "unicode", "expected"),
    [
        (0, True, "░" * 20),
        (100, True, "█" * 20),
        (52.5, True, "█" * 10 + "▌" + "░" * 9),
        (50, False, "#" * 10 + "." * 10),
    ],
)
def test_bars(percent: float, unicode: bool, expected: str) -> None:
    assert bar(percent, unicode=unicode) == expected


def test_markdown_table_keeps_one_row_per_document_whatever_its_name(case: Path) -> None:
    from markdown_it import MarkdownIt

    name = "a|b *c* <x>"
    shutil.copy(case / "source" / "notes.txt", case / "source" / f"{name}.txt")
    for po in case.glob("locales/*/LC_MESSAGES/notes.po"):
        shutil.copy(po, po.with_name(f"{name}.po"))
    result = CliRunner().invoke(main, ["--project", str(case), "status", "--format", "md"])
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    rows: list[list[str]] = []
    for before, token in itertools.pairwise(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and before.type in ("th_open", "td_open"):
            rows[-1].append(token.content)
    assert {len(row) for row in rows} == {8}
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<x>" not in html and "<em>" not in html and "a|b *c* &lt;x&gt;" in html


def test_an_entry_with_an_error_is_not_reviewed_until_fixed_or_ignored(tmp_path: Path) -> None:
    source = Path(__file__).parent / "data" / "status" / "three-locales"
    root = tmp_path / "project"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("expected.*"))

    def notes() -> dict[str, object]:
        result = CliRunner().invoke(main, ["--project", str(root), "status", "--format", "json", "--locale", "fr"])
        rows = json.loads(result.output)["documents"]
        return next(r for r in rows if r["document"] == "notes")

    held = notes()  # fr/notes.po line 8 loses its <1>…</1> tags: an error
    assert held["errors"] == 1 and held["entries"]["reviewed"] == 1 and held["entries"]["needs review"] == 1
    po_path = root / "locales/fr/LC_MESSAGES/notes.po"
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(text.replace("#: ", "# l10n: ignore placeholders\n#: ", 1), encoding="utf-8")
    cleared = notes()
    assert cleared["errors"] == 0 and cleared["entries"]["reviewed"] == 2 and cleared["reviewed_percent"] == 100.0
