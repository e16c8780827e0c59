#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (Debian packages, then npm ci).
# Runs as root in CI; elsewhere it uses sudo for apt-get when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The programs the daemon itself runs (ffmpeg, par2, the photo decoders, prlimit) are added by
# scripts/install-tools.sh, the script of the README's first command; the fixtures' encoders
# (heif-enc, cjxl, opj_compress) come with them. Below: what only the tests need.
debian_packages=()
command -v xxhsum >/dev/null 2>&1 || debian_packages+=(xxhash)   # reference digests for the hash tests
command -v ps >/dev/null 2>&1 || debian_packages+=(procps)       # the runner tests read the process table
command -v inotifywait >/dev/null 2>&1 || debian_packages+=(inotify-tools)   # the watch bench compares with inotifywait
command -v systemd-analyze >/dev/null 2>&1 || debian_packages+=(systemd)   # unit checks; systemd-notify for the notifier tests
[ -x /usr/bin/python3 ] || debian_packages+=(python3-minimal)   # a unix datagram socket standing in for systemd's NOTIFY_SOCKET
command -v protoc >/dev/null 2>&1 || debian_packages+=(protobuf-compiler)   # the Python API test compiles proto/ to a descriptor set
[ -f /usr/include/google/protobuf/timestamp.proto ] || debian_packages+=(libprotobuf-dev)   # google/protobuf/*.proto that protoc imports
/usr/bin/python3 -c 'import grpc' >/dev/null 2>&1 || debian_packages+=(python3-grpcio)   # the Python client of the API test
/usr/bin/python3 -c 'import google.protobuf' >/dev/null 2>&1 || debian_packages+=(python3-protobuf)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || debian_packages+=(python3-aiosmtpd)   # the e-mail notification tests deliver to a real SMTP server on loopback
command -v openssl >/dev/null 2>&1 || debian_packages+=(openssl)   # a self-signed certificate for the API's TLS test
command -v mkfs.ext2 >/dev/null 2>&1 || debian_packages+=(e2fsprogs)   # the fault tests' loop disk with 1-second timestamps
command -v losetup >/dev/null 2>&1 || debian_packages+=(mount)   # the fault tests mount tmpfs and loop disks (as root)
command -v prometheus >/dev/null 2>&1 || debian_packages+=(prometheus)   # a real Prometheus scrapes serve in the metrics test
command -v promtool >/dev/null 2>&1 || debian_packages+=(prometheus)   # promtool check metrics / check rules
command -v zsh >/dev/null 2>&1 || debian_packages+=(zsh)   # the completion tests load the zsh script
command -v fish >/dev/null 2>&1 || debian_packages+=(fish)   # ... and ask fish for completions
command -v mmdebstrap >/dev/null 2>&1 || debian_packages+=(mmdebstrap)   # test/ci/container-image.sh: a Debian 12 base without a registry
command -v podman >/dev/null 2>&1 || debian_packages+=(podman)   # ... imports that base
command -v buildah >/dev/null 2>&1 || debian_packages+=(buildah)   # ... builds the Containerfile and runs the image

# The test-only packages go through the same installer, with one apt-get run for everything missing.
bash scripts/install-tools.sh "${debian_packages[@]}"

npm ci --no-audit --no-fund
