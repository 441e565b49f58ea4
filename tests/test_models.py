"""``l10n models``: list, install (validated before anything is extracted), remove, available."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import models
from pipeline.cli import main
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "data" / "argos" / "translate-en_es-tiny.argosmodel"
RATIO_FROM = models.RATIO_FROM_BYTES
META = {"from_code": "en", "to_code": "xx", "package_version": "1.0", "type": "translate"}


def l10n(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def package(path: Path, entries: dict[str, bytes | str], symlinks: tuple[str, ...] = ()) -> Path:
    """A zip with ``entries`` (name -> content); names in ``symlinks`` are stored as symbolic links."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return path


def good(top: str = "translate-en_xx-1_0", meta: object = META) -> dict[str, bytes | str]:
    return {
        f"{top}/metadata.json": json.dumps(meta),
        f"{top}/model/model.bin": b"\x00" * 64,
        f"{top}/sentencepiece.model": b"sp",
    }


def test_the_fixture_installs_lists_and_removes(argos_packages: Path) -> None:
    code, out = l10n("models", "install", str(FIXTURE))
    assert code == 0, out
    assert "installed translate-en_es-tiny (en→es, version 1.0)" in out
    assert (argos_packages / "translate-en_es-tiny" / "model" / "model.bin").is_file()
    assert sorted(p.name for p in argos_packages.iterdir()) == ["translate-en_es-tiny"]  # no staging left behind

    code, out = l10n("models", "list")
    assert code == 0
    assert any(line.split()[:4] == ["argos", "en→es", "translate-en_es-tiny", "1.0"] for line in out.splitlines())

    code, out = l10n("models", "install", str(FIXTURE))
    assert code == 0 and out.startswith("replaced translate-en_es-tiny")

    code, out = l10n("models", "remove", "en", "es")
    assert code == 0 and "removed" in out
    assert list(argos_packages.iterdir()) == []
    code, out = l10n("models", "remove", "en", "es")
    assert code == 1 and "no Argos package for en→es is installed" in out


def test_list_says_when_no_argos_package_is_installed(argos_packages: Path) -> None:
    code, out = l10n("models", "list")
    assert code == 0
    assert "no Argos packages installed (l10n models install FILE.argosmodel)" in out


def test_list_shows_apertium_pairs_where_apertium_is_installed(argos_packages: Path) -> None:
    if not Path("/usr/share/apertium/modes/eng-spa.mode").exists():
        pytest.skip("apertium-eng-spa (Debian) is not installed")
    code, out = l10n("models", "list")
    assert code == 0
    assert any(line.split()[:3] == ["apertium", "en→es", "eng-spa"] for line in out.splitlines())


