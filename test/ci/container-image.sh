#!/usr/bin/env bash
# Builds the container image from ./Containerfile and runs it, the way a NAS user would, on a
# machine without an image registry: a Debian 12 base made with mmdebstrap (cached), imported with
# podman, the image built with `buildah bud --isolation chroot`, then inside it (buildah run; podman's
# own run needs a cgroup setup these machines lack): `mediavigil --version`, the media tools, a
# `scan` of a read-only media folder made by ffmpeg, and the image's own entrypoint (`serve` with a
# mounted config file) checked by the image's HEALTHCHECK: healthy while it runs, unhealthy after.
#
# Usage: test/ci/container-image.sh [CONTEXT_DIR]     (default: the repository)
# Env:   MEDIAVIGIL_CI_CACHE   where the base tarball is kept (default /var/cache/mediavigil-ci)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
context=$(cd "${1:-$repo}" && pwd)
cache=${MEDIAVIGIL_CI_CACHE:-/var/cache/mediavigil-ci}
image=localhost/mediavigil:ci-test
step_started=$SECONDS

step() {
  echo "container-image: $* (at $((SECONDS - step_started)) s)" >&2
}
fail() {
  echo "container-image: FAILED: $*" >&2
  exit 1
}

missing=()
for tool in mmdebstrap podman buildah ffmpeg node; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ] || [ "$(id -u)" -ne 0 ]; then
  {
    echo '################################################################################'
    echo '#  SKIPPED: the container image test did not run.'
    [ "${#missing[@]}" -eq 0 ] || echo "#  Missing: ${missing[*]} (npm run setup installs them, as root)."
    [ "$(id -u)" -eq 0 ] || echo '#  It needs root (mmdebstrap and buildah with chroot isolation).'
    echo '################################################################################'
  } >&2
  exit 0
fi

