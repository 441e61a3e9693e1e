#!/usr/bin/env bash
# One command per scenario: starts Vigil and the peers on 127.0.0.1 with temporary data, drives
# the same load into each, prints a table (Vigil vs peers, ratios per server CPU-second) and writes
# it as CSV under bench/results/. Usage: bench/run.sh <scenario> [options]
#   metrics-ingest [node|mixed] [series] [steps] [samples-per-request]
#       remote-write shape: 1 sample per series per request (default 10000 series, 60 steps, 1000/request)
#   metrics-ingest churn [series] [steps] [samples-per-request]
#       high churn: every series is replaced by a new one every minute (pod restarts)
#   metrics-ingest <node|mixed> [series] [steps] [samples-per-request] batch
#       batch shape: 10 consecutive samples of each series per request
#   metrics-memory [series] [steps]
#       resident memory per active series: each server alone, RSS idle and after writing the node
#       workload (default 100,000 series x 20 steps), the growth divided by the series; for Vigil
#       also the growth of the live heap (after a full GC)
#   metrics-disk [node|mixed] [series] [steps]
#       bytes per sample on disk with everything persisted (default 10000 series x 960 steps = 4 h):
#       the same remote-write data into each, then Prometheus' and Vigil's snapshot API (head
#       written as a block too) and VictoriaMetrics' force_flush + settled merges; reads 200
#       series back as raw samples and counts the bit-exact ones
#   metrics-query [series] [steps] [runs]
#       loads the node workload (default 1000 series x 960 steps = 4 h) into each, waits until every
#       server is idle (blocks cut, merges done), then times range queries
#       (METRICS_QUERY_SERVERS="vigil prometheus victoria" picks which)
#   traces-ingest [spans] [grpc|http/protobuf|http/json] [connections] [spans-per-trace]
#       OTLP traces into Vigil, against bare protobuf parsing of the same bytes in the same run
#   trace-lookup [spans] [lookups]
#       loads traces of 50 spans, then times whole traces by id through the Jaeger API
#   logs-ingest [records] [grpc|http/protobuf|http/json] [line-bytes] [warm-up records]
#       OTLP logs into Vigil, against a bare Lucene IndexWriter on the same records in the same run;
#       with warm-up records, both first take that many uncounted records (steady state: after 500,000
#       the server's C2 compiler is still 15 % of the measured CPU, after 1,000,000 about 5 %: measure
#       2000000 after 1000000, the defaults); the server runs with bench/logs-ingest.yml (its tenant's ingest limit
#       raised) and its CPU in the 40 s after the load (LOGS_INGEST_SETTLE) is reported beside, as bare
#       Lucene's includes its final flush and merges
#   logs-search [records] [runs]
#       loads records over one hour, then times a selective search and a count_over_time
#       aggregation through the Loki API, against the same searches on bare Lucene
#   slo-eval [slos] [jobs] [window-seconds] [interval-seconds]
#       100 Sloth SLOs (1,700 generated rules) every 15 s over 10,000 series: CPU of Vigil,
#       Prometheus, and vmalert + VictoriaMetrics, each alone on the machine in turn
#       (SLO_EVAL_SERVERS="vigil prometheus vmalert" picks which; SLO_EVAL_WARMUP seconds
#       between loading the rules and measuring, default 25)
#   otlp-load <OtlpLoadBench options>
#       starts Vigil and runs the OTLP load generator with the given options (see OtlpLoadBench)
set -euo pipefail
# One benchmark at a time on this machine: two would share its two cores and its loopback ports,
# and each would measure the other. Another worktree's run waits here (BENCH_LOCK names the file).
if [ -z "${VIGIL_BENCH_LOCKED:-}" ] && command -v flock >/dev/null; then
  export VIGIL_BENCH_LOCKED=1
  exec flock "${BENCH_LOCK:-/tmp/vigil-bench.lock}" "$0" "$@"
fi
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

if [ ! -f "$repo/server/target/vigil-server.jar" ] || [ ! -f "$repo/bench/target/vigil-bench-0.1.0-SNAPSHOT.jar" ] \
  || [ ! -d "$repo/bench/target/lib" ]; then
  (cd "$repo" && ./mvnw -B -q -DskipTests -Dskip.ui package -pl server,bench -am) >&2
