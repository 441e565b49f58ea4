"""pipeline.parallel.run_each: a pool gives a serial run's results, in order, and its first error."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.parallel import run_each, size_of


def square(item: int) -> int:
    return item * item


def fail_on_odd(item: int) -> int:
    if item % 2:
        raise ValueError(f"item {item}")
    return item


def test_results_come_back_in_the_items_order_whatever_the_weights() -> None:
    items = list(range(1, 30))
    heaviest_last = run_each(square, items, 2, weight=lambda item: item)
    heaviest_first = run_each(square, items, 2, weight=lambda item: -item)
    assert heaviest_last == heaviest_first == [square(i) for i in items]


def test_the_first_failing_item_in_order_raises_as_in_a_serial_run() -> None:
    # Item 5 is the heaviest, so it is started first; item 1's error is still the one raised.
    with pytest.raises(ValueError, match=r"item 1$"):
        run_each(fail_on_odd, [0, 1, 2, 5], 2, weight=lambda item: item)
    with pytest.raises(ValueError, match=r"item 1$"):
        run_each(fail_on_odd, [0, 1, 2, 5], 1)


def test_known_items_are_not_run_again() -> None:
    done = run_each(fail_on_odd, [0, 1, 2, 3], 2, known=lambda item: item if item % 2 else None)
    assert done == [0, 1, 2, 3]


def test_size_of_a_missing_file_is_zero(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"12345")
    assert size_of(tmp_path / "a.md") == 5
    assert size_of(tmp_path / "missing.md") == 0


def test_warm_runs_once_here_only_when_a_pool_starts() -> None:
    calls: list[str] = []
    run_each(square, [1, 2, 3], 2, warm=lambda: calls.append("pool"))
    run_each(square, [1, 2, 3], 1, warm=lambda: calls.append("serial"))
    run_each(square, [1, 2, 3], 2, known=lambda item: item, warm=lambda: calls.append("nothing to do"))
    assert calls == ["pool"]
