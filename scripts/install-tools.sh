#!/usr/bin/env bash
# Installs the external programs the daemon runs (Debian packages), when they are missing:
# ffmpeg/ffprobe (5.1 or newer) for audio and video, par2 for parity repair, libheif's, LibRaw's,
# libjxl's and OpenJPEG's tools for HEIC, camera RAW, JPEG XL and JPEG 2000, prlimit for the
# children's CPU-time limit. Further Debian package names may be given as arguments (test/setup.sh
# adds what only the tests need). Runs apt-get as root, or through sudo.
set -euo pipefail

packages=("$@")
command -v ffmpeg >/dev/null 2>&1 || packages+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || packages+=(ffmpeg)
command -v par2 >/dev/null 2>&1 || packages+=(par2)
command -v heif-convert >/dev/null 2>&1 || packages+=(libheif-examples)
command -v unprocessed_raw >/dev/null 2>&1 || packages+=(libraw-bin)
command -v djxl >/dev/null 2>&1 || packages+=(libjxl-tools)
command -v opj_decompress >/dev/null 2>&1 || packages+=(libopenjp2-tools)
command -v prlimit >/dev/null 2>&1 || packages+=(util-linux)

[ "${#packages[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-tools: need root to install ${packages[*]} (apt-get); run as root or install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
