"""Argos: the argos engine (batched CTranslate2) against ``argostranslate.translate`` per segment.

No real Argos model can be downloaded here, so both run on a model that costs what
one costs: a CTranslate2 transformer-base (6+6 layers, d_model 512, 8 heads, FFN
2048, shared 32,000-token vocabulary, about 61M parameters, int8) with random
weights, built once with CTranslate2's spec API into ``.bench-cache/argos/`` (no
torch needed). Random weights would stop at a random length, so every call decodes
exactly OUTPUT_TOKENS tokens (``min_decoding_length = max_decoding_length``) in both
variants, through the same wrapper. The SentencePiece model (unigram, up to 16,000
pieces) is trained on the Markdown corpus of ``bench/corpus.py``; the package
carries the test fixture's rule-based sentence splitter, so argostranslate
downloads nothing.

Same SEGMENTS real English sentences (the sample press release, then prose from the
corpus), same model, same threads (all cores), one run; each variant in a process of
its own, for its peak resident memory (``VmHWM``, which sees CTranslate2's C++
allocations). Model loading is outside the timings (one warm-up call first).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

from pipeline.engines import EngineOptions

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache" / "argos"
FIXTURE = ROOT / "tests" / "data" / "argos" / "translate-en_es-tiny.argosmodel"
PACKAGE = "translate-en_es-bench"
SEGMENTS = 200
OUTPUT_TOKENS = 32
VOCABULARY = 32_000
PIECES = 16_000
LAYERS, HEADS, DEPTH, FFN = 6, 8, 512, 2048


def run() -> str:
    heading = "## Argos: batched CTranslate2 engine vs argostranslate per segment\n"
    segments = sentences()
    packages, parameters = build()
    texts_file = CACHE / "segments.json"
    texts_file.write_text(json.dumps(segments, ensure_ascii=False), encoding="utf-8")
    variants = ("argostranslate", "raw", "engine")
    figures = {(variant, beam): measure(variant, beam, packages, texts_file) for beam in (4, 1) for variant in variants}
    lines = [
        heading,
        f"{len(segments)} English sentences (sample press release and Markdown prose), "
        f"{sum(len(s.split()) for s in segments) / len(segments):.1f} words on average; "
        f"random-weight transformer-base, {parameters / 1e6:.1f}M parameters, int8, "
        f"{OUTPUT_TOKENS} output tokens per segment; {os.cpu_count()} cores. Segments per second; "
        "*raw* is CTranslate2 called once per segment without argostranslate, to show where the time goes.\n",
        "| beam | argostranslate per segment | raw CTranslate2 per segment | argos engine (batched) "
        "| engine vs argostranslate | peak RSS argostranslate | peak RSS engine |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for beam in (4, 1):
        theirs, raw, ours = (figures[(variant, beam)] for variant in variants)
        lines.append(
            f"| {beam} | {len(segments) / theirs['seconds']:.1f} ({theirs['seconds']:.1f} s) "
            f"| {len(segments) / raw['seconds']:.1f} ({raw['seconds']:.1f} s) "
            f"| {len(segments) / ours['seconds']:.1f} ({ours['seconds']:.1f} s) "
            f"| **{theirs['seconds'] / ours['seconds']:.1f}×** "
            f"| {theirs['rss_mb']:.0f} MB | {ours['rss_mb']:.0f} MB |"
        )
    greedy = figures[("argostranslate", 4)]["seconds"] / figures[("engine", 1)]["seconds"]
    lines.append(
        f"\nTarget: ≥ 3× at equal beam size. Greedy (`beam_size = 1` in `[translate]`) is {greedy:.1f}× "
        "faster than argostranslate's default (beam 4) per segment. The engine's memory is the price of "
        f"large batches: `max_batch_tokens` (default {EngineOptions().max_batch_tokens}) bounds it.\n"
    )
    return "\n".join(lines) + "\n"


def sentences() -> list[str]:
    """The sample's sentences, then corpus prose, to SEGMENTS in all (fixed choice)."""
    from pipeline.sentences import sentence_spans

    found: list[str] = []
    for path in sorted((ROOT / "source").glob("*.txt")):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            flat = " ".join(paragraph.split())
            found.extend(s for a, b in sentence_spans(flat) if _usable(s := flat[a:b].strip()))
    corpus = [s for paragraph in prose() for a, b in sentence_spans(paragraph) if _usable(s := paragraph[a:b].strip())]
    random.Random(2026).shuffle(corpus)
    return (found + corpus)[:SEGMENTS]