def test_list_says_how_to_get_apertium_where_it_is_missing(
    argos_packages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    code, out = l10n("models", "list")
    assert code == 0, out
    assert "no Apertium pairs: Apertium is not installed (on Debian or Ubuntu: apt-get install apertium" in out


def test_a_broken_package_folder_is_skipped_by_the_listing(argos_packages: Path) -> None:
    (argos_packages / "half-copied").mkdir(parents=True)
    models.install(FIXTURE)
    assert [m.name for m in models.listed() if m.engine == "argos"] == ["translate-en_es-tiny"]


BAD = [
    ("zip slip", lambda: {**good(), "translate-en_xx-1_0/../../evil.sh": "x"}, "would be written outside"),
    ("absolute path", lambda: {**good(), "/tmp/evil.sh": "x"}, "absolute"),
    ("two top folders", lambda: {**good(), "other/readme.txt": "x"}, "2 top-level folders"),
    ("file at the top", lambda: {**good(), "evil.sh": "x"}, "outside the package folder"),
    ("no metadata", lambda: {k: v for k, v in good().items() if "metadata" not in k}, "metadata.json' is missing"),
    ("bad JSON", lambda: {**good(), "translate-en_xx-1_0/metadata.json": "{from_code:"}, "not valid JSON"),
    ("JSON not an object", lambda: good(meta=["en", "xx"]), "must hold a JSON object"),
    ("no to_code", lambda: good(meta={**META, "to_code": ""}), "has no 'to_code'"),
    ("no version", lambda: good(meta={k: v for k, v in META.items() if k != "package_version"}), "package_version"),
    ("not a translation", lambda: good(meta={**META, "type": "sbd"}), "type 'sbd'"),
    ("no model", lambda: {k: v for k, v in good().items() if "model.bin" not in k}, "model/model.bin' is missing"),
    ("no tokenizer", lambda: {k: v for k, v in good().items() if "sentencepiece" not in k}, "bpe.model"),
    ("zip bomb", lambda: {**good(), "translate-en_xx-1_0/model/big.bin": b"\x00" * 4_000_000}, "zip bomb"),
    ("empty", lambda: {}, "empty"),
    (
        "zip bomb of small entries",
        lambda: {**good(), **{f"translate-en_xx-1_0/pad/{n}.bin": b"\x00" * (RATIO_FROM - 1) for n in range(40)}},
        "overall (a zip bomb?)",
    ),
    ("model.bin empty", lambda: {**good(), "translate-en_xx-1_0/model/model.bin": b""}, "model.bin' is empty"),
    ("tokenizer empty", lambda: {**good(), "translate-en_xx-1_0/sentencepiece.model": b""}, "model' is empty"),
    ("code not a code", lambda: good(meta={**META, "from_code": "../x"}), "language code '../x'"),
    (
        "version infinite",
        lambda: {
            **good(),
            "translate-en_xx-1_0/metadata.json": '{"from_code": "en", "to_code": "xx", "package_version": 1e999}',
        },
        "package_version 'inf'",
    ),
]


@pytest.mark.parametrize(("case", "entries", "message"), BAD, ids=[case for case, _, _ in BAD])
def test_unsafe_or_broken_packages_are_rejected_and_nothing_is_installed(
    argos_packages: Path, tmp_path: Path, case: str, entries: object, message: str
) -> None:
    assert callable(entries)
    bad = package(tmp_path / "bad.argosmodel", entries())
    code, out = l10n("models", "install", str(bad))
    assert code == 1
    assert out.startswith(f"l10n: error: {bad}: "), out
    assert message in out
    assert not argos_packages.exists() or list(argos_packages.iterdir()) == []
    assert not (tmp_path / "evil.sh").exists()


def test_a_symlink_entry_is_rejected(argos_packages: Path, tmp_path: Path) -> None:
    bad = package(
        tmp_path / "link.argosmodel",
        {**good(), "translate-en_xx-1_0/link": "/etc/passwd"},
        ("translate-en_xx-1_0/link",),
    )
    code, out = l10n("models", "install", str(bad))
    assert code == 1 and "'translate-en_xx-1_0/link': a symbolic link" in out


def test_a_file_that_is_not_a_zip_is_rejected(argos_packages: Path, tmp_path: Path) -> None:
    bad = tmp_path / "model.argosmodel"
    bad.write_text("not a zip", encoding="utf-8")
    code, out = l10n("models", "install", str(bad))
    assert code == 1 and f"{bad}: not a valid .argosmodel (a zip archive)" in out
    code, out = l10n("models", "install", str(tmp_path / "missing.argosmodel"))
    assert code == 1 and "missing.argosmodel: no such file" in out


def test_the_size_bound_applies_before_extraction(
    argos_packages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "MAX_TOTAL_BYTES", 1000)
    code, out = l10n("models", "install", str(FIXTURE))
    assert code == 1 and "too large once extracted" in out
    assert not argos_packages.exists() or list(argos_packages.iterdir()) == []


def test_an_unwritable_packages_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(blocker / "packages"))
    code, out = l10n("models", "install", str(FIXTURE))
    assert code == 1 and "cannot write the packages folder" in out and "ARGOS_PACKAGES_DIR" in out