fi
bench_cp="$repo/bench/target/vigil-bench-0.1.0-SNAPSHOT.jar:$repo/bench/target/lib/*"
jflags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx6g)
# Vigil runs with the launcher's collector flags (./vigil), so the figures are those of what ships;
# figures taken before 2026-12-06 09:25 UTC (that morning's PromQL and slo-eval runs included) used
# -XX:+UseParallelGC, and those before 2026-12-07 23:30 UTC G1's adaptive marking threshold.
# VIGIL_GC_OPTS replaces them, as for ./vigil.
read -r -a vigil_gc <<<"${VIGIL_GC_OPTS:--XX:+UseG1GC -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -XX:G1PeriodicGCInterval=10000 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=90}"
machine() { echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u)"; }
stamp() { date -u +%Y%m%dT%H%M%SZ; }
# Per thread of a process: "<tid> <name with _ for blanks> <CPU ticks>", from /proc.
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    echo "${t##*/} $(tr ' ' _ <"$t/comm" 2>/dev/null) $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null)"
  done 2>/dev/null | awk 'NF == 3'
}
# CPU seconds (user + system) of a process, from /proc.
cpu_of() { awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / t }' "/proc/$1/stat"; }

# Vigil for the OTLP scenarios: prints "<pid> <http port> <grpc port> <otlp http port>".
start_vigil_otlp() {
  local port grpc otlp; port=$(free_port); grpc=$(free_port); otlp=$(free_port)
  "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx4g "${vigil_gc[@]}" ${VIGIL_BENCH_JAVA_OPTS:-} \
    -jar "$repo/server/target/vigil-server.jar" serve --data-dir "$work/vigil" --http-port "$port" \
    --otlp-grpc-port "$grpc" --otlp-http-port "$otlp" ${1:+--config "$1"} >"$work/vigil.log" 2>&1 &
  echo $! >>"$work/pids"
  wait_http "http://127.0.0.1:$port/-/ready"
  echo "$! $port $grpc $otlp"
}
# Stops Vigil gracefully (so the stores commit) and prints the bytes of a data subdirectory.
stop_and_measure() {
  kill -TERM "$1"; for _ in $(seq 1 120); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  du -sb "$work/vigil/$2" | cut -f1
}

