"""The issue's plainest reference, as a user would write it: Python's sqlite3.executemany.

20 transactions of 100,000 rows (the shape of `bench ingest`'s sweeps) into a table with no index, WAL and
synchronous NORMAL as the app sets them. Prints rows per second; compare with the `ingest` sweeps' points per
second printed in the same hour (docs/performance.md).

    python3 src/SmsBuyz.Analytics.Bench/References/executemany.py [database]
"""
import os
import sqlite3
import sys
import time

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join("data", "bench-executemany.db")
os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)

db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
db.execute("CREATE TABLE point (series INTEGER, at INTEGER, price INTEGER, qty INTEGER, sweep INTEGER)")

SWEEPS, SERIES = 20, 100_000
elapsed = 0.0
for sweep in range(SWEEPS):
    # Built before the clock starts, as the bench builds its answers untimed.
    rows = [(s, sweep * 300_000, 4_000 + (s * 7 + sweep) % 100, s % 1_000, sweep) for s in range(SERIES)]
    start = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO point VALUES (?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    elapsed += time.perf_counter() - start

total = SWEEPS * SERIES
print(f"executemany: {total:,} rows in {elapsed:.2f} s = {total / elapsed:,.0f} rows/s "
      f"(SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, load average "
      f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")
db.close()
