"""Apertium: Debian's rule-based MT, offline, gist quality, fast when batched.

An Apertium translation is a pipeline of a dozen processes (``lt-proc``,
``apertium-tagger``, ``apertium-transfer``...), and starting one costs far more
than translating a sentence: each stage loads its transducers, about 0.4 CPU
seconds, against about 1.6 ms of CPU per sentence once it runs. So the engine
starts each mode's pipeline once per process and keeps it (:class:`Pipeline`):
every batch is deformatted by ``apertium-destxt`` as ``apertium -f txt`` does,
sent through the pipeline in null-flush mode (every stage run with ``-z``
flushes its output at a NUL byte), and reformatted by ``apertium-retxt``. The
one stage that carries state from one batch into the next, ``apertium-tagger``
(measured: after one sentence, "npm install" is tagged infinitive instead of
present, and that survives any sentence sent between), is not kept but started
for each batch, about 5 ms: so a translation depends on its batch alone, never
on what the process translated before, and ``--jobs`` cannot change it. A
pipeline that dies, hangs (no output for :attr:`ApertiumEngine.hang_seconds`)
or answers out of step is killed and started again for the same batch, once.
Where the mode file or the ``-z`` tools cannot be found (an older Apertium, a
stand-in command), each call runs ``apertium -f txt <mode>`` instead.

Within a batch, texts are joined by blank lines, which Apertium treats as a
hard boundary (no reordering or agreement across them), and the output is split
back on them. Should the count ever differ, the batch is halved and retried, so
a bad split can never shift translations onto the wrong entries.

Apertium marks what it could not translate: ``*word`` (unknown), ``@word``
(no bilingual entry), ``#word`` (no generation). The marks are dropped and the
unknown words counted per text in :attr:`ApertiumEngine.last_unknown_words`.
The output's whitespace is normalised (Apertium leaves double and leading
spaces where it dropped words).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Sequence
from multiprocessing import util
from pathlib import Path

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
HANG_SECONDS = 60.0
"""A kept pipeline that gives no output for this long is taken as hung, killed and started again."""
DATADIR = re.compile(r'APERTIUM_DATADIR="\$\{APERTIUM_DATADIR:-([^}"]+)\}"')
ENV = {"LC_ALL": "C.UTF-8"}


class ApertiumEngine:
    """The ``apertium`` engine: one pipeline per mode and process, fed every batch, never one per segment."""

    name = "apertium"
    runs_as_processes = True
    """Its work happens in processes of its own, not threads of this one: ``l10n translate`` runs one
    pool process per core for it when --jobs is not given (see ``translate.AUTO_JOBS_SEGMENTS``)."""

    def __init__(
        self, options: EngineOptions | None = None, command: str = "apertium", *, persistent: bool = True
    ) -> None:
        self.options = options or EngineOptions()
        self.command = command
        self.persistent = persistent
        """Keep each mode's pipeline running between calls (False: ``apertium -f txt`` per call)."""
        self.hang_seconds = HANG_SECONDS
        self.restarts = 0
        """Kept pipelines started again because they died, hung or answered out of step."""
        self._last = threading.local()  # a Dask worker's threads each see their own last call
        self.unknown_words = 0
        """Unknown words over every call so far."""
        self._idle: dict[str, list[Pipeline]] = {}  # kept pipelines not in use, by mode
        self._lock = threading.Lock()  # a Dask worker may run tasks in several threads
        weakref.finalize(self, _close_idle, self._idle)  # an engine let go of stops its pipelines

    @property
    def last_unknown_words(self) -> tuple[int, ...]:
        """Unknown words per text of this thread's last :meth:`translate` call, in order."""
        return getattr(self._last, "counts", ())

    @property
    def last_unknown(self) -> tuple[tuple[str, ...], ...]:
        """The words themselves, per text: what Apertium marked ``*word`` and passed through unchanged."""
        return getattr(self._last, "words", ())

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
        self._last.counts, self._last.words = tuple(unknown), tuple(words)
        with self._lock:
            self.unknown_words += sum(unknown)
        if progress is not None:
            progress(len(texts))
        return results

    def close(self) -> None:
        """Stop the kept pipelines (they also stop when the engine is let go of, or this process exits)."""
        with self._lock:
            _close_idle(self._idle)

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
        """Translate ``texts`` in one batch; halve the batch if the output does not split back."""
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
        tools = _kept_pipeline(self.command, mode) if self.persistent else None
        if tools is None:
            return self._call_once(mode, text)
        parts, destxt, retxt = tools
        data = self._filter([destxt], text.encode(), mode)
        for number, (kept, argv) in enumerate(parts):
            data = self._through(mode, f"{mode}#{number}", argv, data) if kept else self._once(mode, argv, data)
        return self._filter([retxt], data, mode).decode("utf-8", errors="replace")

    def _through(self, mode: str, key: str, argv: tuple[str, ...], data: bytes) -> bytes:
        """``data`` through a kept part of ``mode``'s pipeline (``key`` names the part)."""
        pipeline = self._take(key, argv)
        try:
            try:
                raw = pipeline.exchange(data, self.hang_seconds)
            except PipelineFailed:
                pipeline.close(kill=True)
                with self._lock:
                    self.restarts += 1
                pipeline = Pipeline(argv)
                raw = pipeline.exchange(data, self.hang_seconds)  # a second failure is the user's to see
        except PipelineFailed as error:
            pipeline.close(kill=True)
            raise EngineError(f"apertium {mode} failed: {error}", hint=f"try: echo test | apertium {mode}") from None
        with self._lock:
            self._idle.setdefault(key, []).append(pipeline)
        return raw

    def _once(self, mode: str, argv: tuple[str, ...], data: bytes) -> bytes:
        """``data`` through a stage started for this batch alone (one that would carry state into the next)."""
        output = self._filter(list(argv), data.replace(b"\0", b" ") + b"\0", mode)
        return output[: output.index(b"\0")] if b"\0" in output else output

    def _take(self, key: str, argv: tuple[str, ...]) -> Pipeline:
        """An idle pipeline of ``key`` started by this process, or a new one."""
        with self._lock:
            idle = self._idle.setdefault(key, [])
            while idle:
                pipeline = idle.pop()
                if pipeline.owner == os.getpid():
                    return pipeline
                pipeline.forget()  # inherited through a fork: the parent's, not to be written to
        return Pipeline(argv)

    def _filter(self, argv: list[str], data: bytes, mode: str) -> bytes:
        """Run Apertium's deformatter or reformatter, a small program without transducers, over ``data``."""
        try:
            done = subprocess.run(argv, input=data, capture_output=True, env={**os.environ, **ENV}, check=False)
        except OSError as error:
            raise EngineError(f"cannot run {argv[0]}: {error}", hint=INSTALL) from None
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise EngineError(f"apertium {mode} failed: {detail[0]}", hint=f"try: echo test | apertium {mode}")
        return done.stdout

    def _call_once(self, mode: str, text: str) -> str:
        env = {**os.environ, **ENV}
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


