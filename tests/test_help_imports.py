"""``l10n --help`` stays instant: no command's help imports the web server, the parsers or an MT engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

# Each costs from tens of milliseconds (jinja2) to seconds (argostranslate, which pulls in its models' stack).
HEAVY = frozenset(
    {"flask", "jinja2", "markdown_it", "ctranslate2", "argostranslate", "sentencepiece", "onnxruntime", "html5lib"}
)


def imported(arguments: list[str], cwd: Path) -> set[str]:
    """The top-level packages ``python -m pipeline ARGUMENTS`` imports, from ``-X importtime``."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pipeline", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Usage:" in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:") and "|" in line]
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in lines}


@pytest.mark.parametrize("command", ["", *sorted(main.commands)])
def test_help_imports_no_heavy_module(command: str, tmp_path: Path) -> None:
    arguments = [command, "--help"] if command else ["--help"]
    found = imported(arguments, tmp_path)
    assert "pipeline" in found  # the report was read
    assert found & HEAVY == set()
