"""Subtitles: SubRip (``.srt``) and WebVTT (``.vtt``).

A cue's text is what gets translated; its number, timing line, settings
(``align:start line:0``), and the file's ``STYLE``, ``REGION`` and ``NOTE``
blocks are skeleton, kept byte for byte. Subtitlers cut sentences across cues
("We went to the" / "station together."), which no engine translates well
piece by piece, so consecutive cues are joined until one ends a sentence (at
most :data:`MAX_CUES`); the joined text is cut into segments as any paragraph
is. On the way back a group's translation is shared out over the same cues in
proportion to the source's text lengths, at word boundaries, and each cue is
broken into as many lines as it had (two when one would exceed
:data:`LINE_LIMIT`). Timings are never changed.

Markup inside cues (``<i>``, ``<b>``, ``<font color=…>``, WebVTT's ``<c.x>``,
``<v Name>``, ``<00:01.000>``, SSA's ``{\\an8}``) becomes numbered tags; a
paired tag cut by the sharing-out is closed at the cue's end and reopened in
the next cue.

Each segment's extracted comment says how long it is on screen and how many
lines its cues hold (``subtitle: 2.40 s, 4 lines``): the ``subtitles`` check
reads it to report reading speed and lines that cannot fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.errors import SourceError
from pipeline.formats import Lookup, register, render_block
from pipeline.model import Block, Document, Part, Placeholder, Segment, SplitOptions
from pipeline.placeholders import TAG
from pipeline.segment import make_block

MAX_CUES = 6
LINE_LIMIT = 42
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})"  # players read "0:0:3.5" too
_TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?P<settings>.*)$")
_MARKUP = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")
_OPEN = re.compile(r"<([A-Za-z]+)[^<>]*>")
_CLOSE = re.compile(r"</([A-Za-z]+)\s*>")
_ENDS_SENTENCE = re.compile(r"[.!?…♪:;。！？]['\"’”»)\]]*\s*$")
_WORD = re.compile(r"(?:<[^<>]*>|\{[^{}]*\}|[^\s<{]|[<{](?![^<>{}]*[>}]))+")
_WEBVTT = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_VTT_SKELETON = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")


@dataclass(frozen=True)
class Cue:
    """A cue's text: ``source[start:end]``, on screen for ``seconds``."""

    start: int
    end: int
    line: int
    seconds: float


@dataclass(frozen=True)
class CueGroup(Block):
    """Consecutive cues read as one run of sentences.

    ``source`` runs from the first cue's text to the last one's, timing lines
    between included. ``spans`` are each cue's text within ``source``, and
    ``joined`` the cue texts joined by spaces with markup as numbered tags:
    the text ``segments`` and ``separators`` cut up.
    """

    spans: tuple[tuple[int, int], ...] = ()
    joined: str = ""
    placeholders: tuple[Placeholder, ...] = ()


