"""Argos Translate model packages, run through CTranslate2 directly.

Packages (``.argosmodel``) are found with argostranslate's package API, but
translation does not go through ``argostranslate.translate``: that path splits
every text into paragraphs and sentences again, calls CTranslate2 once per
paragraph with beam 4, and its SentencePiece decode turns every ``_`` into a
space. Here every text of a call (one segment, already one sentence) is
encoded, the lot is sorted by length and sent in large token-counted batches;
int8 on CPUs that have it; beam size, threads and batch size from
``[translate]`` in ``l10n.toml``; SentencePiece's own decode.

ctranslate2, sentencepiece and argostranslate are imported inside methods
only: ``l10n --help`` must not pay for them.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.engines import EngineOptions, Pair, Progress, register
from pipeline.errors import EngineError

INDEX_HINT = "copy an .argosmodel file to this machine and run: l10n models install FILE.argosmodel"


@dataclass(frozen=True)
class Package:
    """An installed Argos translation package, as ``l10n models list`` shows it."""

    pair: Pair
    version: str
    path: Path
    target_prefix: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def packages_dirs() -> list[Path]:
    """Where Argos packages live: ``ARGOS_PACKAGES_DIR`` now, else argostranslate's settings.

    argostranslate reads its settings once, at import; reading the variable here
    too means a change made after that import is still honoured.
    """
    chosen = os.environ.get("ARGOS_PACKAGES_DIR")
    if chosen:
        return [Path(chosen)]
    settings = _import("argostranslate.settings")
    return [Path(folder) for folder in settings.package_dirs]


def _import(module: str) -> Any:
    """Import an argostranslate module; it creates its folders under $HOME at import, which can fail."""
    try:
        return importlib.import_module(module)
    except OSError as error:
        raise EngineError(
            f"argostranslate cannot create its folders: {error}",
            hint="set ARGOS_PACKAGES_DIR and XDG_DATA_HOME to writable folders",
        ) from None


def installed() -> list[Package]:
    """Installed translation packages, newest version first within a pair.

    A folder that is not a readable package (no or broken ``metadata.json``, a
    ``from_code``/``to_code`` that is not a string) is skipped rather than failing
    every translation and ``l10n models list``.
    """
    argos_package = _import("argostranslate.package")
    found = []
    for folder in packages_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_dir() or path.name.startswith("."):
                continue
            try:
                loaded = argos_package.Package(path)
            except (OSError, ValueError, AttributeError, TypeError):
                continue  # metadata.json unreadable, not JSON, or not an object (argostranslate calls .get on it)
            codes = (loaded.from_code, loaded.to_code)
            if loaded.type != "translate" or not all(isinstance(code, str) and code.strip() for code in codes):
                continue
            found.append(
                Package(
                    Pair(loaded.from_code, loaded.to_code),
                    str(loaded.package_version or "?"),
                    path,
                    str(getattr(loaded, "target_prefix", "") or ""),
                )
            )
    found.sort(key=lambda p: (p.pair.source, p.pair.target, _version_key(p.version)), reverse=True)
    return found


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


@dataclass
class _Loaded:
    package: Package
    translator: Any  # ctranslate2.Translator
    encode: Any  # str -> list[str]
    decode: Any  # list[str] -> str


class ArgosEngine:
    """The ``argos`` engine: installed Argos packages, batched CTranslate2."""

    name = "argos"

    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()
        self._loaded: dict[Pair, _Loaded] = {}

    def available(self) -> bool:
        return all(importlib.util.find_spec(name) for name in ("argostranslate", "ctranslate2", "sentencepiece"))

    def pairs(self) -> set[Pair]:
        if not self.available():
            return set()
        try:
            return {package.pair for package in installed()}
        except EngineError:
            return set()  # argostranslate unusable here: let the next engine have the pair

    def why_not(self, pair: Pair) -> str:
        """The one line ``l10n translate`` gives when no installed package has ``pair``."""
        install = f"l10n models install translate-{pair.source}_{pair.target}-<version>.argosmodel"
        try:
            folders = packages_dirs()
        except EngineError as error:
            return str(error)
        for folder in folders:
            if folder.exists() and not folder.is_dir():
                return f"the Argos packages folder {folder} is not a folder: fix ARGOS_PACKAGES_DIR"
        where = ", ".join(str(folder) for folder in folders)
        return f"no Argos package for {pair.source}→{pair.target} in {where}; install one: {install}"

    def provenance(self, pair: Pair) -> str:
        import ctranslate2

        package = self._loaded[pair].package if pair in self._loaded else self._package(pair)
        return (
            f"argos {package.name} {package.version} "
            f"(ctranslate2 {ctranslate2.__version__}, beam {self.options.beam_size})"
        )

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        """Translate in length-sorted batches of about ``max_batch_tokens`` tokens per thread."""
        model = self._load(pair)
        results = [""] * len(texts)
        encoded = []
        for index, text in enumerate(texts):
            flat = " ".join(text.split())
            if flat:
                encoded.append((index, model.encode(flat)))
        if progress is not None and len(encoded) < len(texts):
            progress(len(texts) - len(encoded))  # blank texts: nothing to translate
        encoded.sort(key=lambda item: len(item[1]))
        inter, _ = self._threads()
        budget = self.options.max_batch_tokens * inter  # one call keeps every translator thread busy
        start = 0
        while start < len(encoded):
            end, tokens = start, 0
            while end < len(encoded) and (end == start or tokens + len(encoded[end][1]) <= budget):
                tokens += len(encoded[end][1])
                end += 1
            chunk = encoded[start:end]
            for (index, _tokens), text in zip(chunk, self._run(model, [t for _, t in chunk]), strict=True):
                results[index] = text
            if progress is not None:
                progress(len(chunk))
            start = end
        return results

    def _run(self, model: _Loaded, batch: list[list[str]]) -> list[str]:
        prefix = model.package.target_prefix
        longest = max(len(tokens) for tokens in batch)
        try:
            found = model.translator.translate_batch(
                batch,
                target_prefix=[[prefix]] * len(batch) if prefix else None,
                max_batch_size=self.options.max_batch_tokens,
                batch_type="tokens",
                beam_size=self.options.beam_size,
                replace_unknowns=True,  # an unknown token (a mask, a name) is copied from the source
                length_penalty=0.2,  # as argostranslate, so translations match its
                max_decoding_length=min(1024, 2 * longest + 16),
            )
        except (RuntimeError, ValueError) as error:
            raise EngineError(f"CTranslate2 failed on {model.package.path}: {error}") from None
        out = []
        for result in found:
            tokens = result.hypotheses[0]
            if prefix and tokens[:1] == [prefix]:
                tokens = tokens[1:]
            out.append(model.decode(tokens).strip())
        return out

    def _package(self, pair: Pair) -> Package:
        if not self.available():
            raise EngineError(
                "Argos Translate is not installed", hint="pip install argos-translate-lt ctranslate2 sentencepiece"
            )
        for package in installed():
            if package.pair == pair:
                return package
        name = f"translate-{pair.source}_{pair.target}-<version>.argosmodel"
        raise EngineError(
            f"no Argos package for {pair.source}→{pair.target}",
            hint=f"get {name} (argospm install translate-{pair.source}_{pair.target} where online); "
            f"offline, copy the file here and run: l10n models install {name}",
        )

    def _threads(self) -> tuple[int, int]:
        """(inter, intra) with inter × intra ≤ the cores asked for (0: all)."""
        cores = self.options.threads or os.cpu_count() or 1
        inter = max(1, cores // 4)
        return inter, max(1, cores // inter)

    def _compute_type(self, device: str) -> str:
        import ctranslate2

        supported = ctranslate2.get_supported_compute_types(device)
        wanted = self.options.compute_type
        if wanted == "auto":
            return "int8" if device == "cpu" and "int8" in supported else "auto"
        if wanted not in supported:
            raise EngineError(
                f"compute_type '{wanted}' is not supported on this {device}",
                hint=f"set compute_type in [translate] to auto or one of: {', '.join(sorted(supported))}",
            )
        return wanted

    def _load(self, pair: Pair) -> _Loaded:
        if pair in self._loaded:
            return self._loaded[pair]
        import ctranslate2

        package = self._package(pair)
        device = "cpu"
        if os.environ.get("ARGOS_DEVICE_TYPE") == "cuda" and ctranslate2.get_cuda_device_count() > 0:
            device = "cuda"
        inter, intra = self._threads()
        try:
            translator = ctranslate2.Translator(
                str(package.path / "model"),
                device=device,
                compute_type=self._compute_type(device),
                inter_threads=inter,
                intra_threads=intra,
            )
        except (RuntimeError, ValueError) as error:
            raise EngineError(
                f"cannot load the CTranslate2 model: {error}",
                path=package.path / "model",
                hint="reinstall the package: l10n models install FILE.argosmodel",
            ) from None
        encode, decode = _tokenizer(package)
        loaded = _Loaded(package, translator, encode, decode)
        self._loaded[pair] = loaded
        return loaded


def _tokenizer(package: Package) -> tuple[Any, Any]:
    """SentencePiece's own encode and decode; argostranslate's BPE tokenizer for ``bpe.model`` packages."""
    model = package.path / "sentencepiece.model"
    if model.is_file():
        import sentencepiece

        try:
            processor = sentencepiece.SentencePieceProcessor(model_file=str(model))
        except (OSError, RuntimeError) as error:
            raise EngineError(f"cannot load the SentencePiece model: {error}", path=model) from None

        def encode(text: str) -> list[str]:
            pieces: list[str] = processor.encode(text, out_type=str)
            return pieces

        def decode(tokens: list[str]) -> str:
            text: str = processor.decode(tokens)
            return text

        return encode, decode
    if (package.path / "bpe.model").is_file():
        from argostranslate.tokenizer import BPETokenizer

        bpe = BPETokenizer(package.path / "bpe.model", package.pair.source, package.pair.target)
        return bpe.encode, bpe.decode
    raise EngineError(
        "the package has neither sentencepiece.model nor bpe.model",
        path=package.path,
        hint="reinstall it: l10n models install FILE.argosmodel",
    )


register("argos", ArgosEngine)
