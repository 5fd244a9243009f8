#!/usr/bin/env bash
# The overload scenario: the Greeter contract on grpckit (the grpckit-minimal server) with a
# bounded capacity (16 service threads, SayHello holding its thread 10 ms: at most 1,600 calls/s,
# measured first), offered
# 3x that in open loop with a 1 s deadline per call, once without limits and once with
# grpckit.server.limits. Prints goodput, admitted calls' p99 and refusal latency. See
# docs/benchmarks.md#overload.
#
#   benchmarks/overload.sh                 # build, then both runs (~2 minutes)
#   benchmarks/overload.sh --no-build --overload-factor=5
#   benchmarks/overload.sh --pin           # server on CPU 0, load generator on CPU 1 (taskset)
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
threads=16
# both runs: the same pool, and no per-connection stream limit in the way of the open loop
common=(--server.port=0 --grpckit.server.executor.max-threads=$threads
        --grpckit.server.connection.max-concurrent-calls=100000 --bench.files.root="${TMPDIR:-/tmp}")

run() {
  local label=$1; shift
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ${server_cpu[@]+"${server_cpu[@]}"} java -Xms64m -Xmx512m -XX:+UseG1GC -jar "$jar" --grpckit.server.port="$port" "${common[@]}" "$@" \
    > "${TMPDIR:-/tmp}/grpckit-overload-$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do
    (echo > /dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
    sleep 0.1
  done
  echo "== $label"
  ${load_cpu[@]+"${load_cpu[@]}"} java -Xms64m -Xmx512m -XX:+UseG1GC -cp "$harness" io.grpckit.benchmarks.load.LoadGenerator \
    --target=127.0.0.1:"$port" --server-pid="$pid" --modes=overload --overload-threads=$threads \
    ${capacity:+--overload-capacity=$capacity} "${args[@]}" | sed -n 's/^RESULT overload\.//p' | tee "$results"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

results=$(mktemp)
capacity=
run without-limits
# the same offered load for both: the capacity measured on the server without limits
capacity=$(sed -n 's/^capacity_per_s=//p' "$results")
run with-limits --grpckit.server.limits.max-concurrent-calls=$threads --grpckit.server.limits.max-queue-time=20ms
rm -f "$results"
