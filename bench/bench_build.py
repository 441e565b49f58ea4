"""Build and release times: the sample press release, and a generated 200-document corpus.

Catalogs are filled without an engine (90% reviewed, 10% machine, so both
policies have work to do), then we time: a cold build into an empty dist/, a
re-build with nothing changed, a re-build after one catalog changed, and
``release`` (build + both archives).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline import catalog, config
from pipeline.build import Report, build
from pipeline.extract import extract
from pipeline.release import release
from pipeline.review import mark_machine
from pipeline.update import update

ROOT = Path(__file__).resolve().parent.parent
LOCALES = '["fr", "es", "ar", "en-XA", "ar-XB"]'
DOCUMENTS = 200
WORDS = [
    "police",
    "cooperation",
    "regional",
    "conference",
    "members",
    "officials",
    "security",
    "threats",
    "crime",
    "data",
    "network",
    "countries",
    "secretary",
    "general",
    "president",
    "office",
    "partners",
    "training",
    "analysis",
    "borders",
    "response",
]


def _write_corpus(source: Path, rng: random.Random) -> None:
    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
        return " ".join(words).capitalize() + "."

    for number in range(DOCUMENTS):
        paragraphs = [" ".join(sentence() for _ in range(3)) for _ in range(5)]
        title = sentence().rstrip(".")
        kind = number % 3
        if kind == 0:
            (source / f"doc{number:03}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        elif kind == 1:
            body = "\n\n".join(f"{p} See *the* [notes](n{number}.html)." for p in paragraphs)
            (source / f"doc{number:03}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
        else:
            body = "\n".join(f"<p>{p} <strong>Note</strong>.</p>" for p in paragraphs)
            html = (
                f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
                f"</head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
            )
            (source / f"doc{number:03}.html").write_text(html, encoding="utf-8")


def _fill(cfg: config.Config, rng: random.Random) -> None:
    """Translate every entry without an engine: mostly reviewed, some machine."""
    for po_path in sorted(cfg.locales_dir.glob("*/LC_MESSAGES/*.po")):
        po = catalog.read(po_path)
        for entry in po:
            text = entry.msgid.upper()
            if rng.random() < 0.1:
                mark_machine(entry, text, "bench 1")
            else:
                entry.msgstr = text
        catalog.save(po, po_path)


def _project(folder: Path, corpus: bool) -> config.Config:
    if corpus:
        (folder / "source").mkdir(parents=True)
        (folder / "l10n.toml").write_text(f'[project]\nname = "Bench corpus"\nlocales = {LOCALES}\n', encoding="utf-8")
        _write_corpus(folder / "source", random.Random(7))
    else:
        shutil.copytree(ROOT / "source", folder / "source")
        shutil.copy(ROOT / "l10n.toml", folder / "l10n.toml")
    cfg = config.load(folder)
    extract(cfg)
    update(cfg, cfg.locales)
    _fill(cfg, random.Random(11))
    return cfg


def _timed(step: Callable[[], Report]) -> tuple[float, float, Report]:
    """Wall and CPU seconds (CPU is steadier on a shared machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    report = step()
    return time.perf_counter() - started, time.process_time() - cpu, report


def _measure(name: str, cfg: config.Config) -> list[str]:
    documents = len(cfg.documents())
    rows: list[tuple[str, float, float, Report]] = []
    rows.append((f"{name}: cold build (draft)", *_timed(lambda: build(cfg, None, "draft"))))
    rows.append((f"{name}: nothing changed", *_timed(lambda: build(cfg, None, "draft"))))
    po_path = sorted(cfg.locales_dir.glob("fr/LC_MESSAGES/*.po"))[0]
    po = catalog.read(po_path)
    po[0].msgstr = po[0].msgstr + " (edited)"
    catalog.save(po, po_path)
    rows.append((f"{name}: one catalog changed", *_timed(lambda: build(cfg, None, "draft"))))
    shutil.rmtree(cfg.dist_dir)
    rows.append(
        (
            f"{name}: release (cold build, reviewed + 2 archives)",
            *_timed(lambda: release(cfg, "1.0.0", cfg.root / "out", "reviewed").report),
        )
    )
    cold_cpu = rows[0][2]
    lines = []
    for label, wall, cpu, result in rows:
        published = sum(1 for v in result.versions if v.published)
        lines.append(
            f"| {label} | {documents} | {published} | {len(result.written)} | {wall:.2f} | {cpu:.2f} "
            f"| {cpu / cold_cpu:.2f} |"
        )
    return lines


def run() -> str:
    lines = [
        "## Build and release",
        "",
        "Locales fr, es, ar, en-XA, ar-XB; catalogs 90% reviewed, 10% machine. The corpus is "
        f"{DOCUMENTS} generated documents (a third each .txt, .md, .html; 15 sentences each).",
        "",
        "| Run | Documents | Published versions | Files written | Wall s | CPU s | CPU × cold build |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, corpus in (("sample", False), ("200 documents", True)):
        with tempfile.TemporaryDirectory(prefix="l10n-bench-build-") as tmp:
            lines.extend(_measure(name, _project(Path(tmp) / "project", corpus)))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
