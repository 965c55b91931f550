#!/usr/bin/env python3
"""Measures a server ledger against psql doing the same work on the same data
in the same run (bench/README.md, "A desk server"): import into an empty
server ledger vs psql's \\copy of the bare rows; `contested --format csv` vs
contested-pg.sql (the same rows and cells); and appends per second with 8
and 50 writers at once. Medians of PAIRS alternating runs.

Usage: server.py BIN WORK N PAIRS ADMIN_URL   (run by server.sh)
"""
import csv
import io
import os
import statistics
import subprocess
import sys
import threading
import time

BIN, WORK, N, PAIRS, ADMIN = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
BENCH = os.path.dirname(os.path.abspath(__file__))
BASE = ADMIN.rsplit("/", 1)[0]
ENV = dict(os.environ, CLAIMLEDGER_USER="bench", NO_COLOR="1", XDG_CACHE_HOME=os.path.join(WORK, "cache"))
ENV.pop("CLAIMLEDGER_NOW", None)


def sh(args, **kw):
    out = subprocess.run(args, cwd=WORK, env=ENV, capture_output=True, **kw)
    if out.returncode != 0:
        sys.exit(f"{args} failed: {out.stderr.decode(errors='replace')}")
    return out.stdout


def fresh_db(name):
    sh(["psql", "-q", ADMIN, "-c", f"DROP DATABASE IF EXISTS {name}"])
    sh(["psql", "-q", ADMIN, "-c", f"CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"])
    return f"{BASE}/{name}"


def timed(args):
    start = time.perf_counter()
    out = sh(args)
    return time.perf_counter() - start, out


results = []


def report(task, goal, ours, theirs, note=""):
    a, b = statistics.median(ours), statistics.median(theirs)
    results.append((task, f"{a:.3f} s", f"{b:.3f} s", f"{a / b:.2f}×", goal, note))


# import into an empty server ledger, against \copy of the bare rows.
ours, theirs = [], []
for i in range(PAIRS):
    url = fresh_db("bench_ledger")
    for cache in [os.path.join(WORK, "cache")]:
        subprocess.run(["rm", "-rf", cache])
    ours.append(timed([BIN, "--db", url, "import", "claims.toml"])[0])
    bare = fresh_db("bench_bare")
    theirs.append(timed(["psql", "-q", "-v", "ON_ERROR_STOP=1", bare, "-f", os.path.join(BENCH, "import-pg.sql")])[0])
report("import of N claims + 3N stances into an empty server ledger vs psql \\copy", "≤ 5×", ours, theirs)

# contested, the replica warm (a checker's second command), against the same rows by hand on the server.
sh([BIN, "--db", url, "contested", "--format", "csv"])
ours, theirs, rows = [], [], 0
for i in range(PAIRS):
    took, a = timed([BIN, "--db", url, "contested", "--format", "csv"])
    ours.append(took)
    took, b = timed(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-f", os.path.join(BENCH, "contested-pg.sql")])
    theirs.append(took)
    x = list(csv.reader(io.StringIO(a.decode())))
    y = list(csv.reader(io.StringIO(b.decode())))
    if x != y:
        diff = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
        sys.exit(f"contested: row {diff} differs:\n  claimledger: {x[diff] if diff < len(x) else None}\n  psql: {y[diff] if diff < len(y) else None}")
    rows = len(x) - 1
report("contested --format csv vs the same rows by hand in psql", "≤ 1×", ours, theirs, f"{rows:,} rows, the same")

# verify --since a checkpoint taken before a tenth more claims, against a full verify of the same ledger.
checkpoint = os.path.join(WORK, "checkpoint")
sh([BIN, "--db", url, "verify", "--save-checkpoint", checkpoint])
sh([BIN, "--db", url, "import", "more.toml"])
ours, theirs = [], []
for i in range(PAIRS):
    ours.append(timed([BIN, "--db", url, "verify", "--since", checkpoint])[0])
    theirs.append(timed([BIN, "--db", url, "verify"])[0])
report("verify --since a checkpoint vs a full verify, a tenth more claims since", "≤ 0.2×", ours, theirs)


# appends: W writers at once, each appending K notes, each writer with its own replica.
def appends(writers, each):
    url = fresh_db(f"bench_appends_{writers}")
    env = dict(ENV, XDG_CACHE_HOME=os.path.join(WORK, f"cache-appends-{writers}"))
    subprocess.run([BIN, "--db", url, "init"], env=env, capture_output=True, check=True)
    subprocess.run([BIN, "--db", url, "source", "add", "Desk notes"], env=env, capture_output=True, check=True)
    subprocess.run([BIN, "--db", url, "claim", "add", "A claim", "--source", "S1"], env=env, capture_output=True, check=True)
    failed = []

    def writer(w):
        wenv = dict(ENV, XDG_CACHE_HOME=os.path.join(WORK, f"cache-{writers}-{w}"))
        for i in range(each):
            out = subprocess.run([BIN, "--db", url, "note", "C1", f"note {i} of writer {w}"], env=wenv, capture_output=True)
            if out.returncode != 0:
                failed.append(out.stderr.decode(errors="replace"))

    start = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - start
    count = sh(["psql", "-qAt", url, "-c", "SELECT count(*), max(seq) FROM events"]).decode().strip()
    verify = subprocess.run([BIN, "--db", url, "verify"], env=env, capture_output=True)
    results.append((f"{writers} writers × {each} appends", f"{took:.2f} s", "", f"{writers * each / took:.0f} appends/s",
                    "every append kept", f"{len(failed)} failed; events (count, max seq) {count}; verify exit {verify.returncode}"))


appends(8, 250)
appends(50, 40)

print(f"N = {N:,} claims, {PAIRS} pairs\n")
print("| work | claimledger | psql | ratio | goal | |")
print("|---|---:|---:|---:|---|---|")
for r in results:
    print("| " + " | ".join(r) + " |")
