"""Apertium: Debian's rule-based MT, offline, gist quality, fast when batched.

Starting ``apertium`` costs far more than translating a sentence (about 6
segments/s one process per segment, against about 700/s through one process),
so every text of a call goes through ONE ``apertium -f txt <mode>`` process:
texts are joined by blank lines, which Apertium treats as a hard boundary
(no reordering or agreement across them), and the output is split back on
them. Should the count ever differ, the batch is halved and retried, so a
bad split can never shift translations onto the wrong entries.

Apertium marks what it could not translate: ``*word`` (unknown), ``@word``
(no bilingual entry), ``#word`` (no generation). The marks are dropped and the
unknown words counted per text in :attr:`ApertiumEngine.last_unknown_words`.
The output's whitespace is normalised (Apertium leaves double and leading
spaces where it dropped words).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Sequence

from pipeline.engines import EngineOptions, Pair, Progress, register
from pipeline.errors import EngineError
from pipeline.mask import is_token

INSTALL = "apt-get install apertium apertium-eng-spa apertium-fr-es"
"""The Debian command that installs what the sample project needs."""

ISO_639_1 = {
    "eng": "en", "spa": "es", "cat": "ca", "fra": "fr", "fre": "fr", "por": "pt", "glg": "gl", "ita": "it",
    "deu": "de", "ger": "de", "eus": "eu", "isl": "is", "mkd": "mk", "nld": "nl", "dan": "da", "swe": "sv",
    "nob": "nb", "nno": "nn", "oci": "oc", "ron": "ro", "rus": "ru", "ukr": "uk", "bel": "be", "pol": "pl",
    "ces": "cs", "slk": "sk", "slv": "sl", "hbs": "sh", "bul": "bg", "epo": "eo", "arg": "an", "ast": "ast",
    "afr": "af", "ara": "ar", "mlt": "mt", "cym": "cy", "bre": "br", "gle": "ga", "kaz": "kk", "tat": "tt",
}  # fmt: skip
ISO_639_3 = {short: long for long, short in reversed(ISO_639_1.items())}
MODE = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
SEPARATOR = "\n\n"
# Marks glued to a word, whatever precedes them: Apertium splits "100ml" into "100" and an
# unknown "*ml", and marks "#hashtag" as "#*hashtag" (the last mark of a run is its own).
MARK = re.compile(r"([*#@]+)(?=\w)")
SPACES = re.compile(r"[ \t]{2,}")
# A space before punctuation goes, unless a letter is glued after it ("ZQ5Q .Police": a scraped
# source, where the space keeps a mask token apart for the next hop of a pivot).
SPACE_BEFORE = re.compile(r" +(?=[,.)\]}…](?![^\W\d_]))")
SPACE_BEFORE_HIGH = re.compile(r" +(?=[;:!?](?![^\W\d_]))")  # French keeps a space there
SPACE_AFTER = re.compile(r"(?<=[(\[{¿¡]) +")


class ApertiumEngine:
    """The ``apertium`` engine: one process per call, never one per segment."""

    name = "apertium"

    def __init__(self, options: EngineOptions | None = None, command: str = "apertium") -> None:
        self.options = options or EngineOptions()
        self.command = command
        self.last_unknown_words: tuple[int, ...] = ()
        """Unknown words per text of the last :meth:`translate` call, in order."""
        self.last_unknown: tuple[tuple[str, ...], ...] = ()
        """The words themselves, per text: what Apertium marked ``*word`` and passed through unchanged."""
        self.unknown_words = 0
        """Unknown words over every call so far."""

    def available(self) -> bool:
        return shutil.which(self.command) is not None

    def pairs(self) -> set[Pair]:
        return set(self.modes())

    def modes(self) -> dict[Pair, str]:
        """Installed Apertium modes by language pair, from ``apertium -l``."""
        if not self.available():
            return {}
        return dict(_modes(self.command))

    def provenance(self, pair: Pair) -> str:
        mode = self._mode(pair)
        return f"apertium {mode} {_package_version(mode)}"

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        mode = self._mode(pair)
        flat = [_one_line(text) for text in texts]
        results: list[str] = [""] * len(flat)
        unknown = [0] * len(flat)
        words: list[tuple[str, ...]] = [()] * len(flat)
        todo = [i for i, text in enumerate(flat) if text]
        for index, raw in zip(todo, self._run(mode, [flat[i] for i in todo]), strict=True):
            results[index], words[index] = _clean(raw, flat[index], pair.target)
            unknown[index] = len(words[index])
        self.last_unknown_words = tuple(unknown)
        self.last_unknown = tuple(words)
        self.unknown_words += sum(unknown)
        if progress is not None:
            progress(len(texts))
        return results

    def _mode(self, pair: Pair) -> str:
        if not self.available():
            raise EngineError("Apertium is not installed", hint=f"on Debian or Ubuntu: {INSTALL}")
        try:
            return self.modes()[pair]
        except KeyError:
            source = ISO_639_3.get(pair.source, pair.source)
            target = ISO_639_3.get(pair.target, pair.target)
            raise EngineError(
                f"no Apertium pair for {pair.source}→{pair.target}",
                hint=f"install it if Debian has one: apt-cache search apertium-{source}-{target}; "
                f"apt-cache search apertium-{target}-{source}",
            ) from None

    def _run(self, mode: str, texts: list[str]) -> list[str]:
        """Translate ``texts`` in one process; halve the batch if the output does not split back."""
        if not texts:
            return []
        output = self._call(mode, SEPARATOR.join(texts))
        parts = output.strip("\n").split(SEPARATOR)
        if len(parts) == len(texts):
            return parts
        if len(texts) == 1:
            return [output.replace("\n", " ")]
        middle = len(texts) // 2
        return self._run(mode, texts[:middle]) + self._run(mode, texts[middle:])

    def _call(self, mode: str, text: str) -> str:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        try:
            done = subprocess.run(
                [self.command, "-f", "txt", mode], input=text, capture_output=True, text=True, env=env, check=False
            )
        except OSError as error:
            raise EngineError(f"cannot run {self.command}: {error}", hint=INSTALL) from None
        if done.returncode != 0:
            detail = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
            raise EngineError(f"apertium {mode} failed: {detail[0]}", hint=f"try: echo test | apertium {mode}")
        return done.stdout


def _one_line(text: str) -> str:
    """Blank lines separate texts, so a text's own line breaks become spaces."""
    return " ".join(text.split()) if "\n" in text else text.strip()