class PipelineFailed(Exception):
    """A kept pipeline died, hung or answered out of step (the engine starts it again, once)."""


_LIVE: weakref.WeakSet[Pipeline] = weakref.WeakSet()
_FINALIZED: set[int] = set()  # the processes that have registered the exit hook


class Pipeline:
    """One Apertium mode's processes, started once, translating batches that end with a NUL byte.

    The processes run in a session of their own, so that a hung one is killed with
    all its stages. Writing and reading go through one selector: a large batch never
    deadlocks on full pipes.
    """

    def __init__(self, argv: tuple[str, ...]) -> None:
        self.owner = os.getpid()
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
                env={**os.environ, **ENV},
                start_new_session=True,
            )
        except OSError as error:
            self.errors.close()
            raise EngineError(f"cannot start the Apertium pipeline: {error}", hint=INSTALL) from None
        _LIVE.add(self)
        if self.owner not in _FINALIZED:  # pool processes leave through os._exit: atexit would not run there
            _FINALIZED.add(self.owner)
            util.Finalize(None, _close_all, exitpriority=10)

    def exchange(self, data: bytes, hang_seconds: float) -> bytes:
        """The pipeline's output for ``data`` (one NUL-terminated batch)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        into, out = self.process.stdin.fileno(), self.process.stdout.fileno()
        waiting = memoryview(data.replace(b"\0", b" ") + b"\0")
        received: list[bytes] = []
        os.set_blocking(into, False)
        with selectors.DefaultSelector() as selector:
            selector.register(out, selectors.EVENT_READ)
            selector.register(into, selectors.EVENT_WRITE)
            while True:
                events = selector.select(hang_seconds)
                if not events:
                    raise PipelineFailed(f"no output for {hang_seconds:g} s{self._said()}")
                for key, _ in events:
                    if key.fd == into:
                        try:
                            waiting = waiting[os.write(into, waiting[:65536]) :]
                        except BrokenPipeError:
                            raise PipelineFailed(f"it stopped reading{self._said()}") from None
                        if not waiting:
                            selector.unregister(into)
                        continue
                    chunk = os.read(out, 65536)
                    if not chunk:
                        raise PipelineFailed(f"it exited{self._said()}")
                    end = chunk.find(b"\0")
                    if end < 0:
                        received.append(chunk)
                        continue
                    if end != len(chunk) - 1 or waiting:
                        raise PipelineFailed("it answered out of step")
                    received.append(chunk[:end])
                    return b"".join(received)

    def close(self, *, kill: bool = False) -> None:
        """Stop it: end of input if healthy; SIGKILL to every stage if it failed or lingers."""
        if self.owner != os.getpid():
            self.forget()
            return
        _LIVE.discard(self)
        if not kill:
            with contextlib.suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                kill = True
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        self.errors.close()

    def forget(self) -> None:
        """Drop this process's copies of a pipeline another process started (after a fork)."""
        _LIVE.discard(self)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.process.returncode = 0  # nothing here to wait for: it is not this process's child
        self.errors.close()

    def _said(self) -> str:
        self.errors.seek(0)
        lines = self.errors.read().decode(errors="replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""


def _close_idle(idle: dict[str, list[Pipeline]]) -> None:
    kept = [pipeline for pipelines in idle.values() for pipeline in pipelines]
    idle.clear()
    for pipeline in kept:
        pipeline.close()


def _close_all() -> None:
    for pipeline in list(_LIVE):
        if pipeline.owner == os.getpid():
            pipeline.close()


def _forget_inherited() -> None:
    """In a forked child (a pool process): close the parent's pipes, or its pipelines would never see end of input."""
    for pipeline in list(_LIVE):
        if pipeline.owner != os.getpid():
            pipeline.forget()


os.register_at_fork(after_in_child=_forget_inherited)


STATEFUL = ("apertium-tagger",)
"""Stages that carry state across a NUL flush: run once per batch, never kept."""
Part = tuple[bool, tuple[str, ...]]  # (kept between batches, argv)


@functools.cache
def _kept_pipeline(command: str, mode: str) -> tuple[tuple[Part, ...], str, str] | None:
    """``mode``'s null-flush pipeline in parts, and the txt deformatter and reformatter; None if not found.

    Consecutive stateless stages make one kept part; each :data:`STATEFUL` stage is a part run per batch.
    """
    found = shutil.which(command)
    tools = [shutil.which(name) for name in ("apertium-wblank-mode", "apertium-destxt", "apertium-retxt", "bash")]
    if found is None or None in tools:
        return None
    wblank, destxt, retxt, bash = (str(tool) for tool in tools)
    datadir = os.environ.get("APERTIUM_DATADIR")
    if not datadir:
        try:
            with open(found, "rb") as script:
                match = DATADIR.search(script.read(8192).decode("utf-8", errors="replace"))
        except OSError:
            return None
        if match is None:
            return None
        datadir = match.group(1)
    mode_file = Path(datadir) / "modes" / f"{mode}.mode"
    if not mode_file.is_file():
        return None
    made = subprocess.run([wblank, "-z", str(mode_file)], capture_output=True, text=True, check=False)
    if made.returncode != 0 or not made.stdout.strip():
        return None
    parts: list[tuple[bool, list[str]]] = []
    for stage in _stages(made.stdout.strip()):
        kept = Path(stage.split(maxsplit=1)[0].strip("'\"")).name not in STATEFUL
        if parts and kept and parts[-1][0]:
            parts[-1][1].append(stage)
        else:
            parts.append((kept, [stage]))
    # As ``apertium -f txt`` runs it: $1 the generator's option (-g: mark unknown words), $2 the tagger's.
    return tuple((kept, (bash, "-c", " | ".join(group), "apertium", "-g", "")) for kept, group in parts), destxt, retxt


def _stages(script: str) -> list[str]:
    """The commands of a shell pipeline ``a | b | c``, split on the bars outside quotes."""
    stages: list[str] = []
    current: list[str] = []
    quote = ""
    for char in script:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            stages.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    stages.append("".join(current).strip())
    return [stage for stage in stages if stage]


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
