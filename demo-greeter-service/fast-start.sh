#!/usr/bin/env bash
# Fast start of the greeter (see README, "Fast start"): the jar extracted into plain files, the JVM's
# cache of a training run, and Spring AOT's bean definitions when the jar was built with -Pfast-start.
# Both compilers (C1 and C2) stay on, so the server reaches the throughput of `java -jar`.
#
#   ./mvnw -Pfast-start -pl demo-greeter-service -am package -DskipTests
#   demo-greeter-service/fast-start.sh prepare          # once per build and JDK: target/fast-start/
#   demo-greeter-service/fast-start.sh run [app args]   # starts the greeter from there
#
# The JDK decides the cache (JAVA=/path/to/bin/java, default: java on the PATH):
#   JDK 25+     the ahead-of-time cache (JEP 483/514/515): -XX:AOTCacheOutput in the training run,
#               -XX:AOTCache to run; loaded and linked classes and method profiles
#   JDK 17-24   class data sharing: -XX:ArchiveClassesAtExit in the training run, -XX:SharedArchiveFile
#               to run; loaded classes, parsed and verified
# JAVA_OPTS (default "-Xms64m -Xmx512m -XX:+UseG1GC") are used for the training run and the run alike:
# a cache only maps into a JVM started like the one that wrote it. FAST_START_C1=true adds
# -XX:TieredStopAtLevel=1 (C1 only: start-up needs half the CPU, peak throughput drops; see
# docs/benchmarks.md). FAST_START_DIR (default target/fast-start) holds one prepared set.
set -euo pipefail
module="$(cd "$(dirname "$0")" && pwd)"
jar="$module/target/demo-greeter-service-0.1.0-SNAPSHOT.jar"
dir="${FAST_START_DIR:-$module/target/fast-start}"
read -r -a java_opts <<< "${JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseG1GC}"

case "${1:-}" in
  prepare)
    java="$(command -v "${JAVA:-java}")"
    [[ -f "$jar" ]] || { echo "no $jar: build it first (see the top of this script)" >&2; exit 1; }
    feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    # AOT only when the jar carries its generated initializer (built with -Pfast-start)
    aot=()
    # (entry names are stored uncompressed in the jar)
    if grep -q -a '__ApplicationContextInitializer.class' "$jar" 2> /dev/null; then
      aot=(-Dspring.aot.enabled=true)
    fi
    # lazy beans: the gRPC server, its services and interceptors still start with the context
    # (SmartLifecycle); Actuator's endpoints and the web MVC machinery wait for their first request
    fast=("${aot[@]}" -Dspring.main.lazy-initialization=true)
    if [[ "${FAST_START_C1:-false}" == true ]]; then
      fast+=(-XX:TieredStopAtLevel=1)
    fi
    if (( feature >= 24 )); then
      # grpc-netty-shaded loads its epoll library, protobuf uses sun.misc.Unsafe: allowed, without
      # the JDK's warnings on every start
      fast+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
    fi
    if (( feature >= 25 )); then
      cache="$dir/app.aot"
      train=(-XX:AOTCacheOutput="$cache" -Xlog:aot=warning -Xlog:cds=warning)
      use=(-XX:AOTCache="$cache")
    else
      cache="$dir/app.jsa"
      train=(-XX:ArchiveClassesAtExit="$cache" -Xlog:cds=off -Xlog:cds+dynamic=off)
      use=(-XX:SharedArchiveFile="$cache")
    fi
    rm -rf "$dir"
    "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" > /dev/null
    # training run: start, answer the client's calls in all four modes, stop; the JVM writes the
    # cache of every class loaded on the way (server start and first calls included), which goes
    # further than Spring's -Dspring.context.exit=onRefresh (start-up only)
    "$java" "${java_opts[@]}" "${fast[@]}" "${train[@]}" -jar "$dir/$(basename "$jar")" \
      --grpckit.server.port=0 --server.port=0 > "$dir/training.log" 2>&1 &
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
      || echo "training client failed (the cache is still written), see $dir/training-client.log" >&2
    # on exit the JVM writes the cache (JDK 25: a second JVM assembles it, some seconds more)
    kill -TERM "$server"
    wait "$server" || true
    [[ -f "$cache" ]] || { echo "no cache written, see $dir/training.log" >&2; exit 1; }
    # what 'run' (and the benchmark harness) use: the JDK, then the options added to JAVA_OPTS, one a line
    echo "$java" > "$dir/java"
    printf '%s\n' "${fast[@]}" "${use[@]}" > "$dir/jvm-options"
    echo "fast start prepared in $dir: JDK $feature, $(basename "$cache"), AOT: ${aot[*]:-off}," \
      "C1 only: ${FAST_START_C1:-false}" >&2
    ;;
  run)
    shift
    [[ -f "$dir/jvm-options" ]] || { echo "run '$0 prepare' first" >&2; exit 1; }
    prepared=()
    while IFS= read -r option; do prepared+=("$option"); done < "$dir/jvm-options"
    exec "$(cat "$dir/java")" "${java_opts[@]}" "${prepared[@]}" -jar "$dir/$(basename "$jar")" "$@"
    ;;
  *)
    echo "usage: $0 prepare | run [application arguments]" >&2
    exit 2
    ;;
esac
