"""One coverage model: status, build and the review page give one reviewed percentage; build and extract agree."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import catalog, config
from pipeline.serve.app import create_app
from tests.conftest import make_project


def l10n(root: Path, *args: str) -> tuple[int, str]:
    from pipeline.cli import main

    result = CliRunner().invoke(main, ["-C", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def review(po_path: Path, translations: dict[str, str]) -> None:
    """A reviewer's translations, saved as reviewed."""
    po = catalog.read(po_path)
    for msgid, msgstr in translations.items():
        entry = po.find(msgid)
        assert entry is not None, msgid
        entry.msgstr = msgstr
    catalog.save(po, po_path)


def test_status_build_and_the_review_page_give_one_reviewed_percentage(tmp_path: Path) -> None:
    """A sentence said twice counted twice in build (50%) and once in status (33.3%): status --min-reviewed 50 failed
    while build published."""
    root = make_project(tmp_path / "p", locales='["es"]', extra="[build]\nmin_reviewed = 50\n")
    (root / "source" / "doc.txt").write_text("Hello world.\n\nHello world.\n\nGoodbye all of you.\n", encoding="utf-8")
    assert l10n(root, "extract")[0] == 0
    assert l10n(root, "update")[0] == 0
    po_path = root / "locales" / "es" / "LC_MESSAGES" / "doc.po"
    review(po_path, {"Hello world.": "Hola mundo."})

    _, output = l10n(root, "status", "--format", "json")
    status = json.loads(output)["documents"][0]["reviewed_percent"]
    assert l10n(root, "build")[0] == 0
    manifest = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    built = next(v for v in manifest["documents"][0]["versions"] if v["locale"] == "es")["completeness"]
    page = create_app(config.load(root)).test_client().get("/").get_data(as_text=True)
    shown = float(re.findall(r'<meter [^>]*value="([^"]+)"', page)[0])

    assert status == built == shown == pytest.approx(100 * 2 / 6, abs=0.05)  # 2 of the 6 distinct words reviewed
    published = (root / "dist" / "es" / "doc.txt").exists()
    passes = l10n(root, "status", "--min-reviewed", "50")[0] == 0
    assert published == passes  # the gate and the build agree


@pytest.mark.parametrize(
    ("name", "text"), [("doc.txt", "Press \ufdd0release here.\n"), ("doc.md", "# Press \ufdd1x\n")]
)
def test_a_source_holding_a_draft_mark_character_keeps_its_reviewed_translation(
    tmp_path: Path, name: str, text: str
) -> None:
    """extract kept U+FDD0 in the msgid, build stripped it before the lookup: the reviewed translation was lost."""
    root = make_project(tmp_path / "p", locales='["es"]')
    (root / "source" / name).write_text(text, encoding="utf-8")
    assert l10n(root, "extract")[0] == 0
    assert l10n(root, "update")[0] == 0
    po_path = root / "locales" / "es" / "LC_MESSAGES" / "doc.po"
    (entry,) = [e for e in catalog.read(po_path) if e.msgid]
    review(po_path, {entry.msgid: "TRADUCIDO"})
    code, output = l10n(root, "build")
    assert code == 0, output
    built = (root / "dist" / "es" / name).read_text(encoding="utf-8")
    assert "TRADUCIDO" in built and not re.search("[\ufdd0-\ufdd2]", built)
