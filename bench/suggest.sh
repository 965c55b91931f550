#!/usr/bin/env bash
# `suggest` on a 290 KB source: the bundled article and the labelled texts of tests/fixtures/suggest/,
# repeated to 290 KB, archived in a ledger holding the article's actors. Prints the median of PAIRS runs
# (default 3) of `suggest --all --format json` and of the draft (`--format toml`).
# Usage: bash bench/suggest.sh [BINARY] [PAIRS]   (default: the release build, built first)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
pairs=${2:-3}
if [ -z "$bin" ]; then
    cargo build --release --manifest-path "$root/Cargo.toml" >&2
    bin=${CARGO_TARGET_DIR:-$root/target}/release/claimledger
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$root/claims/ashraf3-raid.toml" "$root/claims/ashraf3-raid.txt" .
sed '/^\[\[claim\]\]/,$d' ashraf3-raid.toml > actors.toml
"$bin" --db l.db import actors.toml > /dev/null 2>&1
while [ "$(stat -c %s big.txt 2>/dev/null || echo 0)" -lt 296960 ]; do
    for f in ashraf3-raid.txt "$root"/tests/fixtures/suggest/*.txt; do cat "$f"; printf '\n\n'; done >> big.txt
done
head -c 296960 big.txt | iconv -c -f utf-8 -t utf-8 > source.txt
"$bin" --db l.db source add "A 290 KB text" --key big --text-file source.txt > /dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() {
    for _ in $(seq "$pairs"); do
        s=$(date +%s.%N); "$bin" --db l.db suggest big "$@" > /dev/null; e=$(date +%s.%N)
        echo "$e - $s" | bc
    done | median
}
echo "source: $(stat -c %s source.txt) bytes, $("$bin" --db l.db suggest big --all --format jsonl | wc -l) sentences"
echo "suggest --all --format json: $(run --all --format json) s"
echo "suggest --format toml: $(run --format toml) s"