class SubtitleFormat:
    """SRT and WebVTT differ only in their header and comment blocks."""

    def __init__(self, name: str, suffixes: tuple[str, ...], webvtt: bool) -> None:
        self.name = name
        self.suffixes = suffixes
        self.webvtt = webvtt

    def split(self, text: str, path: str, options: SplitOptions) -> Document:
        cues = self._cues(text, path)
        parts: list[Part] = []
        pos = 0
        for group in _groups(cues, text):
            first, last = group[0], group[-1]
            parts.append(text[pos : first.start])
            parts.append(_block(text, group, options))
            pos = last.end
        parts.append(text[pos:])
        return Document(path, self.name, tuple(p for p in parts if p != ""))

    def render(self, document: Document, lookup: Lookup, warn: Callable[[Segment, str], None] | None = None) -> str:
        out: list[str] = []
        for part in document.parts:
            if isinstance(part, CueGroup):
                out.append(_render_group(part, lookup, warn))
            elif isinstance(part, Block):
                out.append(render_block(part, lookup, warn=warn))
            else:
                out.append(part)
        return "".join(out)

    def draft_label(self, text: str, note: str) -> str:
        """WebVTT has comments: the note goes after the header. SubRip has none: unchanged."""
        if not self.webvtt:
            return text
        header = text.find("\n\n")
        at = len(text) if header < 0 else header + 2
        return f"{text[:at]}NOTE {note}\n\n{text[at:]}" if header >= 0 else f"{text}\n\nNOTE {note}\n"

    def _cues(self, text: str, path: str) -> list[Cue]:
        """Every cue, in order; a timing line that does not parse is an error at its line."""
        lines = text.split("\n")
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        if not self.webvtt and _WEBVTT.match(lines[0]):
            raise SourceError("not a SubRip file: this is WebVTT", path=path, line=1, hint="rename it with .vtt")
        if self.webvtt and not _WEBVTT.match(lines[0]):
            raise SourceError(
                "not a WebVTT file: the first line must be 'WEBVTT'", path=path, line=1, hint="is it SubRip (.srt)?"
            )
        cues: list[Cue] = []
        index = 0
        first_block = True
        while index < len(lines):
            if not lines[index].strip():
                index += 1
                continue
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            block = lines[index:end]
            skeleton = self.webvtt and (first_block or _VTT_SKELETON.match(block[0]) is not None)
            first_block = False
            if not skeleton:
                for start, stop in _pieces(block, self.webvtt):
                    cue = _cue(block[start:stop], index + start, offsets, path, self.webvtt)
                    if cue is not None:
                        cues.append(cue)
            index = end
        if not cues and not self.webvtt and text.strip():
            raise SourceError("no subtitle cues found", path=path, line=1, hint="is it really a SubRip (.srt) file?")
        return cues


def _pieces(block: list[str], webvtt: bool) -> list[tuple[int, int]]:
    """A block's cues: cue text never holds "-->", so a second timing line starts a new cue.

    Caption tools (youtube-dl's among them) leave out the blank line between
    cues; a SubRip cue number just before the timing line goes with it.
    """
    starts = [0]
    seen = False
    for number, line in enumerate(block):
        if "-->" in line:
            if seen:
                before = number - 1 if not webvtt and block[number - 1].strip().isdigit() else number
                starts.append(max(before, starts[-1] + 1))
            seen = True
    return list(zip(starts, [*starts[1:], len(block)], strict=True))


def _cue(block: list[str], first: int, offsets: list[int], path: str, webvtt: bool) -> Cue | None:
    """The cue of one blank-line-separated block (``first``: its 0-based line)."""
    timing_at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
    if timing_at is None and len(block) > 1 and block[0].strip().isdigit():
        timing_at = 1  # a cue number: a timing line must follow
    if timing_at is None:
        if not webvtt and block[0].strip().isdigit() and len(block) == 1:
            return None  # a number with nothing after it: an empty cue some tools write
        shown = block[0].strip()[:40]
        raise SourceError(
            f"expected a cue (a timing line 'start --> end'), found '{shown}'",
            path=path,
            line=first + 1 + (1 if not webvtt and block[0].strip().isdigit() else 0),
            hint="subtitle cues are separated by blank lines",
        )
    timing = _TIMING.match(block[timing_at])
    if timing is None:
        raise SourceError(
            f"broken timing line '{block[timing_at].strip()[:60]}'",
            path=path,
            line=first + timing_at + 1,
            hint="write it as 00:01:02,500 --> 00:01:05,000"
            if not webvtt
            else "write it as 00:01:02.500 --> 00:01:05.000",
        )
    begin, finish = _seconds(timing.groups()[0:4]), _seconds(timing.groups()[4:8])
    if len(block) == timing_at + 1:
        return None  # a cue with no text
    start = offsets[first + timing_at + 1]
    end = offsets[first + len(block)] - 1
    return Cue(start, end, first + timing_at + 2, max(finish - begin, 0.0))


def _seconds(parts: Sequence[str | None]) -> float:
    hours, minutes, seconds, fraction = parts
    return (
        int(hours or 0) * 3600
        + int(minutes or 0) * 60
        + int(seconds or 0)
        + int((fraction or "0").ljust(3, "0")) / 1000
    )


def _visible(text: str) -> str:
    return _MARKUP.sub("", text)