def _clean(raw: str, source: str, target: str) -> tuple[str, tuple[str, ...]]:
    """Drop Apertium's marks and normalise whitespace; the words it marked unknown, in order."""
    kept = set(re.findall(r"[*#@]+\w+", source))
    unknown: list[str] = []

    def drop(match: re.Match[str]) -> str:
        marks = match.group(1)
        word = re.match(r"\w+", raw[match.end() :])
        if word and marks + word.group() in kept:
            return marks
        if marks[-1] == "*" and word and not is_token(word.group()):
            unknown.append(word.group())
        return marks[:-1]  # Apertium adds one mark per word: the others were the source's

    text = MARK.sub(drop, raw).replace("\n", " ")
    text = SPACES.sub(" ", text).strip()
    text = SPACE_BEFORE.sub("", text)
    text = SPACE_AFTER.sub("", text)
    if target != "fr":
        text = SPACE_BEFORE_HIGH.sub("", text)
    return text, tuple(unknown)


@functools.cache
def _modes(command: str) -> tuple[tuple[Pair, str], ...]:
    try:
        listed = subprocess.run([command, "-l"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return ()
    found = []
    for line in listed.split():
        match = MODE.match(line.strip())
        if match:
            source, target = (ISO_639_1.get(code, code) for code in match.groups())
            found.append((Pair(source, target), line.strip()))
    return tuple(found)


@functools.cache
def _package_version(mode: str) -> str:
    """The Debian package's version (``0.8.1-2``), found through the mode file that it owns."""
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return "unknown version"
    owner = subprocess.run(
        [dpkg, "-S", f"/usr/share/apertium/modes/{mode}.mode"], capture_output=True, text=True, check=False
    )
    package = owner.stdout.split(":")[0].strip() if owner.returncode == 0 else ""
    if not package:
        return "unknown version"
    version = subprocess.run(
        [dpkg, "-W", "-f", "${Version}", package], capture_output=True, text=True, check=False
    ).stdout.strip()
    return version or "unknown version"


register("apertium", ApertiumEngine)
