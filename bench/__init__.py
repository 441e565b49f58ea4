"""Benchmarks: each ``bench/bench_<topic>.py`` has ``run() -> str`` returning a Markdown section.

``python -m bench`` (or ``make bench``) runs them all and writes ``bench/results.md``;
``python -m bench formats`` runs only ``bench_formats``. Figures, never a pass/fail test.
"""
