#!/usr/bin/env bash
# SayHello over HTTP: the kit's JSON transcoding (GET /v1/greeter/hello/{name}, from the proto's
# google.api.http option) beside a hand-written Spring MVC controller answering the same JSON
# (GET /controller/greeter/hello/{name}) and beside the same call over gRPC, all three on one
# grpckit-minimal server (the kit, Actuator, Spring MVC on Tomcat), closed loop with the same
# number of requests in flight. Prints requests/s, server CPU per request and latency of each,
# and the transcoded/controller ratios. See docs/benchmarks.md#http.
#
#   benchmarks/http.sh                        # build, then one run (~2 minutes)
#   benchmarks/http.sh --no-build --pin       # server on CPU 0, load generator on CPU 1 (taskset)
#   benchmarks/http.sh --no-build --http-duration=30s --http-legs=transcoded
#
# Other --options go to the load generator (--http-concurrency=32, --http-warmup=10s,
# --http-duration=20s, --http-legs=transcoded,controller,grpc, --channels=4).
# SERVER_JVM_OPTS adds options to the server's JVM (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
args=()
server_cpu=()
load_cpu=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --pin) server_cpu=(taskset -c 0); load_cpu=(taskset -c 1) ;;
    *) args+=("$arg") ;;
  esac
done
if $build; then
  ./mvnw -B -q -pl benchmarks/harness,benchmarks/grpckit-server -am package -DskipTests
fi

jar=benchmarks/grpckit-server/target/grpckit-benchmarks-grpckit-server-0.1.0-SNAPSHOT.jar
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
  --server.tomcat.max-keep-alive-requests=-1 --bench.files.root="${TMPDIR:-/tmp}" > "$log" 2>&1 &
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

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)${server_cpu:+, pinned}"
results=$(mktemp)
${load_cpu[@]+"${load_cpu[@]}"} java "${jvm[@]}" -cp "$harness" io.grpckit.benchmarks.load.LoadGenerator \
  --target=127.0.0.1:"$grpc_port" --http-target=127.0.0.1:"$http_port" --server-pid="$pid" --modes=http \
  ${args[@]+"${args[@]}"} | tee "$results" | grep '^#' || true
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sed -n 's/^RESULT http\.//p' "$results"

# one table row per leg
awk -F'[=.]' '
  /^RESULT http\.[a-z]+\./ { v[$2 "." $3] = $4 "." $5 }
  END {
    printf "\n| | requests/s | server CPU per request (µs) | p50 (ms) | p99 (ms) | kernel share of server CPU | server context switches per request |\n|---|---:|---:|---:|---:|---:|---:|\n"
    n = split("transcoded controller grpc", legs, " ")
    for (i = 1; i <= n; i++) {
      l = legs[i]
      rps = (l == "grpc") ? v[l ".qps"] : v[l ".rps"]
      cpu = (l == "grpc") ? v[l ".server_cpu_us_per_call"] : v[l ".server_cpu_us_per_req"]
      sw = (l == "grpc") ? v[l ".server_switches_per_call"] : v[l ".server_switches_per_req"]
      if (rps != "") printf "| %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f |\n", l, rps, cpu, v[l ".p50_ms"], v[l ".p99_ms"], v[l ".server_sys_share"], sw
    }
    if (v["transcoded.server_cpu_us_per_req"] != "" && v["controller.server_cpu_us_per_req"] != "")
      printf "\ntranscoded/controller: CPU per request %.2f, requests/s %.2f (target: CPU <= 1.2)\n",
        v["transcoded.server_cpu_us_per_req"] / v["controller.server_cpu_us_per_req"], v["transcoded.rps"] / v["controller.rps"]
  }' "$results"
rm -f "$results"
