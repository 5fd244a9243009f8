#!/bin/sh
# Runs the Python and Node greeter clients against a running greeter and exits non-zero
# if either finds a mismatch with the wire contract.
#
#   demo-greeter-service/src/test/interop/run-interop.sh --target localhost:9090
#
# Needs /usr/bin/python3 with Debian's python3-grpcio and python3-grpc-tools, and Node 18+
# with npm (the Node client's dependencies are installed from package-lock.json on first use).
set -u
case "${1:-}" in
	--target) target=$2 ;;
	'') target=localhost:9090 ;;
	*) echo "usage: $0 [--target host:port]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
status=0

echo "== Python (grpcio) against $target"
/usr/bin/python3 "$here/python/greeter_client.py" --target "$target" || status=1

echo "== Node (@grpc/grpc-js) against $target"
(
	cd "$here/node" &&
	{ [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; } &&
	node greeter_client.js --target "$target"
) || status=1

[ $status -eq 0 ] && echo "interop: all clients passed" || echo "interop: FAILED"
exit $status
