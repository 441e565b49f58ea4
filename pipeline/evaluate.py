"""``l10n engines evaluate``: measure every route on the project's own reviewed text.

A team that has reviewed a few hundred entries holds the best test set for its
own text. Each route (see :mod:`pipeline.routes`) translates a sample of those
entries, masked exactly as ``translate`` masks them; the reviewed translations
are the references, never shown to the engines. Scores are sacrebleu's chrF++
and BLEU, beside what matters for publishing: how many protected tokens
(placeholders, numbers, names, do-not-translate terms) came through unchanged,
how fast, and how many words the engine did not know.

The sample is every reviewed, singular entry of the locale's catalogs (plus a
reference file where one is given), distinct by source text, in an order fixed
by a hash of the text: the same catalogs always give the same sample.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from pipeline import catalog, glossary
from pipeline.config import Config
from pipeline.engines import Pair
from pipeline.errors import EngineError, L10nError
from pipeline.review import State, state
from pipeline.routes import Finder, Route, pair_for
from pipeline.translate import restore_masked, unknown_words

MIN_ENTRIES = 50
"""Below this many reference entries a score says little; the table says so."""
TIE = 1.0
"""chrF++ points within which two routes count as equally good; protected tokens kept decide."""
RESULTS = Path(".l10n-cache") / "evaluation.json"
"""Where the last evaluation is kept for ``translate`` to quote; deleting it is safe."""

NAME = re.compile(r"(?<![\w'’-])(?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)+|[A-Z]{2,}[A-Z0-9]*)(?![\w'’-])")
"""Names a translation must keep as they are: hyphenated capitalised names (Al-Raisi, O'Brien) and acronyms."""


@dataclass(frozen=True)
class Reference:
    source: str
    translation: str


@dataclass(frozen=True)
class Score:
    """One route measured on one locale's references."""

    route: Route
    path: str  # en→ca→fr
    made_by: str  # the provenance translate would write
    segments: int
    chrf: float  # chrF++ (sacrebleu CHRF, word_order=2)
    bleu: float
    protected: int  # protected tokens in the sources
    kept: int  # of those, how many came through unchanged
    masks_lost: int  # segments whose masked tokens the engine lost (translate leaves them untranslated)
    unknown_words: int
    seconds: float

    @property
    def kept_percent(self) -> float:
        return 100.0 * self.kept / self.protected if self.protected else 100.0

    @property
    def per_second(self) -> float:
        return self.segments / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Evaluation:
    """One locale: its references, where they came from, and every route's score (best first)."""

    locale: str
    pair: Pair
    origin: str  # "42 reviewed entries of the project" / "+ reference/fr.po"
    references: int
    scores: tuple[Score, ...]
    failed: tuple[tuple[str, str], ...] = ()  # (route label, why) for routes that could not run
    problem: str | None = None  # why nothing was measured

    @property
    def best(self) -> Score | None:
        return self.scores[0] if self.scores else None

    @property
    def too_few(self) -> bool:
        return 0 < self.references < MIN_ENTRIES


def references(config: Config, code: str, extra: Sequence[Path] = ()) -> tuple[list[Reference], str]:
    """The locale's reviewed entries and those of ``extra`` files (.po or .tmx), and a line saying whence."""
    found: dict[str, str] = {}
    own = 0
    folder = config.locales_dir / code / "LC_MESSAGES"
    for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
        for source, translation in _reviewed(catalog.read(path)):
            if source not in found:
                found[source] = translation
                own += 1
    said = [f"{own} reviewed {'entry' if own == 1 else 'entries'} of the project"]
    for path in extra:
        before = len(found)
        pairs = _tmx_pairs(path, config.source_language, code) if path.suffix.lower() == ".tmx" else None
        for source, translation in pairs if pairs is not None else _reviewed(catalog.read(path)):
            found.setdefault(source, translation)
        said.append(f"{len(found) - before} from {config.relative(path)}")
    ordered = sorted(found.items(), key=lambda item: hashlib.sha256(item[0].encode("utf-8")).hexdigest())
    return [Reference(s, t) for s, t in ordered], ", ".join(said)


def _reviewed(po: polib.POFile) -> Iterator[tuple[str, str]]:
    for entry in po:
        if entry.obsolete or not entry.msgid or entry.msgid_plural or not entry.msgstr.strip():
            continue
        if state(entry) is State.REVIEWED:
            yield entry.msgid, entry.msgstr


def _tmx_pairs(path: Path, source: str, target: str) -> list[tuple[str, str]]:
    """Units of a TMX file with both languages; read by :mod:`pipeline.tmx` (streamed, no entities)."""
    from pipeline.tmx import read, same_language

    pairs = []
    for unit in read(path, source)[0]:
        texts = {
            which: text
            for tag, (text, _) in unit.seg.items()
            for which, code in (("s", source), ("t", target))
            if same_language(tag, code)
        }
        if texts.get("s") and texts.get("t"):
            pairs.append((texts["s"], texts["t"]))
    return pairs


def evaluate(
    config: Config,
    code: str,
    refs: Sequence[Reference],
    origin: str,
    finder: Finder,
    sample: int,
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Translate ``sample`` references along every route to ``code`` and score each."""
    pair = pair_for(config, code)
    chosen = list(refs[:sample])
    routes = finder.routes(pair)
    if not routes:
        problem = f"no installed engine reaches {pair_arrow(pair)}: nothing to measure"
        return Evaluation(code, pair, origin, len(chosen), (), problem=problem)
    if not chosen:
        problem = f"no reviewed {code} entries to measure with; review some, or give --reference FILE (.po or .tmx)"
        return Evaluation(code, pair, origin, 0, (), problem=problem)
    terms = glossary.for_project(config.root, config.translate.glossary)
    scores, failed = [], []
    for route in routes:
        if progress is not None:
            progress(f"{code}: {route.label} ({route.path(pair)}), {len(chosen)} segments")
        try:
            scores.append(_score(route, pair, code, chosen, finder, terms))
        except L10nError as error:
            failed.append((route.label, error.message))
    return Evaluation(code, pair, origin, len(chosen), rank(scores), tuple(failed))


def rank(scores: Sequence[Score]) -> tuple[Score, ...]:
    """Best first: by chrF++, except that routes within TIE points of the best are ranked by protected tokens kept.

    On a few dozen sentences a difference under a point of chrF++ is noise, while
    a changed name or number in a published release is an error a reader sees.
    """
    by_chrf = sorted(scores, key=lambda s: (-s.chrf, -s.bleu, s.route.label))
    if not by_chrf:
        return ()
    top = by_chrf[0].chrf
    close = [s for s in by_chrf if s.chrf >= top - TIE]
    close.sort(key=lambda s: (-s.kept_percent, -s.chrf, -s.bleu, s.route.label))
    return (*close, *(s for s in by_chrf if s.chrf < top - TIE))


def pair_arrow(pair: Pair) -> str:
    return f"{pair.source}→{pair.target}"


def _score(
    route: Route, pair: Pair, code: str, refs: Sequence[Reference], finder: Finder, terms: glossary.Glossary
) -> Score:
    from pipeline.mask import mask

    engine = finder.engine(route)
    keep = terms.masked_terms(code)
    masked = [mask(ref.source, keep) for ref in refs]
    began = time.perf_counter()
    outputs = engine.translate([m.text for m in masked], pair)
    seconds = time.perf_counter() - began
    if len(outputs) != len(refs):
        raise EngineError(f"{route.label} returned {len(outputs)} translations for {len(refs)} segments")
    unknown = unknown_words(engine)
    hypotheses, lost = [], 0
    for ref, m, output in zip(refs, masked, outputs, strict=True):
        text = restore_masked(ref.source, m, output, code, terms)
        if text is None:
            lost += 1
            text = ""
        hypotheses.append(text)
    protected = kept = 0
    dnt = terms.do_not_translate(code)
    for ref, m, text in zip(refs, masked, hypotheses, strict=True):
        wanted = _protected(ref.source, [original for _, original in m.tokens], dnt)
        protected += len(wanted)
        kept += sum(1 for item in wanted if item in text)
    chrf, bleu = _metrics(hypotheses, [ref.translation for ref in refs], pair.target)
    return Score(
        route=route,
        path=route.path(pair),
        made_by=engine.provenance(pair),
        segments=len(refs),
        chrf=chrf,
        bleu=bleu,
        protected=protected,
        kept=kept,
        masks_lost=lost,
        unknown_words=unknown,
        seconds=seconds,
    )


def _protected(source: str, masked: Sequence[str], dnt: Sequence[str]) -> list[str]:
    """What must reach the translation unchanged: masked tokens, names, DNT terms (each once)."""
    items = list(masked)
    items += [name for name in NAME.findall(source) if name not in items]
    items += [term for term in dnt if term in source and term not in items]
    return items


def _metrics(hypotheses: list[str], refs: list[str], target: str) -> tuple[float, float]:
    import sacrebleu

    chrf = sacrebleu.corpus_chrf(hypotheses, [refs], word_order=2).score
    tokenize = "zh" if target == "zh" else "char" if target in ("ja", "ko", "th", "my", "lo", "km") else "13a"
    bleu = sacrebleu.corpus_bleu(hypotheses, [refs], tokenize=tokenize).score
    return round(chrf, 1), round(bleu, 1)


def table(result: Evaluation) -> str:
    """The per-locale table the command prints."""
    lines = [f"{result.locale} ({pair_arrow(result.pair)}): {result.references} segments; {result.origin}"]
    if result.problem:
        return "\n".join([*lines, f"  {result.problem}"])
    if result.too_few:
        lines.append(
            f"  only {result.references} reference entries (fewer than {MIN_ENTRIES}): the ranking is indicative; "
            "review more, or add --reference FILE (.po or .tmx)"
        )
    header = ("route", "path", "chrF++", "BLEU", "protected kept", "masks lost", "seg/s", "unknown words")
    rows = [header]
    for score in result.scores:
        rows.append(
            (
                score.route.label,
                score.path,
                f"{score.chrf:.1f}",
                f"{score.bleu:.1f}",
                f"{score.kept}/{score.protected} ({score.kept_percent:.0f}%)",
                str(score.masks_lost),
                f"{score.per_second:.1f}",
                str(score.unknown_words),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for index, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  " + "  ".join("-" * width for width in widths))
    for label, why in result.failed:
        lines.append(f"  {label}: could not run: {why}")
    if result.best is not None:
        lines.append(f"  best: {result.best.route.label} ({result.best.made_by})")
    return "\n".join(lines)


def save_results(config: Config, results: Sequence[Evaluation]) -> Path:
    """Keep the scores where ``translate`` finds them; merged with earlier runs for other locales."""
    from pipeline.atomic import write_atomic

    path = config.root / RESULTS
    known = _load(path)
    for result in results:
        if result.best is None:
            continue
        known[result.locale] = {
            "references": result.references,
            "origin": result.origin,
            "scores": [{**asdict(s), "route": s.route.settings(), "label": s.route.label} for s in result.scores],
        }
    write_atomic(path, json.dumps(known, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def _load(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def quote(config: Config, code: str, route: Route) -> str | None:
    """What the last evaluation said of ``route`` for ``code``: "chrF++ 49.4, BLEU 32.8 on 40 entries"."""
    found = _load(config.root / RESULTS).get(code)
    if not isinstance(found, dict):
        return None
    scores = found.get("scores")
    for rank, score in enumerate(scores if isinstance(scores, list) else [], start=1):
        if isinstance(score, dict) and score.get("route") == route.settings():
            of = f"best of {len(scores)}" if rank == 1 else f"#{rank} of {len(scores)}"  # type: ignore[arg-type]
            return f"chrF++ {score.get('chrf')}, BLEU {score.get('bleu')} on {found.get('references')} entries ({of})"
    return None


def kept_route(config: Config, result: Evaluation) -> Score | None:
    """The route ``l10n.toml`` names, where the best is no real improvement on it; else None.

    A route within TIE chrF++ points of the best that keeps as many protected
    tokens is as good on this evidence: ``--apply`` keeps it rather than change
    the configuration (and every later translation) on noise.
    """
    best = result.best
    settings = config.locale(result.locale)
    if best is None or settings.engine is None:
        return None
    for score in result.scores:
        named = (score.route.engine, score.route.via) == (settings.engine, settings.pivot) and score is not best
        if named and best.chrf - score.chrf < TIE and score.kept_percent >= best.kept_percent:
            return score
    return None


def apply(config: Config, results: Sequence[Evaluation]) -> str:
    """Write each locale's best route into ``l10n.toml``; the unified diff, or "" if nothing changed."""
    import difflib

    from pipeline.atomic import write_atomic
    from pipeline.config import CONFIG_NAME, load, with_locale_settings

    changes: dict[str, dict[str, str | None]] = {}
    for result in results:
        best = result.best
        if best is None or kept_route(config, result) is not None:
            continue
        current = config.locale(result.locale)
        if (current.engine, current.pivot) != (best.route.engine, best.route.via):
            changes[result.locale] = {"engine": best.route.engine, "pivot": best.route.via}
    if not changes:
        return ""
    path = config.root / CONFIG_NAME
    if not path.stat().st_mode & 0o222:  # by its mode: root may write anything
        raise L10nError("is read-only: the best routes were not written", path=path, hint="make it writable, re-run")
    old = path.read_text(encoding="utf-8")
    new = with_locale_settings(old, changes)
    write_atomic(path, new)
    try:
        load(config.root)
    except L10nError:
        write_atomic(path, old)
        raise
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), "a/l10n.toml", "b/l10n.toml", lineterm="")
    return "\n".join(diff)
