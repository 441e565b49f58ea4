"""Who is reviewing: ``--reviewer 'Name <mail>'``, or git's user.name and user.email."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_REVIEWER = re.compile(r"[^<>\n\r]+ <[^<>\s@]+@[^<>\s]+>")


def valid_reviewer(text: str) -> bool:
    """'Name <mail>' on one line, as the Last-Translator header wants it."""
    return _REVIEWER.fullmatch(text.strip()) is not None


def reviewer_from_git(root: Path) -> str:
    """'Name <mail>' from ``git config`` run in the project; "" if git or either setting is missing."""
    found = []
    for key in ("user.name", "user.email"):
        try:
            done = subprocess.run(
                ["git", "config", "--get", key], cwd=root, capture_output=True, text=True, timeout=5, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        value = done.stdout.strip()
        if done.returncode != 0 or not value:
            return ""
        found.append(value)
    name, mail = found
    signed = f"{name} <{mail}>"
    return signed if valid_reviewer(signed) else ""
