#!/usr/bin/env bash
# Benchmark: build a ledger of N claims (3 stances each) through `import`, then
# time the report and export commands on it. Usage: bench/run.sh [N]  (default 100000;
# the target is N=1000000, which takes a while to build). Prints one line per step.
set -euo pipefail
n=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/claimledger"
export CLAIMLEDGER_DB="$work/bench.db" CLAIMLEDGER_USER=bench
python3 "$root/bench/gen.py" "$n" > "$work/claims.toml"

step() {
    local name=$1; shift
    local start end rss
    start=$(date +%s.%N)
    rss=$( { /usr/bin/time -f '%M' "$@" > /dev/null; } 2>&1 | tail -1 )
    end=$(date +%s.%N)
    printf '%-28s %8.2f s  %8d KiB max RSS\n' "$name" "$(echo "$end - $start" | bc)" "$rss"
}

echo "claims: $n, stances: $((n * 3))"
step "import" "$bin" import "$work/claims.toml"
step "contested (csv)" "$bin" contested --format csv
step "claim list --contested" "$bin" claim list --contested --format csv
step "claim list --topic" "$bin" claim list --topic deaths --format csv
step "claim list --search" "$bin" claim list --search "region 42" --format csv
step "figures (csv)" "$bin" figures --format csv
step "export claims" "$bin" export claims
step "export stances" "$bin" export stances
step "export ledger" "$bin" export ledger
step "verify" "$bin" verify
ls -l "$work/bench.db" | awk '{ printf "ledger size: %.1f MiB\n", $5 / 1048576 }'
