"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "source" / "interpol-european-regional-conference.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def chromium_flags(profile: Path, width: int, height: int) -> list[str]:
    """Headless Chromium that stays off the network and out of the user's own profile (``profile``: a tmp folder)."""
    return [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
    ]


def make_project(root: Path, locales: str = '["fr", "es"]', extra: str = "") -> Path:
    """A project folder with an l10n.toml and an empty source/."""
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "l10n.toml").write_text(
        f'[project]\nname = "test"\nsource_language = "en"\nlocales = {locales}\n{extra}',
        encoding="utf-8",
    )
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project translating into fr and es."""
    return make_project(tmp_path / "project")


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A copy of the repository's sample project: the press release, its l10n.toml."""
    root = tmp_path / "sample"
    # The release's .docx and .srt versions are made by 'make demo', not part of the sample.
    shutil.copytree(REPO / "source", root / "source", ignore=shutil.ignore_patterns("*-word.docx", "*-subtitles.srt"))
    shutil.copy(REPO / "l10n.toml", root / "l10n.toml")
    if (REPO / "glossary.csv").exists():
        shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    return root


@pytest.fixture
def argos_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Argos packages folder (ARGOS_PACKAGES_DIR) of the test's own; argostranslate's other folders too."""
    # argostranslate reads these variables once, at import: import it with the real ones, so
    # that later tests (without the variable) do not see this test's packages.
    import argostranslate.settings  # noqa: F401

    folder = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return folder
