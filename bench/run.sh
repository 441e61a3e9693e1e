#!/usr/bin/env bash
# One command per scenario: starts Vigil and the peers on 127.0.0.1 with temporary data, drives
# the same load into each, prints a table (Vigil vs peers, ratios per server CPU-second) and writes
# it as CSV under bench/results/. Usage: bench/run.sh <scenario> [options]
#   metrics-ingest [node|mixed] [series] [steps] [samples-per-request]
#       remote-write shape: 1 sample per series per request (default 10000 series, 60 steps, 1000/request)
#   metrics-query [series] [steps] [runs]
#       loads the node workload (default 1000 series x 960 steps = 4 h) into each, then times range queries
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
scenario="${1:-}"
shift || true
. "$repo/.ci/jdk.sh"
vigil_find_jdk
java="$JAVA_HOME/bin/java"

peers="$("$here/peers.sh" | tail -n1)"
results="$here/results"
mkdir -p "$results"
work="$(mktemp -d)"
# Servers start inside $(...) subshells, so their pids are kept in a file, not a variable.
cleanup() {
  if [ -f "$work/pids" ]; then
    while read -r p; do kill "$p" 2>/dev/null || true; done <"$work/pids"
    sleep 1
    while read -r p; do kill -9 "$p" 2>/dev/null || true; done <"$work/pids"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() {
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "bench: $1 did not come up" >&2
  return 1
}

if [ ! -f "$repo/server/target/vigil-server.jar" ] || [ ! -f "$repo/bench/target/vigil-bench-0.1.0-SNAPSHOT.jar" ]; then
  (cd "$repo" && ./mvnw -B -q -DskipTests package -pl server,bench -am) >&2
fi

start_vigil() {
  local port; port=$(free_port)
  "$java" --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -Xmx4g -XX:+UseParallelGC ${VIGIL_BENCH_JAVA_OPTS:-} \
    -jar "$repo/server/target/vigil-server.jar" serve --data-dir "$work/vigil" --http-port "$port" \
    --otlp-grpc-port 0 --otlp-http-port 0 >"$work/vigil.log" 2>&1 &
  echo $! >>"$work/pids"
  wait_http "http://127.0.0.1:$port/-/ready"
  echo "vigil=http://127.0.0.1:$port/api/v1/write=$!"
}
start_prometheus() {
  local port; port=$(free_port)
  printf 'global: {scrape_interval: 1h}\n' >"$work/prometheus.yml"
  "$peers/usr/bin/prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom" \
    --web.listen-address="127.0.0.1:$port" --web.enable-remote-write-receiver --web.enable-admin-api >"$work/prom.log" 2>&1 &
  echo $! >>"$work/pids"
  wait_http "http://127.0.0.1:$port/-/ready"
  echo "prometheus=http://127.0.0.1:$port/api/v1/write=$!"
}
start_victoria() {
  local port; port=$(free_port)
  "$peers/usr/bin/victoria-metrics" -storageDataPath="$work/vm" -httpListenAddr="127.0.0.1:$port" \
    -search.disableCache -retentionPeriod=100y >"$work/vm.log" 2>&1 &
  echo $! >>"$work/pids"
  wait_http "http://127.0.0.1:$port/health"
  echo "victoriametrics=http://127.0.0.1:$port/api/v1/write=$!"
}

case "$scenario" in
  metrics-ingest)
    profile="${1:-node}"; series="${2:-10000}"; steps="${3:-60}"; per="${4:-1000}"
    targets=("$(start_vigil)" "$(start_prometheus)" "$(start_victoria)")
    csv="$results/metrics-ingest-$profile-$(date -u +%Y%m%dT%H%M%SZ).csv"
    "$java" -cp "$repo/bench/target/vigil-bench-0.1.0-SNAPSHOT.jar:$(ls "$repo"/server/target/lib/aircompressor-*.jar):$(ls "$repo"/server/target/lib/protobuf-java-4*.jar)" \
      dev.vigil.bench.MetricsIngestBench "$profile" "$series" "$steps" "$per" "${targets[@]}" --csv "$csv"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u)"
    echo "csv: $csv"
    ;;
  metrics-query)
    series="${1:-1000}"; steps="${2:-960}"; runs="${3:-11}"
    targets=("$(start_vigil)" "$(start_prometheus)" "$(start_victoria)")
    csv="$results/metrics-query-$(date -u +%Y%m%dT%H%M%SZ).csv"
    "$java" -cp "$repo/bench/target/vigil-bench-0.1.0-SNAPSHOT.jar:$(ls "$repo"/server/target/lib/aircompressor-*.jar):$(ls "$repo"/server/target/lib/protobuf-java-4*.jar)" \
      dev.vigil.bench.MetricsQueryBench "$series" "$steps" "$runs" "${targets[@]}" --csv "$csv"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u)"
    echo "csv: $csv"
    ;;
  *)
    echo "usage: bench/run.sh metrics-ingest [node|mixed] [series] [steps] [samples-per-request]" >&2
    echo "       bench/run.sh metrics-query [series] [steps] [runs]" >&2
    exit 2
    ;;
esac