def test_available_offline_says_what_to_do_instead(
    argos_packages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", (tmp_path / "no-index").as_uri())
    code, out = l10n("models", "available")
    assert code == 1
    assert "Argos package index" in out and "cannot be reached" in out
    assert "l10n models install FILE.argosmodel" in out


def test_available_lists_a_reachable_index(
    argos_packages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    index.mkdir()
    rows = [{**META, "to_code": "ar", "package_version": "1.1"}, {**META, "to_code": "de"}]
    (index / "index.json").write_text(json.dumps(rows), encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    code, out = l10n("models", "available")
    assert code == 0
    assert out.splitlines() == ["en→ar  translate-en_ar  1.1", "en→de  translate-en_de  1.0"]


def test_an_unwritable_home_is_one_error_line_not_a_traceback(tmp_path: Path) -> None:
    """argostranslate creates its folders at import: run it fresh, in a process of its own."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ARGOS_PACKAGES_DIR"}
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(blocker / name.lower())
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "models", "list"], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "argostranslate cannot create its folders" in done.stderr and "ARGOS_PACKAGES_DIR" in done.stderr


TOP = "translate-en_xx-1_0"
ALIASES = [
    (
        "metadata alias with ./",
        {f"{TOP}/./metadata.json": json.dumps({**META, "to_code": "../../../etc", "package_version": "9.9<script>"})},
        "appears twice",
    ),
    ("model alias with //", {f"{TOP}//model/model.bin": b""}, "appears twice"),
    ("model alias with a backslash", {f"{TOP}\\model\\model.bin": b""}, "appears twice"),
    ("folder stored as a file", {f"{TOP}/model": b"x"}, "appears twice"),
]


@pytest.mark.parametrize(("case", "extra", "message"), ALIASES, ids=[case for case, _, _ in ALIASES])
def test_an_entry_aliasing_a_validated_one_is_refused_and_nothing_is_installed(
    argos_packages: Path, tmp_path: Path, case: str, extra: dict[str, bytes | str], message: str
) -> None:
    """extractall wrote the alias over the file validation had read: a hostile to_code, a 0-byte model."""
    bad = package(tmp_path / "alias.argosmodel", {**good(), **extra})
    code, out = l10n("models", "install", str(bad))
    assert code == 1 and message in out, out
    assert not argos_packages.exists() or list(argos_packages.iterdir()) == []


def test_odd_but_harmless_names_are_installed_normalised(argos_packages: Path, tmp_path: Path) -> None:
    """A Windows zip's backslashes and a "./" are folders, as a file system reads them."""
    entries = {
        f"{TOP}\\metadata.json": json.dumps(META),
        f"{TOP}/./model//model.bin": b"\x01" * 64,
        f"{TOP}/sentencepiece.model": b"sp",
    }
    code, out = l10n("models", "install", str(package(tmp_path / "win.argosmodel", entries)))
    assert code == 0, out
    installed = argos_packages / TOP
    assert sorted(p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()) == [
        "metadata.json",
        "model/model.bin",
        "sentencepiece.model",
    ]
    assert (installed / "model" / "model.bin").read_bytes() == b"\x01" * 64
    assert json.loads((installed / "metadata.json").read_text(encoding="utf-8"))["to_code"] == "xx"


NAMES = [
    ("control character in a name", {**good(), f"{TOP}/a\nb": "x"}, "control character"),
    ("escape sequence in a name", {**good(), f"{TOP}/\x1b[2Jx": "x"}, "control character"),
    ("over-long name", {**good(), f"{TOP}/{'a' * 300}": "x"}, "entry name too long"),
    ("over-long code", good(meta={**META, "to_code": "xx-" + "-".join(["abcdefgh"] * 20)}), "language code"),
    ("en to en", good(meta={**META, "to_code": "en"}), "translates en into itself"),
    ("en to EN", good(meta={**META, "to_code": "EN"}), "into itself"),
    ("over-long version", good(meta={**META, "package_version": "1" + ".1" * 50}), "not a version"),
    ("a drive letter", {**good(), "C:\\evil.sh": "x"}, "absolute"),
]


@pytest.mark.parametrize(("case", "entries", "message"), NAMES, ids=[case for case, _, _ in NAMES])
def test_hostile_names_codes_and_versions_are_refused(
    argos_packages: Path, tmp_path: Path, case: str, entries: dict[str, bytes | str], message: str
) -> None:
    bad = package(tmp_path / "bad.argosmodel", entries)
    code, out = l10n("models", "install", str(bad))
    assert code == 1 and message in out, out
    assert len(out.splitlines()) == 1 and "\x1b" not in out
    assert not argos_packages.exists() or list(argos_packages.iterdir()) == []
