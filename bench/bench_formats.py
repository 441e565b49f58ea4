"""Extract + update + build over real-world Markdown, beside po4a doing the same job.

Both tools start from the same files in a fresh folder, with one target locale and no
translations: l10n runs ``extract``, ``update`` and ``build`` (three commands, as a user
types them); po4a runs once over one config that lists every file as ``[type: text]`` with
``-o markdown`` and ``--keep 0``, which is its equivalent (template, merged catalog,
rebuilt documents). Each tool's untranslated output is then compared with its source.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polib

from bench import corpus
from pipeline import formats
from pipeline.extract import read_source
from pipeline.model import SplitOptions

LOCALE = "fr"
SHOWN_FAILURES = 25


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system time of the tool's processes: steadier on a busy machine
    entries: int
    identical: int
    loose: int  # identical once whitespace is ignored
    failures: tuple[tuple[str, str], ...]  # (file, why it differs)


def run() -> str:
    missing: list[str] = []
    files = corpus.markdown_files(missing=missing)
    if not files:
        return "## Markdown: l10n vs po4a\n\nNo corpus: " + "; ".join(missing) + "\n"
    root = corpus.CACHE / "files"
    names = [f.relative_to(root).as_posix() for f in files]
    accepted, rejected = _screen(files, names)
    errors = []
    ours = theirs = None
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
        base = Path(tmp)
        segments = _segments(root, accepted)
        try:
            ours = _l10n(root, accepted, base / "l10n") if accepted else None
        except subprocess.CalledProcessError as error:
            errors.append(f"l10n {error.cmd[5]} failed: {_last_line(error)}")
        try:
            theirs = _po4a(root, accepted or names, base / "po4a") if shutil.which("po4a") else None
        except subprocess.CalledProcessError as error:
            errors.append(f"po4a failed: {_last_line(error)}")
    report = _report(names, accepted, rejected, segments, ours, theirs, _package_count(names))
    skipped = "".join(f"- {m}\n" for m in missing)
    return (
        report
        + (f"\nPackages left out of the corpus:\n{skipped}" if missing else "")
        + "".join(f"\n**{e}**\n" for e in errors)
    )


def _last_line(error: subprocess.CalledProcessError) -> str:
    lines = str(error.stderr or error.stdout or "").strip().splitlines()
    return f"exit {error.returncode}: {lines[-1] if lines else 'no output'}"


def _screen(files: list[Path], names: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files the Markdown format splits, and why the others fail (each is a bug report)."""
    accepted, rejected = [], []
    options = SplitOptions(language="en", segmentation="sentence")
    for path, name in zip(files, names, strict=True):
        try:
            formats.for_path(path).split(read_source(path), f"source/{name}", options)
        except Exception as error:  # a crash in a format is a finding, not the end of the run
            rejected.append((name, f"{type(error).__name__}: {error}"))
        else:
            accepted.append(name)
    return accepted, rejected


def _segments(root: Path, names: list[str]) -> int:
    options = SplitOptions(language="en", segmentation="sentence")
    total = 0
    for name in names:
        path = root / name
        document = formats.for_path(path).split(read_source(path), f"source/{name}", options)
        total += sum(1 for _ in document.segments())
    return total


def _copy(root: Path, names: list[str], project: Path) -> None:
    for name in names:
        target = project / "source" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / name, target)


def _l10n(root: Path, names: list[str], project: Path) -> Run:
    _copy(root, names, project)
    (project / "l10n.toml").write_text(
        f'[project]\nname = "bench"\nsource_language = "en"\nlocales = ["{LOCALE}"]\nsegmentation = "sentence"\n'
        # Publish every document however little is translated, as po4a's --keep 0 does.
        "\n[build]\nmin_reviewed = 0\n",
        encoding="utf-8",
    )
    clock = _Clock()
    for step in (["extract"], ["update"], ["build", "--policy", "draft"]):
        command = [sys.executable, "-m", "pipeline", "-C", str(project), *step]
        subprocess.run(command, check=True, capture_output=True, text=True)
    seconds, cpu = clock.read()
    entries = sum(len(polib.pofile(str(p))) for p in (project / "locales").rglob("*.pot"))
    return _compare(project / "source", project / "dist" / LOCALE, names, (seconds, cpu), entries)