work=$(mktemp -d /tmp/mv-container-XXXXXX)
container=
cleanup() {
  [ -z "$container" ] || buildah rm "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The base: Debian 12 minbase, like debian:12-slim. Rebuilt monthly; the image build runs
#    apt-get update itself, so an older base only costs a few more package downloads.
mkdir -p "$cache"
base_tar=$cache/debian-12-minbase.tar
if [ ! -s "$base_tar" ] || [ -n "$(find "$base_tar" -mtime +30)" ]; then
  step "building the Debian 12 base with mmdebstrap"
  rm -rf "$cache/debian-12-minbase.new.tar"
  timeout 900 mmdebstrap --quiet --variant=minbase --mode=root --format=tar bookworm "$cache/debian-12-minbase.new.tar"
  mv "$cache/debian-12-minbase.new.tar" "$base_tar"
fi
base=localhost/mediavigil-ci/debian:12-$(stat -c %Y "$base_tar")
if ! podman image exists "$base"; then
  step "importing the base as $base"
  podman import --quiet "$base_tar" "$base" >/dev/null
fi

# 2. The image. A TLS-inspecting proxy's CA (this machine's bundle) is handed to the build steps
#    that download; on an ordinary machine that is just the usual Debian bundle.
ca_bundle=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
ca_args=()
if [ -s "$ca_bundle" ]; then
  ca_args=(--volume "$ca_bundle:/run/build-ca.crt:ro" --build-arg CURL_CA_BUNDLE=/run/build-ca.crt --build-arg NODE_EXTRA_CA_CERTS=/run/build-ca.crt)
fi
step "building $image from $context/Containerfile"
timeout 1500 buildah bud --quiet --isolation chroot --format docker --layers \
  --build-arg "BASE=$base" "${ca_args[@]}" -t "$image" -f "$context/Containerfile" "$context" >/dev/null

config=$(buildah inspect --type image "$image")
node - "$config" <<'EOF' || fail "image config"
const { Docker: { config } } = JSON.parse(process.argv[2]);
const want = {
  User: 'mediavigil',
  Entrypoint: ['/usr/bin/tini', '--', 'mediavigil', 'serve'],
  Cmd: ['--config', '/etc/mediavigil/config.yaml'],
};
for (const [key, value] of Object.entries(want)) {
  if (JSON.stringify(config[key]) !== JSON.stringify(value)) throw new Error(`${key} is ${JSON.stringify(config[key])}, want ${JSON.stringify(value)}`);
}
for (const volume of ['/var/lib/mediavigil', '/run/mediavigil']) {
  if (!(volume in (config.Volumes ?? {}))) throw new Error(`no volume ${volume}`);
}
if (config.Healthcheck?.Test?.[0] !== 'CMD') throw new Error(`no HEALTHCHECK (build with --format docker): ${JSON.stringify(config.Healthcheck)}`);
EOF
# The container's command: ENTRYPOINT + CMD, one argument a line (none holds a newline).
mapfile -t command < <(node -e 'const c = JSON.parse(process.argv[1]).Docker.config; for (const arg of [...c.Entrypoint, ...c.Cmd]) console.log(arg)' "$config")
health=$(node -e 'const t = JSON.parse(process.argv[1]).Docker.config.Healthcheck.Test; if (t[1] !== "/bin/sh" || t[2] !== "-c") throw new Error("HEALTHCHECK is not CMD [/bin/sh, -c, ...]"); console.log(t[3])' "$config")

# 3. Media, made on the host and mounted read-only: clean files of each kind and a truncated film.
media=$work/media
mkdir -p "$media"
ffmpeg -nostdin -loglevel error -f lavfi -i testsrc=duration=2:size=160x120:rate=25 -f lavfi -i sine=duration=2 \
  -c:v mpeg4 -c:a aac -shortest "$media/clip.mp4"
ffmpeg -nostdin -loglevel error -f lavfi -i sine=duration=2 -c:a flac "$media/tone.flac"
ffmpeg -nostdin -loglevel error -f lavfi -i testsrc=size=64x64 -frames:v 1 "$media/picture.png"
head -c "$(($(stat -c %s "$media/clip.mp4") / 2))" "$media/clip.mp4" >"$media/broken.mp4"
chmod 755 "$work" "$media"
chmod 644 "$media"/*
# Metrics off: with chroot isolation the container shares this machine's network.
printf 'roots:\n  - path: /media\nmetrics:\n  enabled: false\n' >"$work/config.yaml"
chmod 644 "$work/config.yaml"

container=$(buildah from "$image")
run() {
  timeout 300 buildah run --isolation chroot --volume "$media:/media:ro" --volume "$work/config.yaml:/etc/mediavigil/config.yaml:ro" \
    --env TINI_SUBREAPER=1 "$container" -- "$@"
}

step "mediavigil --version"
version=$(run mediavigil --version)
want_version=$(node -p 'require(process.argv[1]).version' "$context/package.json")
[ "$version" = "$want_version" ] || fail "mediavigil --version printed '$version', want '$want_version'"
[ "$(run id -un)" = mediavigil ] || fail "the image does not run as the user mediavigil"
run sh -c 'for tool in ffmpeg ffprobe par2 heif-convert dcraw_emu djxl opj_decompress; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }; done' ||
  fail "a media tool is missing from the image"

step "mediavigil scan of a read-only media folder"
set +e
run mediavigil scan --json /media >"$work/scan.jsonl" 2>"$work/scan.err"
scan_status=$?
set -e
[ "$scan_status" -eq 1 ] || fail "scan exited $scan_status, want 1 (one corrupt file): $(cat "$work/scan.err")"
node - "$work/scan.jsonl" <<'EOF' || fail "scan results"
const lines = require('node:fs').readFileSync(process.argv[2], 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const verdicts = Object.fromEntries(lines.map((line) => [line.path, line.verdict]));
const want = { '/media/clip.mp4': 'OK', '/media/tone.flac': 'OK', '/media/picture.png': 'OK', '/media/broken.mp4': 'CORRUPT' };
if (JSON.stringify(verdicts, Object.keys(want).sort()) !== JSON.stringify(want, Object.keys(want).sort())) {
  throw new Error(`verdicts ${JSON.stringify(verdicts)}, want ${JSON.stringify(want)}`);
}
EOF

step "${command[*]} and the HEALTHCHECK ($health)"
# The check must pass while serve runs (polled: serve needs a moment to open its socket) and fail
# once serve has stopped. Every wait is bounded.
run sh -c '
  health=$1
  shift
  "$@" &
  serve=$!
  tries=0
  until sh -c "$health" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ] || ! kill -0 "$serve" 2>/dev/null; then echo "the health check never passed" >&2; kill "$serve" 2>/dev/null; exit 1; fi
    sleep 0.5
  done
  kill -TERM "$serve"
  wait "$serve" || { echo "serve exited $? after SIGTERM" >&2; exit 1; }
  if sh -c "$health" 2>/dev/null; then echo "the health check passed with serve stopped" >&2; exit 1; fi
' health "$health" "${command[@]}" || fail "health check"

podman image prune --force --filter until=168h >/dev/null 2>&1 || true
step "passed"
