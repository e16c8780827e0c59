#!/usr/bin/env bash
# `npm run bench`: every benchmark in test/bench, one after another (they measure; they never fail on a
# figure). Results: tables on stdout, JSON lines in test/bench/results.jsonl (or $MV_BENCH_RESULTS).
# MV_BENCH_BUILD: the compiled tree to run (default dist-test); MV_BENCH_ONLY: e.g. "hash probe";
# MV_BENCH_TIMEOUT: seconds one bench may take (default 900); MV_BENCH_SWEEP_1M=1: also sweep 1M files.
# The 1M-file first index (million.bench) takes half an hour and ~5 GB: it runs only when named,
# `MV_BENCH_ONLY=million`, or with MV_BENCH_MILLION=1. It and serve-index get longer default timeouts.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${MV_BENCH_RESULTS:-test/bench/results.jsonl}"
: > "$out"
build="${MV_BENCH_BUILD:-dist-test}"
failed=()
started=$SECONDS
for bench in "$build"/test/bench/*.bench.js; do
  name="$(basename "$bench" .bench.js)"
  if [ -n "${MV_BENCH_ONLY:-}" ] && [[ " $MV_BENCH_ONLY " != *" $name "* ]]; then continue; fi
  if [ "$name" = million ] && [ -z "${MV_BENCH_ONLY:-}" ] && [ "${MV_BENCH_MILLION:-}" != 1 ]; then continue; fi
  echo "== $name"
  # Each bench writes to its own file, appended after it ends, so one that rewrites its output
  # cannot drop the others' results; pretty-printed JSON is put on one line.
  part="$(mktemp)"
  bench_started=$SECONDS
  case "$name" in
    million) limit="${MV_BENCH_TIMEOUT:-3600}" ;;
    serve-index) limit="${MV_BENCH_TIMEOUT:-2400}" ;;
    *) limit="${MV_BENCH_TIMEOUT:-900}" ;;
  esac
  if ! MEDIAVIGIL_BENCH_OUT="$part" timeout --kill-after=30 "$limit" node "$bench"; then failed+=("$name"); fi
  node -e 'const fs = require("fs"); const text = fs.readFileSync(process.argv[1], "utf8").trim(); if (text === "") process.exit(0);
    let values; try { values = [JSON.parse(text)]; } catch { values = text.split("\n").map((line) => JSON.parse(line)); }
    for (const value of values) fs.appendFileSync(process.argv[2], JSON.stringify(value) + "\n");' "$part" "$out"
  rm -f "$part"
  echo "($name took $((SECONDS - bench_started)) s)"
  echo
done
echo "results: $out; all benches took $((SECONDS - started)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "failed to run: ${failed[*]}" >&2
  exit 1
fi
