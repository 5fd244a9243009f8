#!/bin/sh
# Runs the @connectrpc/connect-node client (Connect and gRPC-Web) against a running greeter's HTTP
# port and exits non-zero if it finds a mismatch with the wire contract.
#
#   demo-greeter-service/src/test/interop/run-connect-interop.sh --target http://localhost:8081
#
# Needs Node 20+ with npm (the client's dependencies are installed from package-lock.json on first
# use) and the descriptor set the build writes from greeter.proto, target/greeter.binpb
# (./mvnw -pl demo-greeter-service -am compile).
set -u
case "${1:-}" in
	--target) target=$2 ;;
	'') target=http://localhost:8081 ;;
	*) echo "usage: $0 [--target http://host:port]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)

echo "== Node (@connectrpc/connect-node) against $target"
if (
	cd "$here/connect-node" &&
	{ [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; } &&
	node greeter_connect_client.js --target "$target"
); then
	echo "interop: all clients passed"
else
	echo "interop: FAILED"
	exit 1
fi