def _usable(sentence: str) -> bool:
    english = sum(c.isascii() for c in sentence) >= 0.97 * len(sentence)  # the corpus has translated docs too
    return english and 5 <= len(sentence.split()) <= 40 and sentence[-1:] in ".!?" and sentence[:1].isupper()


def prose() -> list[str]:
    """Plain-prose paragraphs of the Markdown corpus (no code, tables, links or markup)."""
    from bench.corpus import markdown_files

    paragraphs = []
    for path in markdown_files():
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8", errors="replace")):
            if re.search(r"[`|<>\[\]{}#*_=\\]|https?:|^\s*[-+\d]", block):
                continue
            flat = " ".join(block.split())
            if len(flat.split()) >= 8:
                paragraphs.append(flat)
    return paragraphs


def build() -> tuple[Path, int]:
    """The random-weight package in .bench-cache/argos/packages, built once; (folder, parameters)."""
    packages = CACHE / "packages"
    folder = packages / PACKAGE
    stamp = folder / "parameters.txt"
    if stamp.exists():
        return packages, int(stamp.read_text(encoding="utf-8"))
    import ctranslate2
    import sentencepiece

    folder.mkdir(parents=True, exist_ok=True)
    from bench.corpus import markdown_files

    corpus = CACHE / "corpus.txt"  # all of the Markdown, code too: a tokenizer sees everything
    corpus.write_text("".join(p.read_text(encoding="utf-8", errors="replace") for p in markdown_files()), "utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / "sentencepiece"),
        model_type="unigram",
        vocab_size=PIECES,
        hard_vocab_limit=False,
        byte_fallback=True,
        character_coverage=0.9995,
        input_sentence_size=300_000,
        shuffle_input_sentence=True,
        minloglevel=2,
    )
    (folder / "sentencepiece.vocab").unlink(missing_ok=True)
    processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    tokens = pieces + [f"▁unused{i}" for i in range(VOCABULARY - len(pieces))]

    spec = ctranslate2.specs.TransformerSpec.from_config(num_layers=LAYERS, num_heads=HEADS)
    rng = np.random.default_rng(7)
    shared = (rng.standard_normal((len(tokens), DEPTH), dtype=np.float32) * 0.05).astype(np.float32)
    counted: dict[int, int] = {}

    def fill(layer: object, name: str, value: object) -> None:
        attr = name.rsplit("/", 1)[-1]
        if value is not None and not (attr == "bias" and isinstance(value, str)):
            return
        array = _weight(name, attr, len(tokens), shared, rng)
        if array is not None:
            setattr(layer, attr, array)
            counted[id(array)] = array.size

    ctranslate2.specs.model_spec.visit_spec(spec, fill)
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    spec.validate()
    spec.optimize(quantization="int8")
    (folder / "model").mkdir(exist_ok=True)
    spec.save(str(folder / "model"))
    with zipfile.ZipFile(FIXTURE) as fixture:
        sbd = next(n for n in fixture.namelist() if n.endswith("minisbd/en.onnx"))
        (folder / "minisbd").mkdir(exist_ok=True)
        (folder / "minisbd" / "en.onnx").write_bytes(fixture.read(sbd))
    metadata = {"package_version": "1.0", "argos_version": "1.9", "from_code": "en", "from_name": "English",
                "to_code": "es", "to_name": "Spanish", "type": "translate"}  # fmt: skip
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    parameters = sum(counted.values())
    stamp.write_text(str(parameters), encoding="utf-8")
    return packages, parameters


