#!/usr/bin/env bash
# JMH microbenchmarks of the kit's server interceptor chain against a bare call. See docs/benchmarks.md.
#
#   benchmarks/jmh.sh                                 # every chain, ~2 minutes
#   benchmarks/jmh.sh -p chain=BARE,KIT -p clientRequestId=true,false
# Arguments go to JMH (java -jar ... -h lists them); -prof gc adds allocation per call.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${JMH_NO_BUILD:-}" != "true" ]]; then
  ./mvnw -B -q -pl benchmarks/harness -am package -DskipTests
fi
exec java -cp benchmarks/harness/target/grpckit-benchmarks.jar org.openjdk.jmh.Main InterceptorChainBenchmark -prof gc "$@"
