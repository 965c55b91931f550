#!/usr/bin/env bash
# Measures a server ledger against psql on the same data (bench/README.md,
# "A desk server"). Usage: CLAIMLEDGER_TEST_PG=ADMIN_URL bench/server.sh [N] [PAIRS]
# (defaults 100000 and 3); ADMIN_URL is a superuser's URL on the server, as
# .ci/test makes. Needs python3 and psql.
set -euo pipefail
n=${1:-100000}
pairs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
: "${CLAIMLEDGER_TEST_PG:?set CLAIMLEDGER_TEST_PG to a superuser URL, like postgresql://postgres@127.0.0.1:5433/postgres}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile=${PROFILE:-release}
cargo build --profile "$profile" --quiet --manifest-path "$root/Cargo.toml"
dir=$profile; [ "$profile" = dev ] && dir=debug
echo "generating $n claims..." >&2
python3 "$root/bench/gen.py" "$n" "$work"
python3 "$root/bench/server.py" "$root/target/$dir/claimledger" "$work" "$n" "$pairs" "$CLAIMLEDGER_TEST_PG"