def _weight(name: str, attr: str, vocabulary: int, shared: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """A random array of the right shape for one unset variable of a transformer spec."""
    if "embeddings" in name and attr == "weight":
        return shared
    if "projection" in name:
        return shared if attr == "weight" else np.zeros(vocabulary, dtype=np.float32)
    if attr == "gamma":
        return np.ones(DEPTH, dtype=np.float32)
    if attr == "beta":
        return np.zeros(DEPTH, dtype=np.float32)
    rows = DEPTH
    columns = DEPTH
    if "self_attention/linear_0" in name:
        rows = 3 * DEPTH
    elif "/attention/linear_1" in name:
        rows = 2 * DEPTH
    elif "ffn/linear_0" in name:
        rows = FFN
    elif "ffn/linear_1" in name:
        columns = FFN
    elif "linear_" not in name:
        return None
    if attr == "bias":
        return np.zeros(rows, dtype=np.float32)
    if attr != "weight":
        return None
    weight: np.ndarray = rng.standard_normal((rows, columns), dtype=np.float32)
    return weight / np.float32(np.sqrt(columns))


def measure(variant: str, beam: int, packages: Path, texts: Path) -> dict[str, float]:
    """Run one variant in a fresh process: its translate time and its peak resident memory."""
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(packages),
        "ARGOS_BEAM_SIZE": str(beam),
        "XDG_DATA_HOME": str(CACHE / "data"),
        "XDG_CACHE_HOME": str(CACHE / "cache"),
        "XDG_CONFIG_HOME": str(CACHE / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_argos", variant, str(beam), str(texts)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{variant} (beam {beam}) failed: {done.stderr.strip().splitlines()[-1:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def child(variant: str, beam: int, texts_file: Path) -> dict[str, float]:
    """In the measuring process: fix the output length, warm up, time the variant."""
    import ctranslate2

    real = ctranslate2.Translator

    class FixedLength:
        """A Translator that always decodes OUTPUT_TOKENS tokens, as a real model's average would."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            self.translator = real(*args, **kwargs)

        def translate_batch(self, *args: object, **kwargs: object) -> object:
            kwargs.update(min_decoding_length=OUTPUT_TOKENS, max_decoding_length=OUTPUT_TOKENS)
            return self.translator.translate_batch(*args, **kwargs)

    ctranslate2.Translator = FixedLength
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    if variant == "engine":
        from pipeline.engines import EngineOptions, Pair
        from pipeline.engines.argos import ArgosEngine

        engine = ArgosEngine(EngineOptions(beam_size=beam))
        pair = Pair("en", "es")
        engine.translate(["Warm up the model."], pair)
        start = time.perf_counter()
        out = engine.translate(texts, pair)
    elif variant == "raw":
        import sentencepiece

        folder = Path(os.environ["ARGOS_PACKAGES_DIR"]) / PACKAGE
        translator = ctranslate2.Translator(str(folder / "model"), compute_type="int8", intra_threads=os.cpu_count())
        processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))

        def one(text: str) -> str:
            found = translator.translate_batch([processor.encode(text, out_type=str)], beam_size=beam)
            return str(processor.decode(found[0].hypotheses[0]))

        one("Warm up the model.")
        start = time.perf_counter()
        out = [one(text) for text in texts]
    else:
        from argostranslate import translate

        translate.translate("Warm up the model.", "en", "es")
        start = time.perf_counter()
        out = [translate.translate(text, "en", "es") for text in texts]
    seconds = time.perf_counter() - start
    assert len(out) == len(texts)
    return {"seconds": seconds, "rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory, C++ allocations included.

    ``VmHWM`` rather than ``ru_maxrss``: Linux carries ``ru_maxrss`` across exec, so a
    child started by a big parent would report the parent's peak.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))))
