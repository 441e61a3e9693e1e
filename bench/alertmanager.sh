#!/usr/bin/env bash
# Runs Debian's Alertmanager (unpacked by bench/peers.sh) with the given arguments, for tests and
# by hand: bench/alertmanager.sh --config.file=am.yml --storage.path=/tmp/am \
#   --web.listen-address=127.0.0.1:9093 --cluster.listen-address=
# Debian's build looks for its templates at the compiled-in /usr/share/prometheus/alertmanager,
# which an unpacked package does not have; so it runs in a private mount namespace where the
# package's /usr/share is overlaid on the machine's. Nothing outside that namespace changes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$("$here/peers.sh" | tail -n1)"
bin="$root/usr/bin/prometheus-alertmanager"
if [ -f /usr/share/prometheus/alertmanager/default.tmpl ]; then
  exec "$bin" "$@"
fi
exec unshare -m --propagation private sh -c '
  mount -t overlay overlay -o "lowerdir=/usr/share:$1/usr/share" /usr/share || {
    echo "alertmanager.sh: cannot overlay /usr/share (needs mount namespaces); install prometheus-alertmanager instead" >&2
    exit 1
  }
  shift
  exec "$0" "$@"
' "$bin" "$root" "$@"
