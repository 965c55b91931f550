#!/usr/bin/env python3
"""Measures claimledger against the sqlite3 shell doing the same work on the
same data, in the same run: each task's two commands alternate, PAIRS times,
and the medians, their ratio and each side's peak memory are printed as a
Markdown table. Ratios, not times, are what to compare across machines.

Usage: compare.py BIN WORK N PAIRS   (run by compare.sh)
"""
import csv
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

BIN, WORK, N, PAIRS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
BENCH = os.path.dirname(os.path.abspath(__file__))
ENV = dict(os.environ, CLAIMLEDGER_USER="bench", NO_COLOR="1")
ENV.pop("COLUMNS", None)


PEAK = os.path.join(WORK, "peak.txt")


def run(args, stdin=None, first_row=False):
    """Runs a command; returns (seconds, peak KiB, stdout bytes, seconds to first line).
    The peak is measured by /usr/bin/time, whose child is the command alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", PEAK] + args, cwd=WORK, env=ENV, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = None
    if first_row:
        proc.stdout.readline()
        first = time.perf_counter() - start
    out = proc.stdout.read()
    err = proc.stderr.read()
    proc.wait()
    took = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        sys.exit(f"{args} failed ({proc.returncode}): {err.decode(errors='replace')}")
    with open(PEAK) as f:
        peak = int(f.read().split()[-1])
    return took, peak, out, first


def sqlite3(db, sql_file, mode="-csv"):
    args = ["sqlite3", mode, db] if db else ["sqlite3", mode]
    return lambda: run(args, stdin=open(os.path.join(BENCH, sql_file)))


def pairs(ours, theirs, count=PAIRS):
    """Alternates the two, `count` times."""
    a, b = [], []
    for _ in range(count):
        a.append(ours())
        b.append(theirs())
    return a, b


def rows(csv_bytes):
    return list(csv.reader(io.StringIO(csv_bytes.decode())))


def same_rows(task, ours, theirs):
    a, b = rows(ours), rows(theirs)
    if a[1:] != b:
        for i, (x, y) in enumerate(zip(a[1:], b)):
            if x != y:
                sys.exit(f"{task}: row {i + 1} differs:\n  claimledger: {x}\n  sqlite3:     {y}")
        sys.exit(f"{task}: claimledger gives {len(a) - 1} rows, sqlite3 {len(b)}")
    return len(b)


results = []


def report(task, goal, a, b, note=""):
    ta, tb = statistics.median(r[0] for r in a), statistics.median(r[0] for r in b)
    ma, mb = max(r[1] for r in a), max(r[1] for r in b)
    ratio = ta / tb
    results.append((task, ta, tb, ratio, ma, mb, goal, note))
    print(f"  {task}: {ta:.3f} s vs {tb:.3f} s = {ratio:.2f}x; {ma // 1024} MiB vs {mb // 1024} MiB", file=sys.stderr)


ledger = os.path.join(WORK, "bench.db")
bare = os.path.join(WORK, "bare.db")


def fresh(path, command):
    """`command`, on a file that does not exist yet."""
    def go():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return command()
    return go


# import: the claims file, history and all, against the bare rows.
a, b = pairs(
    fresh(ledger, lambda: run([BIN, "--db", ledger, "import", "claims.toml"])),
    fresh(bare, sqlite3(bare, "import.sql", "-bail")),
)
report("import of N claims + 3N stances", "≤ 5×", a, b)
first_load = statistics.median(r[0] for r in a)
results.append(("peak memory of import", None, None, None, max(r[1] for r in a), None, "≤ 64 MiB", ""))

events = int(subprocess.run(["sqlite3", ledger, "SELECT count(*) FROM events"], capture_output=True, text=True).stdout)

a, b = pairs(lambda: run([BIN, "--db", ledger, "verify"]), sqlite3(ledger, "scan-events-bare.sql", "-list"))
report("verify vs a bare scan of every column of events", "≤ 3×", a, b, f"{events:,} events")
full_verify = a
a, b = pairs(lambda: run([BIN, "--db", ledger, "verify"]), sqlite3(ledger, "scan-events.sql", "-list"))
report("verify vs the same scan printed (scan-events.sql)", "", a, b, f"{events:,} events")
# SQLite's own checks of the file, by the shell alone: quick_check is the part
# verify runs (with its own check of each index beside it); integrity_check
# is what it ran before.
a, b = pairs(lambda: run(["sqlite3", ledger, "PRAGMA quick_check"]), sqlite3(ledger, "scan-events-bare.sql", "-list"))
report("of which SQLite's quick_check (sqlite3 alone) vs the bare scan", "", a, b, "runs beside the rest")
a, b = pairs(lambda: run(["sqlite3", ledger, "PRAGMA integrity_check"]), sqlite3(ledger, "scan-events-bare.sql", "-list"))
report("SQLite's integrity_check (sqlite3 alone) vs the bare scan", "", a, b, "what verify ran before")

# A tenth more claims into the loaded ledger (each run on a copy of it),
# per claim against the first load; then `verify --since` the checkpoint
# taken before them, against a full `verify` of the same ledger.
checkpoint = os.path.join(WORK, "checkpoint")
run([BIN, "--db", ledger, "verify", "--save-checkpoint", checkpoint])
grown = os.path.join(WORK, "grown.db")
more = sum(1 for line in open(os.path.join(WORK, "more.toml")) if line == "[[claim]]\n")
added = []
for _ in range(PAIRS):
    shutil.copyfile(ledger, grown)
    added.append(run([BIN, "--db", grown, "import", "more.toml"]))
per_claim = (statistics.median(r[0] for r in added) / more) / (first_load / N)
results.append((
    "additive import of N/10 more claims, per claim, vs the first load's", statistics.median(r[0] for r in added),
    None, per_claim, max(r[1] for r in added), None, "≤ 2×", f"{more:,} claims into {N:,}",
))
new_events = int(subprocess.run(["sqlite3", grown, "SELECT count(*) FROM events"], capture_output=True,
                                text=True).stdout) - events
a, b = pairs(lambda: run([BIN, "--db", grown, "verify", "--since", checkpoint]),
             lambda: run([BIN, "--db", grown, "verify"]))
report("verify --since a checkpoint vs a full verify", "≤ 0.2×", a, b,
       f"{new_events:,} of {events + new_events:,} events new")

a, b = pairs(lambda: run([BIN, "--db", ledger, "contested", "--format", "csv"]), sqlite3(ledger, "contested.sql"))
count = same_rows("contested", a[-1][2], b[-1][2])
report("contested --format csv vs the same rows by hand-written SQL", "≤ 0.2×", a, b, f"{count:,} rows, the same")

a, b = pairs(lambda: run([BIN, "--db", ledger, "export", "claims"]), sqlite3(ledger, "export-claims.sql"))
count = same_rows("export claims", a[-1][2], b[-1][2])
report("export claims vs sqlite3 -csv of the same columns", "≤ 0.4×", a, b, f"{count:,} rows, the same")

a, b = pairs(
    lambda: run([BIN, "--db", ledger, "claim", "show", "C1"]),
    lambda: run(["sqlite3", ledger, "select 1"]),
    count=max(PAIRS, 21),
)
report("start-up: claim show C1 vs sqlite3 'select 1'", "≤ 1.0×", a, b)

listed = [run([BIN, "--db", ledger, "claim", "list", "--limit", "100000"], first_row=True) for _ in range(PAIRS)]
first = statistics.median(r[3] for r in listed)
results.append((
    "claim list (table), 100,000 claims", statistics.median(r[0] for r in listed), None, None,
    max(r[1] for r in listed), None, "flat, ≤ 32 MiB, first row at once", f"first row after {first:.3f} s",
))

# A misquote against a 290 KB source: the closest passage is looked for.
words = "the police raided the camp at dawn and seized computers while residents protested outside".split()
text = " ".join(words[(i * 3) % len(words)] for i in range(52000))[:290_000]
with open(os.path.join(WORK, "long.txt"), "w") as f:
    f.write(text)
run([BIN, "--db", ledger, "source", "add", "A long report", "--key", "long", "--text-file", "long.txt"])
passage = " ".join(text[150_000:150_300].split()[1:-1])
quote = passage[:100] + ("x" if passage[100] != "x" else "y") + passage[101:]
misses = []
for _ in range(PAIRS):
    started = time.perf_counter()
    proc = subprocess.run([BIN, "--db", ledger, "claim", "add", "x", "--source", "long", "--quote", quote],
                          cwd=WORK, env=ENV, capture_output=True)
    misses.append(time.perf_counter() - started)
    assert proc.returncode == 1 and b"closest passage" in proc.stderr, proc.stderr
results.append(("a misquote against a 290 KB source", statistics.median(misses), None, None, None, None, "≤ 0.2 s", ""))

size = os.path.getsize(ledger) / 2**20
print(f"\nN = {N:,} claims ({3 * N:,} stances in the file, {events:,} events, a {size:.0f} MiB ledger); "
      f"medians of {PAIRS} alternating pairs.\n")
print("| work | claimledger | sqlite3 | ratio | peak memory | goal | |")
print("|---|---:|---:|---:|---:|---|---|")
def judge(goal, ratio, memory, seconds):
    """"met" or "missed" against a goal of the form "≤ 5×", "≤ 64 MiB" or "≤ 0.2 s"."""
    m = re.fullmatch(r"≤ ([0-9.]+) ?(×|MiB|s)", goal)
    if not m:
        return ""
    limit, unit = float(m.group(1)), m.group(2)
    value = {"×": ratio, "MiB": None if memory is None else memory / 1024, "s": seconds}[unit]
    if value is None:
        return ""
    return "met" if value <= limit else "missed"


for task, ta, tb, ratio, ma, mb, goal, note in results:
    verdict = judge(goal, ratio, ma, ta)
    note = "; ".join(x for x in (verdict, note) if x)
    t = lambda x: "" if x is None else f"{x:.3f} s"
    mem = "" if ma is None else f"{ma // 1024} MiB" + ("" if mb is None else f" / {mb // 1024} MiB")
    r = "" if ratio is None else f"{ratio:.2f}×"
    print(f"| {task} | {t(ta)} | {t(tb)} | {r} | {mem} | {goal} | {note} |")
