#!/usr/bin/env bash
# SayHello over HTTP: the kit's JSON transcoding (GET /v1/greeter/hello/{name}, from the proto's
# google.api.http option) beside a hand-written Spring MVC controller answering the same JSON
# (GET /controller/greeter/hello/{name}) and beside the same call over gRPC, all three on one
# grpckit-minimal server (the kit, Actuator, Spring MVC on Tomcat), closed loop with the same
# number of requests in flight. Prints requests/s, server CPU per request and latency of each,
# and the transcoded/controller ratios. See docs/benchmarks.md#http.
#
#   benchmarks/http.sh                        # build, then one run (~5 minutes)
#   benchmarks/http.sh --no-build --pin       # server on CPU 0, load generator on CPU 1 (taskset)
#   benchmarks/http.sh --jar=other.jar        # another build of the grpckit-minimal server (A/B)
#   benchmarks/http.sh --no-build --http-rounds=1 --http-legs=transcoded
#
# Other --options go to the load generator: --http-warmup-rounds=2 (not counted), --http-rounds=8
# (legs alternate each round; medians), --http-warmup=3s and --http-duration=7s (each leg, each
# round), --http-concurrency=32, --http-legs=transcoded,controller,grpc, --channels=4.
# SERVER_JVM_OPTS adds options to the server's JVM (e.g. a JFR recording), SERVER_ARGS arguments
# to the server (e.g. --grpckit.server.observation.enabled=false).
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
jar=benchmarks/grpckit-server/target/grpckit-benchmarks-grpckit-server-0.1.0-SNAPSHOT.jar
# legs alternating in short rounds, so that drift of a shared machine hits all three alike; the
# first rounds only warm up (the JIT needs a minute or more on a busy core)
args=(--http-warmup-rounds=2 --http-rounds=8 --http-warmup=3s --http-duration=7s)
server_cpu=()
load_cpu=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --pin) server_cpu=(taskset -c 0); load_cpu=(taskset -c 1) ;;
    --jar=*) jar=${arg#--jar=}; build=false ;;
    *) args+=("$arg") ;;
  esac
done
if $build; then
  ./mvnw -B -q -pl benchmarks/harness,benchmarks/grpckit-server -am package -DskipTests
fi

harness=benchmarks/harness/target/grpckit-benchmarks.jar
jvm=(-Xms64m -Xmx512m -XX:+UseG1GC)
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
grpc_port=$(free_port)
http_port=$(free_port)
log="${TMPDIR:-/tmp}/grpckit-http-server.log"

# keep-alive connections are not closed after Tomcat's default 100 requests: the benchmark
# measures requests, not connection set-up (the same for every route)
${server_cpu[@]+"${server_cpu[@]}"} java "${jvm[@]}" ${SERVER_JVM_OPTS:-} -jar "$jar" \
  --grpckit.server.port="$grpc_port" --server.port="$http_port" \
  --server.tomcat.max-keep-alive-requests=-1 --bench.files.root="${TMPDIR:-/tmp}" ${SERVER_ARGS:-} > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
# ready when the transcoded route answers (the HTTP side starts with the gRPC server)
for _ in $(seq 1 600); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$http_port/v1/greeter/hello/x', timeout=1)" 2>/dev/null; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "server failed, see $log" >&2; exit 1; }
  sleep 0.2
done

mkdir -p benchmarks/target/http-results
results=benchmarks/target/http-results/$(date -u +%Y%m%d-%H%M%S).txt
# what was measured goes with the numbers: another build (--jar) or server arguments make another
# experiment, not another run of the same server
{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)${server_cpu:+, pinned}"
  echo "# server: $jar (built $(date -u -r "$jar" '+%Y-%m-%d %H:%M UTC'); checkout at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- 2>/dev/null || echo ', with uncommitted changes'))"
  echo "# server arguments: ${SERVER_ARGS:-none}; server JVM options: ${SERVER_JVM_OPTS:-none}; load: ${args[*]}"
} | tee "$results"
${load_cpu[@]+"${load_cpu[@]}"} java "${jvm[@]}" -cp "$harness" io.grpckit.benchmarks.load.LoadGenerator \
  --target=127.0.0.1:"$grpc_port" --http-target=127.0.0.1:"$http_port" --server-pid="$pid" --modes=http \
  "${args[@]}" | tee -a "$results" | grep '^#' || true
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"

# a table: each round's legs, then the medians
awk '
  /^RESULT http\./ {
    split(substr($0, 8), kv, "="); n = split(kv[1], k, ".")
    if (n == 4) { v[k[2] "|" k[3] "|" k[4]] = kv[2]; if (!(k[2] in seen)) { seen[k[2]] = 1; rounds[++nr] = k[2] } }
    else if (n == 3) v["median|" k[2] "|" k[3]] = kv[2]
    else if (n == 2) v["median||" k[2]] = kv[2]
  }
  function row(r, l,   rps, cpu, sw) {
    rps = (l == "grpc") ? v[r "|" l "|qps"] : v[r "|" l "|rps"]
    cpu = (l == "grpc") ? v[r "|" l "|server_cpu_us_per_call"] : v[r "|" l "|server_cpu_us_per_req"]
    sw = (l == "grpc") ? v[r "|" l "|server_switches_per_call"] : v[r "|" l "|server_switches_per_req"]
    if (rps != "") printf "| %s | %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f |\n", r, l, rps, cpu, v[r "|" l "|p50_ms"], v[r "|" l "|p99_ms"], v[r "|" l "|server_sys_share"], sw
  }
  END {
    printf "\n| round | leg | requests/s | server CPU per request (µs) | p50 (ms) | p99 (ms) | kernel share of server CPU | server context switches per request |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
    rounds[++nr] = "median"
    for (i = 1; i <= nr; i++) {
      row(rounds[i], "transcoded"); row(rounds[i], "controller"); row(rounds[i], "grpc")
      if (v[rounds[i] "||cpu_ratio_transcoded_to_controller"] != "")
        printf "| %s | transcoded/controller | %.2f | %.2f | | | | |\n", rounds[i], v[rounds[i] "||rps_ratio_transcoded_to_controller"], v[rounds[i] "||cpu_ratio_transcoded_to_controller"]
    }
    r = v["median||cpu_ratio_transcoded_to_controller"]
    if (r != "") printf "\ntranscoded/controller server CPU per request: %.2f (median of the rounds; target <= 1.2: %s)\n", r, (r <= 1.2) ? "met" : "missed"
  }' "$results"
echo "raw numbers: $results, server log: $log"
