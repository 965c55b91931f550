#!/usr/bin/env bash
# Measures claimledger against the sqlite3 shell on the same data, task by
# task (bench/README.md). Usage: bench/compare.sh [N] [PAIRS]  (defaults
# 200000 and 3). Needs python3 and the sqlite3 shell (Debian: sqlite3).
set -euo pipefail
n=${1:-200000}
pairs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v sqlite3 >/dev/null || { echo "compare.sh needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
echo "generating $n claims..." >&2
python3 "$root/bench/gen.py" "$n" "$work"
python3 "$root/bench/compare.py" "$root/target/release/claimledger" "$work" "$n" "$pairs"
