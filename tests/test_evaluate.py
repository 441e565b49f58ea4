"""``l10n engines``: routes through real Apertium pairs and the tiny Argos model, measured and applied."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.engines import Pair
from pipeline.engines.apertium import ApertiumEngine
from pipeline.evaluate import Score, rank
from pipeline.routes import Route
from tests.conftest import make_project
from tests.test_argos import FIXTURE, MEMORISED

CATALAN = {Pair("en", "es"), Pair("es", "fr"), Pair("en", "ca"), Pair("ca", "fr")}
catalan = pytest.mark.skipif(
    not ApertiumEngine().pairs() >= CATALAN,
    reason="needs apt-get install apertium-eng-spa apertium-fr-es apertium-eng-cat apertium-fra-cat",
)
spanish = pytest.mark.skipif(Pair("en", "es") not in ApertiumEngine().pairs(), reason="needs apertium-eng-spa")

PRESS = {
    "The police arrested two suspects in Lyon.": "La police a arrêté deux suspects à Lyon.",
    "The conference starts on Monday.": "La conférence commence lundi.",
    "Ahmed Naser Al-Raisi opened the meeting.": "Ahmed Naser Al-Raisi a ouvert la réunion.",
    "More than 300 officers took part in the operation.": "Plus de 300 agents ont participé à l'opération.",
}


def l10n(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    return result.exit_code, result.output


def references(path: Path, pairs: dict[str, str], fuzzy: tuple[str, ...] = ()) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for source, translation in pairs.items():
        po.append(polib.POEntry(msgid=source, msgstr=translation, flags=["fuzzy"] if source in fuzzy else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


@catalan
def test_routes_to_french_go_through_every_language_both_hops_reach(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["fr", "ar"]')
    code, out = l10n(root, "engines", "routes")
    assert code == 0, out
    fr = next(line for line in out.splitlines() if line.startswith("fr:"))
    assert "pivot via ca (en→ca→fr)" in fr and "pivot via es (en→es→fr)" in fr
    assert "ar: no installed engine reaches en→ar" in out


@catalan
def test_evaluate_scores_each_french_route_on_the_references_and_apply_writes_the_best(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["fr"]', extra="# the team's settings\n")
    references(root / "refs" / "fr.po", PRESS)
    code, out = l10n(root, "engines", "evaluate", "--reference", "refs/{locale}.po", "--apply")
    assert code == 0, out
    assert "fr (en→fr): 4 segments; 0 reviewed entries of the project, 4 from refs/fr.po" in out
    assert "fewer than 50" in out  # a tiny set is said to be indicative
    rows = [line.split() for line in out.splitlines() if line.startswith("  pivot via")]
    assert {row[3] for row in rows} == {"en→ca→fr", "en→es→fr"}
    for row in rows:
        assert 0 <= float(row[4]) <= 100 and 0 <= float(row[5]) <= 100  # chrF++, BLEU
    best = rows[0][2]  # the table is best first
    assert f"best: pivot via {best}" in out
    settings = tomllib.loads((root / "l10n.toml").read_text(encoding="utf-8"))
    assert settings["locales"]["fr"] == {"engine": "pivot", "pivot": best}
    assert "# the team's settings" in (root / "l10n.toml").read_text(encoding="utf-8")
    assert f'+pivot = "{best}"' in out  # the change is shown as a diff
    # translate now takes that route and quotes its score
    (root / "source" / "note.txt").write_text("The police arrested two suspects in Lyon.\n", encoding="utf-8")
    for step in (("extract",), ("update",)):
        assert l10n(root, *step)[0] == 0
    code, out = l10n(root, "translate")
    assert code == 0, out
    assert f"fr: route pivot via {best}; measured by 'l10n engines evaluate': chrF++ " in out
    assert f"pivot en→{best}→fr" in out
    # a second --apply has nothing to change
    code, out = l10n(root, "engines", "evaluate", "--reference", "refs/{locale}.po", "--apply")
    assert code == 0 and "already names the best route" in out


@spanish
def test_the_tiny_argos_model_is_a_third_candidate_and_wins_on_what_it_memorised(
    argos_packages: Path, tmp_path: Path
) -> None:
    root = make_project(tmp_path / "p", locales='["es"]', extra='[translate]\ncompute_type = "float32"\n')
    assert l10n(root, "models", "install", str(FIXTURE))[0] == 0
    references(root / "refs.po", MEMORISED)
    code, out = l10n(root, "engines", "evaluate", "--reference", "refs.po", "--apply")
    assert code == 0, out
    labels = [line.split()[0] for line in out.splitlines() if line.startswith("  ") and "→es " in line]
    assert labels[0] == "argos" and "apertium" in labels
    argos = next(line for line in out.splitlines() if line.startswith("  argos "))
    assert float(argos.split()[2]) > 90  # chrF++ of a model on sentences it memorised
    assert tomllib.loads((root / "l10n.toml").read_text(encoding="utf-8"))["locales"]["es"] == {"engine": "argos"}


@spanish
def test_reviewed_entries_of_the_project_are_the_references_and_fuzzy_ones_are_not(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["es"]')
    good = {"The police arrested two suspects.": "La policía detuvo a dos sospechosos.", "Hello.": "Hola."}
    references(root / "locales" / "es" / "LC_MESSAGES" / "news.po", {**good, "Draft.": "Borrador."}, fuzzy=("Draft.",))
    code, out = l10n(root, "engines", "evaluate")
    assert code == 0, out
    assert "es (en→es): 2 segments; 2 reviewed entries of the project" in out


def test_no_reference_at_all_says_what_to_do(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["es"]', extra='[translate]\nengines = ["pseudo"]\n')
    code, out = l10n(root, "engines", "evaluate")
    assert code == 0, out
    assert "no installed engine reaches en→es" in out


@spanish
def test_a_tmx_reference_is_read_and_one_with_a_doctype_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["es"]')
    tmx = root / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Good morning.</seg></tuv>'
        '<tuv xml:lang="es-ES"><seg>Buenos días.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    code, out = l10n(root, "engines", "evaluate", "--reference", "memory.tmx")
    assert code == 0, out
    assert "1 from memory.tmx" in out
    tmx.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx/>', encoding="utf-8")
    code, out = l10n(root, "engines", "evaluate", "--reference", "memory.tmx")
    assert code == 1
    assert "memory.tmx:1: declares a DTD of its own" in out
    assert "Traceback" not in out


@catalan
def test_a_star_in_pivots_lets_translate_go_through_any_installed_language(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["fr"]', extra='[translate]\npivots = ["*"]\n')
    (root / "source" / "note.txt").write_text("The police arrested two suspects.\n", encoding="utf-8")
    for step in (("extract",), ("update",)):
        assert l10n(root, *step)[0] == 0
    code, out = l10n(root, "translate")
    assert code == 0, out
    assert "pivot en→ca→fr" in out  # "*" tries languages by code: ca before es
    assert "fr: route pivot via ca; not evaluated" in out


def score(label: str, chrf: float, kept: int, via: str | None = None) -> Score:
    return Score(Route(label, via), "", "", 10, chrf, chrf / 2, 10, kept, 0, 0, 1.0)


def test_a_route_within_a_point_of_the_best_wins_by_keeping_more_names_and_numbers() -> None:
    ranked = rank([score("pivot", 51.9, 8, "es"), score("pivot", 51.2, 10, "ca"), score("apertium", 40.0, 10)])
    assert [s.route.label for s in ranked] == ["pivot via ca", "pivot via es", "apertium"]
    ranked = rank([score("pivot", 55.0, 8, "es"), score("pivot", 51.2, 10, "ca")])
    assert [s.route.label for s in ranked] == ["pivot via es", "pivot via ca"]  # 3.8 points is not noise


@spanish
def test_apply_leaves_a_read_only_configuration_alone_and_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["es"]')
    references(root / "refs.po", {"The police arrested two suspects.": "La policía detuvo a dos sospechosos."})
    toml = root / "l10n.toml"
    before = toml.read_bytes()
    toml.chmod(0o444)
    code, out = l10n(root, "engines", "evaluate", "--reference", "refs.po", "--apply")
    assert code == 1
    assert "l10n.toml: is read-only: the best routes were not written" in out
    assert toml.read_bytes() == before


def test_a_missing_reference_file_is_one_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", locales='["es"]')
    code, out = l10n(root, "engines", "evaluate", "--reference", "nope.po")
    assert code == 1
    assert "nope.po: no such file (give a .po or .tmx file of reference translations)" in out


def test_apply_keeps_the_configured_route_when_the_best_is_no_real_improvement(tmp_path: Path) -> None:
    from pipeline import config as config_module
    from pipeline.evaluate import Evaluation, kept_route

    root = make_project(tmp_path / "p", locales='["fr"]', extra='[locales.fr]\nengine = "pivot"\npivot = "ca"\n')
    cfg = config_module.load(root)

    def measured(es: float, ca_kept: int) -> Evaluation:
        ranked = rank([score("pivot", es, 9, "es"), score("pivot", 51.6, ca_kept, "ca")])
        return Evaluation("fr", Pair("en", "fr"), "", 60, ranked)

    close = measured(52.0, 9)
    assert close.best is not None and close.best.route.via == "es"
    kept = kept_route(cfg, close)
    assert kept is not None and kept.route.via == "ca"
    assert kept_route(cfg, measured(55.0, 9)) is None  # 3.4 points better: worth changing
    fewer = measured(52.0, 8)
    assert kept_route(cfg, fewer) is None  # the configured route loses names: change it
