#!/bin/sh
# Runs the Python file-transfer client against a running server and exits non-zero if it finds
# a mismatch with the wire contract.
#
#   demo-filetransfer-service/src/test/interop/run-interop.sh --target localhost:9091
#
# Needs /usr/bin/python3 with Debian's python3-grpcio and python3-grpc-tools.
set -u
case "${1:-}" in
	--target) target=$2 ;;
	'') target=localhost:9091 ;;
	*) echo "usage: $0 [--target host:port]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)

echo "== Python (grpcio) against $target"
if /usr/bin/python3 "$here/python/filetransfer_client.py" --target "$target"; then
	echo "interop: all clients passed"
else
	echo "interop: FAILED"
	exit 1
fi
