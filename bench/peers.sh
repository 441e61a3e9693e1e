#!/usr/bin/env bash
# Fetches the peers Vigil is compared with (Debian packages, unpacked, no service started) into
# bench/peers/root and prints their paths. Idempotent. Usage: bench/peers.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/peers/root"
if [ -x "$root/usr/bin/prometheus" ] && [ -x "$root/usr/bin/victoria-metrics" ] && [ -x "$root/usr/bin/prometheus-alertmanager" ]; then
  echo "$root"
  exit 0
fi
mkdir -p "$here/peers/debs" "$root"
cd "$here/peers/debs"
if ! apt-get download prometheus victoria-metrics prometheus-alertmanager >/dev/null 2>&1; then
  echo "peers: apt-get download failed; running apt-get update once and retrying" >&2
  apt-get update -qq >/dev/null
  apt-get download prometheus victoria-metrics prometheus-alertmanager >/dev/null
fi
for f in *.deb; do
  dpkg-deb -x "$f" "$root"
done
echo "$root"