def po4a_project(root: Path, names: list[str], project: Path) -> None:
    """``names`` copied from ``root`` into ``project/source`` with a po4a.cfg for them (Markdown, one locale)."""
    _copy(root, names, project)
    lines = [
        f"[po4a_langs] {LOCALE}",
        "[po4a_paths] po/corpus.pot $lang:po/$lang.po",
        "[options] --keep 0 --master-charset UTF-8 --localized-charset UTF-8",
    ]
    lines += [f'[type: text] source/{n} $lang:dist/$lang/{n} opt:"-o markdown"' for n in names]
    (project / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_po4a(project: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one po4a run over ``project``'s po4a.cfg."""
    clock = _Clock()
    subprocess.run(["po4a", "--no-backups", "po4a.cfg"], cwd=project, check=True, capture_output=True, text=True)
    return clock.read()


def _po4a(root: Path, names: list[str], project: Path) -> Run:
    po4a_project(root, names, project)
    seconds, cpu = run_po4a(project)
    entries = len(polib.pofile(str(project / "po" / "corpus.pot")))
    return _compare(project / "source", project / "dist" / LOCALE, names, (seconds, cpu), entries)


class _Clock:
    """Wall time and the CPU time of finished child processes since creation."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = self._children()

    @staticmethod
    def _children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, self._children() - self.cpu


def _compare(source: Path, built: Path, names: list[str], times: tuple[float, float], entries: int) -> Run:
    identical = loose = 0
    failures = []
    for name in names:
        want = (source / name).read_bytes()
        output = built / name
        got = output.read_bytes() if output.exists() else None
        if got == want:
            identical += 1
            loose += 1
            continue
        if got is not None and got.split() == want.split():
            loose += 1
        failures.append((name, _difference(want, got)))
    return Run(times[0], times[1], entries, identical, loose, tuple(failures))


def _difference(want: bytes, got: bytes | None) -> str:
    """Where and how an output differs from its source, in one line."""
    if got is None:
        return "not written"
    if want.replace(b"\r\n", b"\n") == got:
        return "CRLF line ends became LF"
    if want.removeprefix(b"\xef\xbb\xbf") == got:
        return "byte-order mark dropped"
    old, new = want.decode("utf-8", "replace").split("\n"), got.decode("utf-8", "replace").split("\n")
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return f"line {number}: {_clip(a)} -> {_clip(b)}"
    return f"{len(old)} lines -> {len(new)} lines"


def _clip(text: str, width: int = 60) -> str:
    shown = repr(text)
    return shown if len(shown) <= width else shown[: width - 4] + "...'"


def _package_count(names: list[str]) -> int:
    return len({n.split("/", 1)[0] for n in names})


def _report(
    names: list[str],
    accepted: list[str],
    rejected: list[tuple[str, str]],
    segments: int,
    ours: Run | None,
    theirs: Run | None,
    packages: int,
) -> str:
    size = sum((corpus.CACHE / "files" / n).stat().st_size for n in names)
    out = [
        "## Markdown: l10n vs po4a (extract + update + build, one locale)",
        "",
        f"Corpus: {len(names)} Markdown files ({size / 1e6:.1f} MB) from {packages} npm and PyPI packages; "
        f"timed over the {len(accepted)} files the Markdown format accepts; one run each, from an empty project "
        f"to rebuilt documents. Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(CPU seconds are the steadier figure when the machine is busy).",
        "",
        "| | l10n | po4a |",
        "|---|---:|---:|",
    ]
    out.append(f"| files | {len(accepted)} | {len(accepted or names) if theirs else '—'} |")
    out.append(f"| segments (sentences) | {segments} | — |")
    out.append(f"| catalog entries | {_figure(ours, 'entries')} | {_figure(theirs, 'entries')} |")
    out.append(f"| wall-clock seconds | {_figure(ours, 'seconds')} | {_figure(theirs, 'seconds')} |")
    out.append(f"| CPU seconds (user + system) | {_figure(ours, 'cpu')} | {_figure(theirs, 'cpu')} |")
    out.append(f"| untranslated build identical to the source | {_share(ours)} | {_share(theirs)} |")
    loose = f"{_share(ours, loose=True)} | {_share(theirs, loose=True)}"
    out.append(f"| … identical once whitespace is ignored | {loose} |")
    out.append("")
    if ours and theirs:
        wall, cpu = theirs.seconds / ours.seconds, theirs.cpu / ours.cpu
        out.append(
            f"**po4a / l10n: {wall:.1f}× in wall-clock time, {cpu:.1f}× in CPU time** (above 1: l10n is faster)."
        )
    elif theirs is None:
        out.append("po4a is not installed (Debian package `po4a`): no comparison.")
    if not accepted:
        out.append("The Markdown format accepted no file: nothing timed for l10n.")
    out.append("")
    if rejected:
        out.append(f"Files the Markdown format rejects ({len(rejected)}):")
        out += [f"- `{name}`: {why}" for name, why in rejected[:SHOWN_FAILURES]]
        out.append("")
    if ours and ours.failures:
        out.append(f"Files an untranslated l10n build does not reproduce byte for byte ({len(ours.failures)}):")
        out += [f"- `{name}`: {why}" for name, why in ours.failures[:SHOWN_FAILURES]]
        if len(ours.failures) > SHOWN_FAILURES:
            out.append(f"- … and {len(ours.failures) - SHOWN_FAILURES} more")
        out.append("")
    return "\n".join(out)


def _figure(result: Run | None, field: str) -> str:
    if result is None:
        return "—"
    value = getattr(result, field)
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _share(result: Run | None, *, loose: bool = False) -> str:
    if result is None:
        return "—"
    total = result.identical + len(result.failures)
    return f"{result.loose if loose else result.identical} / {total}"
