"""nxus.db.in_list: an IN list padded to a power of two, the same values selected."""

from __future__ import annotations

import sqlite3

import pytest

from nxus.db import in_list


@pytest.mark.parametrize(
    ("count", "padded"),
    [(0, 0), (1, 1), (2, 2), (3, 4), (5, 8), (8, 8), (9, 16), (500, 512), (1024, 1024)]
    + [(1025, 1025), (20_000, 20_000)],  # past IN_LIST_PADDED_UP_TO: as it is
)
def test_lengths_are_powers_of_two(count: int, padded: int) -> None:
    values = list(range(count))
    out = in_list(iter(values))
    assert len(out) == padded
    assert out[:count] == values and set(out) == set(values)


def test_a_padded_list_selects_and_deletes_the_same_rows() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(20)])
    ids = [3, 7, 11, 12, 19]
    padded = in_list(ids)
    marks = ",".join("?" * len(padded))
    chosen = db.execute(f"SELECT id FROM t WHERE id IN ({marks}) ORDER BY id", padded)
    assert [row[0] for row in chosen] == ids
    assert db.execute(f"DELETE FROM t WHERE id IN ({marks})", padded).rowcount == len(ids)
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 15
