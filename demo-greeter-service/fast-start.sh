#!/usr/bin/env bash
# Fast start of the greeter (see README, "Fast start"): the jar extracted into plain files, a
# class data sharing (CDS) archive written by a training run, and Spring AOT's bean definitions
# when the jar was built with -Pfast-start.
#
#   ./mvnw -Pfast-start -pl demo-greeter-service -am package -DskipTests
#   demo-greeter-service/fast-start.sh prepare          # target/fast-start/: extracted jar, app.jsa, jvm-options
#   demo-greeter-service/fast-start.sh run [app args]   # starts the greeter from there
#
# JAVA_OPTS (default "-Xms64m -Xmx512m -XX:+UseG1GC") are used for the training run and the run
# alike: a CDS archive only maps into a JVM started like the one that wrote it.
set -euo pipefail
module="$(cd "$(dirname "$0")" && pwd)"
jar="$module/target/demo-greeter-service-0.1.0-SNAPSHOT.jar"
dir="$module/target/fast-start"
java="${JAVA:-java}"
read -r -a java_opts <<< "${JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseG1GC}"

# AOT only when the jar carries its generated initializer (built with -Pfast-start)
aot=()
# (entry names are stored uncompressed in the jar)
if grep -q -a '__ApplicationContextInitializer.class' "$jar" 2> /dev/null; then
  aot=(-Dspring.aot.enabled=true)
fi
# lazy beans: the gRPC server, its services and interceptors still start with the context
# (SmartLifecycle); Actuator's endpoints and the web MVC machinery wait for their first request.
# C1 only: start-up JIT work drops by half, peak throughput is lower (FAST_START_C1=false keeps C2).
fast=("${aot[@]}" -Dspring.main.lazy-initialization=true)
if [[ "${FAST_START_C1:-true}" == true ]]; then
  fast+=(-XX:TieredStopAtLevel=1)
fi

case "${1:-}" in
  prepare)
    [[ -f "$jar" ]] || { echo "no $jar: build it first (see the top of this script)" >&2; exit 1; }
    rm -rf "$dir"
    "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" > /dev/null
    # training run: start, answer the client's calls in all four modes, stop; the JVM writes the
    # archive of every class loaded on the way (server start and first calls included)
    "$java" "${java_opts[@]}" "${fast[@]}" -XX:ArchiveClassesAtExit="$dir/app.jsa" -Xlog:cds=off \
      -Xlog:cds+dynamic=off -jar "$dir/$(basename "$jar")" --grpckit.server.port=0 --server.port=0 \
      > "$dir/training.log" 2>&1 &
    server=$!
    port=""
    for _ in $(seq 1 900); do
      port="$(grep -o 'gRPC server started on port [0-9]*' "$dir/training.log" | grep -o '[0-9]*$' || true)"
      [[ -n "$port" ]] && break
      kill -0 "$server" 2> /dev/null || { echo "training run failed, see $dir/training.log" >&2; exit 1; }
      sleep 0.2
    done
    [[ -n "$port" ]] || { kill "$server"; echo "training run did not start, see $dir/training.log" >&2; exit 1; }
    "$java" -jar "$jar" client --target="localhost:$port" > "$dir/training-client.log" 2>&1 \
      || echo "training client failed (the archive is still written), see $dir/training-client.log" >&2
    kill -TERM "$server"
    wait "$server" || true
    [[ -f "$dir/app.jsa" ]] || { echo "no CDS archive written, see $dir/training.log" >&2; exit 1; }
    # what 'run' (and the benchmark harness) add to JAVA_OPTS, one option a line
    printf '%s\n' "${fast[@]}" "-XX:SharedArchiveFile=$dir/app.jsa" > "$dir/jvm-options"
    echo "fast start prepared in $dir (AOT: ${aot[*]:-off})" >&2
    ;;
  run)
    shift
    [[ -f "$dir/jvm-options" ]] || { echo "run '$0 prepare' first" >&2; exit 1; }
    prepared=()
    while IFS= read -r option; do prepared+=("$option"); done < "$dir/jvm-options"
    exec "$java" "${java_opts[@]}" "${prepared[@]}" -jar "$dir/$(basename "$jar")" "$@"
    ;;
  *)
    echo "usage: $0 prepare | run [application arguments]" >&2
    exit 2
    ;;
esac