def _groups(cues: list[Cue], text: str) -> list[list[Cue]]:
    """Runs of cues that together hold whole sentences."""
    groups: list[list[Cue]] = []
    for cue in cues:
        own = text[cue.start : cue.end]
        if groups and len(groups[-1]) < MAX_CUES and not _closes(text, groups[-1][-1]) and not _new_speaker(own):
            groups[-1].append(cue)
        else:
            groups.append([cue])
    return groups


def _closes(text: str, cue: Cue) -> bool:
    return (
        bool(_ENDS_SENTENCE.search(_visible(text[cue.start : cue.end])))
        or not _visible(text[cue.start : cue.end]).strip()
    )


def _new_speaker(text: str) -> bool:
    visible = _visible(text).lstrip()
    return visible.startswith(("-", "–", "—")) or text.lstrip().startswith("<v")


def _block(text: str, group: list[Cue], options: SplitOptions) -> CueGroup:
    """One group's segments: cue texts joined by spaces, markup as numbered tags."""
    base = group[0].start
    joined: list[str] = []
    line_of: list[int] = []
    placeholders: list[Placeholder] = []
    opened: list[tuple[str, int]] = []
    spans = []
    for number, cue in enumerate(group):
        if number:
            joined.append(" ")
            line_of.append(cue.line)
        spans.append((cue.start - base, cue.end - base))
        raw = text[cue.start : cue.end]
        row = cue.line
        pos = 0
        for match in [*_MARKUP.finditer(raw), None]:
            stop = match.start() if match else len(raw)
            piece = raw[pos:stop]
            for ch in piece:
                line_of.append(row)
                row += ch == "\n"
            joined.append(piece.replace("\n", " "))
            if match is None:
                break
            tag = match.group(0)
            close = _CLOSE.fullmatch(tag)
            if close and opened and opened[-1][0] == close.group(1).lower():
                _, at = opened.pop()
                index = next(i for i, p in enumerate(placeholders) if p.number == at)
                placeholders[index] = Placeholder(at, placeholders[index].kind, placeholders[index].open, tag)
                joined.append(f"</{at}>")
                line_of.extend([row] * len(f"</{at}>"))
            else:
                numbered = len(placeholders) + 1
                opening = _OPEN.fullmatch(tag)
                paired = opening is not None and _closed_later(raw, text, group, number, match.end(), opening.group(1))
                placeholders.append(Placeholder(numbered, "subtitle markup", tag))
                if paired and opening is not None:
                    opened.append((opening.group(1).lower(), numbered))
                shown = f"<{numbered}>" if paired else f"<{numbered}/>"
                joined.append(shown)
                line_of.extend([row] * len(shown))
            pos = match.end()
    flat = "".join(joined)
    for _, number in opened:  # never closed after all (crossed tags): standalone
        flat = flat.replace(f"<{number}>", f"<{number}/>", 1)
    line_of = (line_of + [group[-1].line] * len(flat))[: len(flat)]
    source = text[base : group[-1].end]
    seconds = sum(c.seconds for c in group)
    made = make_block(flat, source, group[0].line, "subtitle", options, tuple(placeholders), [*line_of, group[-1].line])
    visible_total = sum(len(_visible(text[c.start : c.end]).replace("\n", "")) for c in group) or 1
    segments = []
    for segment in made.segments:
        share = len(TAG.sub("", segment.msgid)) / visible_total
        cues = max(1, round(share * len(group)))
        kind = f"subtitle: {seconds * min(share, 1.0):.2f} s, {2 * cues} lines"
        segments.append(Segment(segment.msgid, segment.line, kind, segment.placeholders, segment.translatable))
    return CueGroup(tuple(segments), made.separators, source, tuple(spans), flat, tuple(placeholders))


def _closed_later(raw: str, text: str, group: list[Cue], number: int, at: int, name: str) -> bool:
    """Whether an opening tag has its closing tag later in the group."""
    later = raw[at:] + "".join(text[c.start : c.end] for c in group[number + 1 :])
    return re.search(rf"</{re.escape(name)}\s*>", later, flags=re.I) is not None