start_vigil() {
  local port; port=$(free_port)
  "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx4g "${vigil_gc[@]}" ${VIGIL_BENCH_JAVA_OPTS:-} \
    -jar "$repo/server/target/vigil-server.jar" serve --data-dir "$work/vigil" --http-port "$port" \
    --otlp-grpc-port 0 --otlp-http-port 0 ${VIGIL_BENCH_CONFIG:+--config "$VIGIL_BENCH_CONFIG"} ${VIGIL_BENCH_FLAGS:-} >"$work/vigil.log" 2>&1 &
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
    profile="${1:-node}"; series="${2:-10000}"; steps="${3:-60}"; per="${4:-1000}"; shape="${5:-rw}"
    targets=("$(start_vigil)" "$(start_prometheus)" "$(start_victoria)")
    csv="$results/metrics-ingest-$profile-$(date -u +%Y%m%dT%H%M%SZ).csv"
    "$java" -cp "$bench_cp" \
      dev.vigil.bench.MetricsIngestBench "$profile" "$series" "$steps" "$per" "${targets[@]}" --shape "$shape" --csv "$csv"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u)"
    echo "csv: $csv"
    ;;
  metrics-memory)
    series="${1:-100000}"; steps="${2:-20}"
    csv="$results/metrics-memory-$(stamp).csv"
    rss_of() { awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"; }
    # Live heap of a JVM: a full collection, then the used bytes of its generations.
    heap_of() {
      "$(dirname "$java")/jcmd" "$1" GC.run >/dev/null
      sleep 2
      "$(dirname "$java")/jcmd" "$1" GC.heap_info | awk '/Gen|garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); u += v * 1024 } } END { print u + 0 }'
    }
    echo "server,series,rss_idle_bytes,rss_after_bytes,rss_bytes_per_series,heap_after_gc_bytes,heap_bytes_per_series" >"$csv"
    printf '%-16s %10s %12s %12s %14s %14s %14s\n' server series "idle MiB" "after MiB" "RSS B/series" "heap MiB" "heap B/series"
    for server in vigil prometheus victoriametrics; do
      case "$server" in
        vigil) target="$(start_vigil)" ;;
        prometheus) target="$(start_prometheus)" ;;
        victoriametrics) target="$(start_victoria)" ;;
      esac
      pid="${target##*=}"
      sleep 5
      idle=$(rss_of "$pid")
      [ "$server" = vigil ] && idle_heap=$(heap_of "$pid")
      "$java" -cp "$bench_cp" dev.vigil.bench.MetricsIngestBench node "$series" "$steps" 1000 "$target" >"$work/memory-$server.log"
      sleep 15 # background work settles (WAL syncs, head chunks, merges, an idle collection)
      after=$(rss_of "$pid")
      heap=""; heap_per=""
      if [ "$server" = vigil ]; then
        # The JVM's RSS is mostly heap the collector has not handed back; the live heap after a
        # full collection is what the head really holds.
        heap=$(heap_of "$pid")
        heap_per=$(awk -v h="$heap" -v i="$idle_heap" -v n="$series" 'BEGIN { printf "%.0f", (h - i) / n }')
      fi
      per=$(awk -v a="$after" -v i="$idle" -v n="$series" 'BEGIN { printf "%.0f", (a - i) / n }')
      echo "$server,$series,$idle,$after,$per,$heap,$heap_per" >>"$csv"
      printf '%-16s %10d %12.1f %12.1f %14s %14s %14s\n' "$server" "$series" "$(awk -v b="$idle" 'BEGIN{print b/1048576}')" \
        "$(awk -v b="$after" 'BEGIN{print b/1048576}')" "$per" "$( [ -n "$heap" ] && awk -v b="$heap" 'BEGIN{printf "%.1f", b/1048576}' || echo -)" "${heap_per:--}"
      kill "$pid"; for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    done
    machine; echo "csv: $csv"
    ;;
  metrics-disk)
    profile="${1:-node}"; series="${2:-10000}"; steps="${3:-960}"
    VIGIL_BENCH_FLAGS="--enable-admin-api ${VIGIL_BENCH_FLAGS:-}"
    targets=("$(start_vigil)=$work/vigil" "$(start_prometheus)=$work/prom" "$(start_victoria)=$work/vm")
    csv="$results/metrics-disk-$profile-$(stamp).csv"
    "$java" -Xmx3g -cp "$bench_cp" dev.vigil.bench.MetricsDiskBench "$profile" "$series" "$steps" "${targets[@]}" --csv "$csv"
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    machine; echo "csv: $csv"
    ;;
  metrics-query)
    series="${1:-1000}"; steps="${2:-960}"; runs="${3:-11}"
    targets=()
    for s in ${METRICS_QUERY_SERVERS:-vigil prometheus victoria}; do targets+=("$(start_"$s")"); done
    csv="$results/metrics-query-$(date -u +%Y%m%dT%H%M%SZ).csv"
    "$java" -cp "$bench_cp" \
      dev.vigil.bench.MetricsQueryBench "$series" "$steps" "$runs" "${targets[@]}" --csv "$csv"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u)"
    echo "csv: $csv"
    ;;
  traces-ingest)
    spans="${1:-500000}"; protocol="${2:-grpc}"; conns="${3:-4}"; per="${4:-10}"
    read -r pid port grpc otlp < <(start_vigil_otlp)
    csv="$results/traces-ingest-$(stamp).csv"
    "$java" "${jflags[@]}" -cp "$bench_cp" dev.vigil.bench.OtlpLoadBench --signal traces --protocol "$protocol" \
      --http "http://127.0.0.1:$otlp" --grpc "127.0.0.1:$grpc" --items "$spans" --batch 1000 \
      --connections "$conns" --spans-per-trace "$per" --pid "$pid" --baseline --csv "$csv"
    bytes=$(stop_and_measure "$pid" traces)
    echo "trace store on disk after a graceful stop: $bytes bytes, $(awk -v b="$bytes" -v n="$spans" 'BEGIN{printf "%.1f", b/n}') bytes/span (segments + index + WAL)"
    echo "published references: the OpenTelemetry Collector ~12 k spans/s per core; Tempo's sizing guide a few k spans/s per core"
    machine; echo "csv: $csv"
    ;;
  trace-lookup)
    spans="${1:-1000000}"; lookups="${2:-2000}"
    read -r pid port grpc otlp < <(start_vigil_otlp)
    "$java" "${jflags[@]}" -cp "$bench_cp" dev.vigil.bench.OtlpLoadBench --signal traces --protocol grpc \
      --grpc "127.0.0.1:$grpc" --items "$spans" --batch 1000 --spans-per-trace 50 --pid "$pid" \
      --ids-out "$work/trace-ids" >/dev/null
    sleep 2
    csv="$results/trace-lookup-$(stamp).csv"
    "$java" "${jflags[@]}" -cp "$bench_cp" dev.vigil.bench.TraceLookupBench "http://127.0.0.1:$port" \
      "$work/trace-ids" "$lookups" 50 --csv "$csv"
    machine; echo "csv: $csv"
    ;;
  logs-ingest)
    records="${1:-2000000}"; protocol="${2:-http/protobuf}"; line="${3:-120}"; warmup="${4:-1000000}"
    read -r pid port grpc otlp < <(start_vigil_otlp "${VIGIL_BENCH_CONFIG:-$here/logs-ingest.yml}")
    csv="$results/logs-ingest-$(stamp).csv"
    "$java" "${jflags[@]}" -cp "$bench_cp" dev.vigil.bench.OtlpLoadBench --signal logs --protocol "$protocol" \
      --http "http://127.0.0.1:$otlp" --grpc "127.0.0.1:$grpc" --items "$records" --batch 1000 \
      --line-bytes "$line" --warmup "$warmup" --pid "$pid" --settle-seconds "${LOGS_INGEST_SETTLE:-40}" \
      --lucene-baseline "$work/lucene" --csv "$csv" | tee "$work/out"
    bytes=$(stop_and_measure "$pid" logs)
    # The index holds the warm-up's records too.
    all=$(awk '/^records sent in all/{print $5}' "$work/out")
    raw=$(awk '/^raw log bytes sent in all/{print $7}' "$work/out")
    echo "log index on disk after a graceful stop: $bytes bytes, $(awk -v b="$bytes" -v n="$all" 'BEGIN{printf "%.1f", b/n}') bytes/record, $(awk -v b="$bytes" -v r="$raw" 'BEGIN{printf "%.3f", b/r}') x raw"
    machine; echo "csv: $csv"
    ;;
  logs-search)
    records="${1:-1000000}"; runs="${2:-11}"
    read -r pid port grpc otlp < <(start_vigil_otlp)
    start_ns=$(( ($(date +%s) - 3700) * 1000000000 ))
    "$java" "${jflags[@]}" -cp "$bench_cp" dev.vigil.bench.OtlpLoadBench --signal logs --protocol http/protobuf \
      --http "http://127.0.0.1:$otlp" --items "$records" --batch 1000 --rare-every $(( records / 40 )) \
      --start-nanos "$start_ns" --span-seconds 3600 --pid "$pid" --lucene-baseline "$work/lucene" >/dev/null
    sleep 2
    csv="$results/logs-search-$(stamp).csv"
    "$java" "${jflags[@]}" -cp "$bench_cp" dev.vigil.bench.LogsSearchBench "http://127.0.0.1:$port" "$work/lucene" \
      "$start_ns" $(( start_ns + 3600000000000 )) "$runs" --csv "$csv"
    echo "records: $records over one hour"; machine; echo "csv: $csv"
    ;;
  slo-eval)
    slos="${1:-100}"; jobs="${2:-100}"; window="${3:-120}"; interval="${4:-15}"
    warmup="${SLO_EVAL_WARMUP:-25}"
    "$java" -cp "$bench_cp" dev.vigil.bench.SloEvalBench rules "$work/rules" "$slos" "$jobs"
    history=480  # 2 h of 15 s steps
    live=$(( window + warmup + 60 ))
    csv="$results/slo-eval-$(stamp).csv"
    echo "server,cores,max_group_eval_s,groups,oldest_eval_age_s,evaluations_per_s,late_share,rule_cpu_ms_per_evaluation" >"$csv"
    # Vigil's rule counters from /metrics: "evaluations late cpu_seconds" (empty url: "0 0 0").
    rule_counts() {
      [ -n "$1" ] || { echo "0 0 0"; return; }
      { curl -fsS "$1" 2>/dev/null || true; } | awk '
        /^vigil_rule_group_evaluations_total /{e=$2} /^vigil_rule_group_evaluations_late_total /{l=$2}
        /^vigil_rule_group_evaluation_cpu_seconds_total /{c=$2} END {print e+0, l+0, c+0}'
    }
    rules_metrics=""
    measure() { # name, pids..., then prints cores over the window (and sets rule_stats for Vigil)
      local name="$1"; shift
      sleep "$warmup"
      local c0=0 c1=0 p r0 r1
      r0=$(rule_counts "$rules_metrics")
      for p in "$@"; do c0=$(awk -v a="$c0" -v b="$(cpu_of "$p")" 'BEGIN{print a+b}'); done
      thread_ticks "$1" >"$work/threads0"
      sleep "$window"
      for p in "$@"; do c1=$(awk -v a="$c1" -v b="$(cpu_of "$p")" 'BEGIN{print a+b}'); done
      thread_ticks "$1" >"$work/threads1"
      r1=$(rule_counts "$rules_metrics")
      # Where the first process' cores went, by thread name (digits folded): the rule threads, and
      # the JVM's own (G1's concurrent marking "G1 Conc#N", its workers "GC Thread#N", the JIT).
      join <(sort "$work/threads0") <(sort "$work/threads1") | awk -v w="$window" -v t="$(getconf CLK_TCK)" '
        { n = $2; gsub(/[0-9]+/, "N", n); c[n] += ($5 - $3) / t / w }
        END { for (k in c) if (c[k] >= 0.005) printf "%s %.3f\n", k, c[k] }' | sort -k2 -rn | head -8 |
        awk -v name="$name" 'BEGIN { printf "  %s cores by thread:", name } { printf " %s %s;", $1, $2 } END { print "" }' >>"$work/threads_report"
      # Evaluations per second, the share of them late (finished > 1 s after their tick), and the
      # rule threads' CPU per evaluation: with groups behind, the cores figure is what the server
      # managed, and evaluations per second times CPU per evaluation what it would need.
      echo "$r0 $r1" | awk -v w="$window" '{n=$4-$1; printf "%.1f %.3f %.3f\n", n/w, (n>0?($5-$2)/n:0), (n>0?($6-$3)*1000/n:0)}' >"$work/rule_stats"
      awk -v a="$c0" -v b="$c1" -v w="$window" 'BEGIN{printf "%.3f", (b-a)/w}'
    }
    # rules API url -> "max_eval_s groups oldest_age_s"; a group whose last evaluation is older than
    # the interval is behind, and then the CPU figure is what the server managed, not what it needs.
    group_stats() {
      curl -fsS "$1" 2>/dev/null | python3 -c 'import json,sys,datetime
try:
  g=json.load(sys.stdin)["data"]["groups"]; e=[x["evaluationTime"] for x in g if "evaluationTime" in x]
  now=datetime.datetime.now(datetime.timezone.utc)
  a=[(now-datetime.datetime.fromisoformat(x["lastEvaluation"].replace("Z","+00:00"))).total_seconds() for x in g if x.get("lastEvaluation")]
  print("%s %d %s" % ("%.4f" % max(e) if e else "n/a", len(g), "%.1f" % max(a) if a else "n/a"))
except Exception: print("n/a 0 n/a")' || echo "n/a 0 n/a"
    }
    want() { case " ${SLO_EVAL_SERVERS:-vigil prometheus vmalert} " in *" $1 "*) return 0;; esac; return 1; }
    pcores=""
    # Feeds history at full speed, then a live step every 15 s; waits for the history to be in.
    feed() {
      rm -f "$work/history-done"
      "$java" -cp "$bench_cp" dev.vigil.bench.SloEvalBench feed "$1" "$jobs" "$history" "$live" "$work/history-done" &
      feed=$!; echo $feed >>"$work/pids"
      while [ ! -f "$work/history-done" ]; do
        kill -0 "$feed" 2>/dev/null || { echo "bench: the feed to $1 failed" >&2; exit 1; }
        sleep 1
      done
    }
    if want vigil; then
      # Vigil: rules dir empty until the history is in, then the Sloth file is dropped in and reloaded.
      mkdir -p "$work/vigil-rules"
      printf 'tsdb:\n  decoded-chunk-cache: %s\nrules:\n  dir: %s\n  interval: %ss\n' "${VIGIL_DECODED_CHUNK_CACHE:-64MiB}" "$work/vigil-rules" "$interval" >"$work/vigil.yml"
      read -r vpid vport _ _ < <(start_vigil_otlp "$work/vigil.yml")
      feed "http://127.0.0.1:$vport/api/v1/write"
      cp "$work/rules/sloth/"*.yml "$work/vigil-rules/"; curl -fsS -X POST "http://127.0.0.1:$vport/-/reload" >/dev/null
      rules_metrics="http://127.0.0.1:$vport/metrics"
      vcores=$(measure vigil "$vpid"); read -r vmax vgroups vage < <(group_stats "http://127.0.0.1:$vport/api/v1/rules")
      # Resident memory at the end of the window: GC settings trade it against CPU.
      vrss=$(awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$vpid/status")
      rules_metrics=""
      read -r veps vlate vcpu <"$work/rule_stats"
      echo "vigil,$vcores,$vmax,$vgroups,$vage,$veps,$vlate,$vcpu" >>"$csv"; kill "$feed" 2>/dev/null || true; kill "$vpid"
    fi
    if want prometheus; then
      # Prometheus: history first, then the rules (rules writing at now would make older samples out of bounds).
      pport=$(free_port); mkdir -p "$work/prom-rules"
      printf 'global: {scrape_interval: 1h, evaluation_interval: %ss}\nrule_files: ["%s/*.yml"]\n' "$interval" "$work/prom-rules" >"$work/prometheus.yml"
      "$peers/usr/bin/prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom" \
        --web.listen-address="127.0.0.1:$pport" --web.enable-remote-write-receiver --web.enable-lifecycle >"$work/prom.log" 2>&1 &
      ppid=$!; echo $ppid >>"$work/pids"; wait_http "http://127.0.0.1:$pport/-/ready"
      feed "http://127.0.0.1:$pport/api/v1/write"
      cp "$work/rules/prometheus/rules.yml" "$work/prom-rules/"; curl -fsS -X POST "http://127.0.0.1:$pport/-/reload"
      pcores=$(measure prometheus "$ppid"); read -r pmax pgroups page < <(group_stats "http://127.0.0.1:$pport/api/v1/rules")
      echo "prometheus,$pcores,$pmax,$pgroups,$page,,," >>"$csv"; kill "$feed" 2>/dev/null || true; kill "$ppid"
    fi
    if want vmalert; then
      # vmalert + VictoriaMetrics: both processes' CPU counts.
      read -r _ vmurl vmpid < <(start_victoria | tr '=' ' ')
      vmbase="${vmurl%/api/v1/write}"
      feed "$vmurl"
      # vmalert needs a notifier for alerting rules: a sink on loopback that answers 200 (not counted).
      amport=$(free_port)
      python3 "$here/notify-sink.py" "$amport" &
      echo $! >>"$work/pids"
      aport=$(free_port)
      "$peers/usr/bin/vmalert" -rule="$work/rules/prometheus/rules.yml" -datasource.url="$vmbase" \
        -remoteWrite.url="$vmbase" -remoteRead.url="$vmbase" -evaluationInterval="${interval}s" -httpListenAddr="127.0.0.1:$aport" \
        -notifier.url="http://127.0.0.1:$amport" >"$work/vmalert.log" 2>&1 &
      apid=$!; echo $apid >>"$work/pids"; wait_http "http://127.0.0.1:$aport/health"
      acores=$(measure vmalert "$apid" "$vmpid"); read -r amax agroups aage < <(group_stats "http://127.0.0.1:$aport/api/v1/rules")
      echo "vmalert+victoriametrics,$acores,$amax,$agroups,$aage,,," >>"$csv"; kill "$feed" 2>/dev/null || true
    fi
    [ -n "${vrss:-}" ] && echo "vigil resident memory at the end of the window: $vrss MiB"
    [ -f "$work/threads_report" ] && cat "$work/threads_report"
    echo "SLO evaluation: $slos Sloth SLOs over $((jobs * 100)) series, every $interval s, CPU over ${window} s after ${warmup} s (each server alone)"
    printf '%-26s %8s %18s %8s %16s %12s\n' server cores "max group eval s" groups "oldest eval age" "vs Prometheus"
    while IFS=, read -r n c m g a e l r; do
      [ "$n" = server ] && continue
      printf '%-26s %8s %18s %8s %16s %12s\n' "$n" "$c" "$m" "$g" "$a" "$(awk -v a="$c" -v b="$pcores" 'BEGIN{if (b > 0) printf "%.2f", a/b; else print "n/a"}')"
      [ -n "$e" ] && echo "  $n: $e group evaluations/s, $(awk -v l="$l" 'BEGIN{printf "%.1f", l*100}') % late (> 1 s after their tick), rule threads $r ms CPU per evaluation"
    done <"$csv"
    machine; echo "csv: $csv"
    ;;
  otlp-load)
    read -r pid port grpc otlp < <(start_vigil_otlp)
    "$java" "${jflags[@]}" -cp "$bench_cp" dev.vigil.bench.OtlpLoadBench --http "http://127.0.0.1:$otlp" \
      --grpc "127.0.0.1:$grpc" --pid "$pid" "$@"
    machine
    ;;
  *)
    sed -n '2,40p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
