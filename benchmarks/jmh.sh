#!/usr/bin/env bash
# JMH microbenchmarks of the kit's server and client interceptor chains against a bare call, and of
# its JSON transcoding path. See docs/benchmarks.md.
#
#   benchmarks/jmh.sh                                 # every server chain, ~2 minutes
#   benchmarks/jmh.sh -p chain=BARE,KIT -p clientRequestId=true,false
#   benchmarks/jmh.sh ClientInterceptorChainBenchmark # every client chain
#   benchmarks/jmh.sh HttpTranscodingBenchmark        # the transcoding path (a first argument
#                                                     # without '-' picks the benchmarks)
# Other arguments go to JMH (java -jar ... -h lists them); -prof gc adds allocation per call.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${JMH_NO_BUILD:-}" != "true" ]]; then
  ./mvnw -B -q -pl benchmarks/harness -am package -DskipTests
fi
# anchored: the name alone would also match ClientInterceptorChainBenchmark
benchmark='\.InterceptorChainBenchmark'
if [[ $# -gt 0 && "$1" != -* ]]; then
  benchmark=$1
  shift
fi
exec java -cp benchmarks/harness/target/grpckit-benchmarks.jar org.openjdk.jmh.Main "$benchmark" -prof gc "$@"
