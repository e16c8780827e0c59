#!/usr/bin/env bash
# `npm run bench`: every benchmark in test/bench, one after another (they measure; they never fail on a
# figure). Results: tables on stdout, JSON lines in test/bench/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="test/bench/results.jsonl"
: > "$out"
export MEDIAVIGIL_BENCH_OUT="$PWD/$out"
for bench in dist-test/test/bench/*.bench.js; do
  echo "== $(basename "$bench" .bench.js)"
  node "$bench"
  echo
done
echo "results: $out"