def _render_group(group: CueGroup, lookup: Lookup, warn: Callable[[Segment, str], None] | None) -> str:
    """The group with its translation shared out over the same cues."""
    joined = Block(group.segments, group.separators, group.joined)
    # Segment kinds carry timings; the lookup only cares about the msgid.
    rendered = render_block(joined, lookup, warn=warn)
    if rendered == group.joined:
        return group.source
    sources = [group.source[a:b] for a, b in group.spans]
    # Weighed as _share counts: a word's visible length and a space, so a translation of the
    # same words is cut where the source was.
    pieces = _share(rendered, [sum(len(_visible(w)) + 1 for w in _words(s)) for s in sources])
    pieces = _balance_tags(pieces)
    out = []
    pos = 0
    for (start, end), piece, source in zip(group.spans, pieces, sources, strict=True):
        out.append(group.source[pos:start])
        out.append(_lines(piece, source))
        pos = end
    out.append(group.source[pos:])
    return "".join(out)


def _words(text: str) -> list[str]:
    """Words, a tag with spaces in it (``<font color="red">``) never cut."""
    return _WORD.findall(text)


def _share(text: str, weights: list[int]) -> list[str]:
    """``text`` cut at spaces into ``len(weights)`` pieces, sized in proportion to ``weights``."""
    words = _words(text)
    if len(weights) == 1:
        return [" ".join(words)]
    lengths = [len(_visible(w)) + 1 for w in words]
    total = sum(lengths) or 1
    whole = sum(weights) or 1
    cuts: list[int] = []
    done = 0
    at = 0
    for index, weight in enumerate(weights[:-1]):
        done += weight
        goal = total * done / whole
        left = len(weights) - index - 1  # cues still to fill after this one
        best, best_gap = at, float("inf")
        running = sum(lengths[:at])
        for cut in range(at, len(words) + 1):
            if cut > len(words) - left and len(words) >= len(weights):
                break
            gap = abs(running - goal)
            if gap < best_gap and (cut > at or len(words) < len(weights)):
                best, best_gap = cut, gap
            if cut < len(words):
                running += lengths[cut]
        cuts.append(best)
        at = best
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[bounds[i] : bounds[i + 1]]) for i in range(len(weights))]


def _balance_tags(pieces: list[str]) -> list[str]:
    """A tag left open at a cue's end is closed there and reopened in the next cue."""
    out = []
    carried: list[tuple[str, str]] = []  # (name, opening tag)
    for piece in pieces:
        text = "".join(tag for _, tag in carried) + piece
        stack = list(carried)
        for match in re.finditer(r"<(/?)([A-Za-z]+)[^<>]*>", piece):
            if match.group(1):
                if stack and stack[-1][0] == match.group(2).lower():
                    stack.pop()
            elif match.group(2).lower() in ("i", "b", "u", "font", "c", "v", "lang", "ruby", "span"):
                stack.append((match.group(2).lower(), match.group(0)))
        text += "".join(f"</{name}>" for name, _ in reversed(stack) if name != "v")
        carried = stack
        out.append(text)
    return out


def _lines(text: str, source: str) -> str:
    """``text`` broken into as many lines as ``source`` had (two if one line would be too long)."""
    count = source.count("\n") + 1
    if count == 1 and len(_visible(text)) > LINE_LIMIT:
        count = 2
    words = _words(text)
    if count == 1 or len(words) < 2:
        return " ".join(words)
    speakers = [line.lstrip().startswith(("-", "–", "—")) for line in source.split("\n")]
    rows: list[str] = []
    remaining = words
    for row in range(count - 1):
        left = count - row  # rows still to fill, this one included
        cuts = list(range(1, len(remaining) - left + 2))
        if not cuts:
            break
        if row + 1 < len(speakers) and speakers[row + 1]:
            dashes = [c for c in cuts if _visible(remaining[c]).startswith(("-", "–", "—"))]
            cuts = dashes[:1] or cuts
        goal = len(_visible(" ".join(remaining))) / left
        cut = min(cuts, key=lambda c: abs(len(_visible(" ".join(remaining[:c]))) - goal))
        rows.append(" ".join(remaining[:cut]))
        remaining = remaining[cut:]
    rows.append(" ".join(remaining))
    return "\n".join(rows)


SRT = register(SubtitleFormat("srt", (".srt",), webvtt=False))
VTT = register(SubtitleFormat("webvtt", (".vtt",), webvtt=True))
