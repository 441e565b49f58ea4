"""How ``l10n check`` shows its findings: text for people, JSON for tools, JUnit XML for CI.

Text is one line per finding, ``path:line: severity id: message``, the form
compilers use, so editors and CI logs make it a link.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict

from pipeline.checks import BY_ID, CHECKS, ERROR, WARNING, CatalogResult

FORMATS = ("text", "json", "junit")


def counts(results: Sequence[CatalogResult]) -> Counter[str]:
    """Findings by severity, plus unreadable catalogs ("unreadable")."""
    found: Counter[str] = Counter({ERROR: 0, WARNING: 0, "unreadable": 0})
    for result in results:
        found.update(f.severity for f in result.findings)
        found["unreadable"] += result.failure is not None
    return found


def summary(results: Sequence[CatalogResult]) -> str:
    found = counts(results)
    text = f"{_many(found[ERROR], 'error')}, {_many(found[WARNING], 'warning')} in {_many(len(results), 'catalog')}"
    if found["unreadable"]:
        text += f"; {found['unreadable']} could not be read and were skipped"
    return text


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def text(results: Sequence[CatalogResult]) -> str:
    lines: list[str] = []
    for result in results:
        lines.extend(result.fixed)
        if result.failure is not None:
            lines.append(f"{result.failure}")
        lines.extend(f"{f.path}:{f.line}: {f.severity} {f.check}: {f.message}" for f in result.findings)
    return "\n".join(lines)


def as_json(results: Sequence[CatalogResult]) -> str:
    data = {
        "findings": [asdict(f) | {"locale": r.locale} for r in results for f in r.findings],
        "unreadable": [
            {"path": r.path, "line": r.failure.line or 0, "message": r.failure.message}
            for r in results
            if r.failure is not None
        ],
        "fixed": [line for r in results for line in r.fixed],
        "counts": dict(counts(results)),
        "catalogs": len(results),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def junit(results: Sequence[CatalogResult]) -> str:
    """One test suite per catalog, one test case per check: errors fail it, warnings go to its output."""
    found = counts(results)
    suites = ET.Element(
        "testsuites",
        name="l10n check",
        tests=str(sum(1 if r.failure is not None else len(_case_ids(r)) for r in results)),
        failures=str(sum(1 for r in results for c in CHECKS if _errors(r, c.id))),
        errors=str(found["unreadable"]),
    )
    for result in results:
        suite = ET.SubElement(suites, "testsuite", name=_xml(result.path))
        if result.failure is not None:
            suite.set("tests", "1")
            suite.set("errors", "1")
            case = ET.SubElement(suite, "testcase", classname=_xml(result.path), name="read")
            ET.SubElement(case, "error", message=_xml(result.failure.message)).text = _xml(str(result.failure))
            continue
        failures = 0
        ids = _case_ids(result)
        for check_id in ids:
            case = ET.SubElement(suite, "testcase", classname=_xml(result.path), name=check_id)
            mine = [f for f in result.findings if f.check == check_id]
            errors = _errors(result, check_id)
            body = _xml("\n".join(f"{f.path}:{f.line}: {f.severity} {f.check}: {f.message}" for f in mine))
            if errors:
                failures += 1
                ET.SubElement(case, "failure", message=f"{errors} {check_id} errors", type=check_id).text = body
            elif mine:
                ET.SubElement(case, "system-out").text = body
        suite.set("tests", str(len(ids)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


# Characters XML 1.0 cannot hold at all, not even as &#…; references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    """``text`` with what XML cannot hold shown as ``\\xNN``: a CI server must be able to parse the report."""
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group(0)):02x}", text)


def _case_ids(result: CatalogResult) -> list[str]:
    """Every check, then catalog-wide findings (the "header" warning), which are no registered check."""
    return [c.id for c in CHECKS] + sorted({f.check for f in result.findings} - set(BY_ID))


def _errors(result: CatalogResult, check: str) -> int:
    return sum(1 for f in result.findings if f.check == check and f.severity == ERROR)


def render(results: Sequence[CatalogResult], form: str) -> str:
    return {"text": text, "json": as_json, "junit": junit}[form](results)


def check_list(markdown: bool = False) -> str:
    """The registry as a table: id, severity, title (``l10n check --list``; the README lists it)."""
    if markdown:
        rows = ["| id | severity | what it finds |", "|---|---|---|"]
        rows += [f"| `{c.id}` | {c.severity}{' (opt-in)' if c.opt_in else ''} | {c.title} |" for c in CHECKS]
        return "\n".join(rows)
    width = max(len(c.id) for c in CHECKS)
    return "\n".join(
        f"{c.id:<{width}}  {c.severity:<7}  {c.title}{' (opt-in: --enable ' + c.id + ')' if c.opt_in else ''}"
        for c in CHECKS
    )
