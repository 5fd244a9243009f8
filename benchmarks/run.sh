#!/usr/bin/env bash
# Runs the whole comparison (plain grpc-java, also on grpckit's executor and on a fixed pool, with
# the minimal services and the greeter demo's own service code, grpckit demos, grpckit with
# observation, Spring Boot gRPC, the greeter's fast starts: CDS on JDK 17, the AOT cache on JDK 25,
# C1 only), alternating the targets over rounds, and prints a table of medians with each target's
# ratio to plain grpc-java. See docs/benchmarks.md.
#
#   benchmarks/run.sh              # full run, ~45 minutes on 2 cores
#   benchmarks/run.sh --quick      # smoke run, ~3 minutes
#   benchmarks/run.sh --no-build --rounds=5 --unary-duration=30s --targets=plain,grpckit
#   # the fast starts (each prepared by demo-greeter-service/fast-start.sh before timing):
#   benchmarks/run.sh --quick --targets=plain,grpckit,grpckit-cds,grpckit-aot-cache --java25=/path/to/jdk-25/bin/java
#   # a change against an earlier build of the kit, alternating in one run (build that checkout first):
#   benchmarks/run.sh --baseline=../old --targets=plain,grpckit-minimal,grpckit-minimal-baseline
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) args+=("$arg") ;;
  esac
done

if $build; then
  echo "building the demos and the benchmarks (./mvnw -Pfast-start package -DskipTests)..." >&2
  # -Pfast-start: the greeter jar also carries Spring AOT's code, used only by the fast-start targets
  ./mvnw -B -q -Pfast-start -pl demo-greeter-service,demo-filetransfer-service,benchmarks/harness,benchmarks/spring-grpc-server,benchmarks/grpckit-server \
    -am package -DskipTests
fi

exec java -Xmx256m -jar benchmarks/harness/target/grpckit-benchmarks.jar --repo=. "${args[@]}"
