#!/usr/bin/python3
"""Cross-language check of the greeter's wire contract, from Python.

Calls all four modes (and the documented errors) of helloworld.Greeter at --target and
exits with status 1 on the first mismatch. Stubs are generated from the module's
greeter.proto at start-up, so there is nothing to commit or keep in sync.

Needs Debian's python3-grpcio and python3-grpc-tools:
    apt-get install -y python3-grpcio python3-grpc-tools
    /usr/bin/python3 greeter_client.py --target localhost:9090
"""

import argparse
import importlib
import os
import queue
import re
import sys
import tempfile

import grpc
from grpc_tools import protoc

PROTO_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "..", "..", "..", "main", "proto"))


# An HTTP route of the proto (google.api.http): a block of options, nested one level deep,
# whose strings may hold braces ("/v1/greeter/hello/{name}").
HTTP_OPTION = re.compile(r'option\s*\(google\.api\.http\)\s*=\s*'
                         r'\{(?:[^{}"]|"[^"]*"|\{(?:[^{}"]|"[^"]*")*\})*\}\s*;')


def without_http_routes(proto):
    """The proto without its google.api.http options and their import: they describe the HTTP
    routes, not the gRPC wire, and grpc_tools does not ship google/api/annotations.proto."""
    proto = proto.replace('import "google/api/annotations.proto";', "")
    return HTTP_OPTION.sub("", proto)


def load_stubs():
    out = tempfile.mkdtemp(prefix="greeter-py-")
    with open(os.path.join(PROTO_DIR, "greeter.proto"), encoding="utf-8") as source:
        proto = without_http_routes(source.read())
    with open(os.path.join(out, "greeter.proto"), "w", encoding="utf-8") as copy:
        copy.write(proto)
    args = ["protoc", "-I" + out, "--python_out=" + out, "--grpc_python_out=" + out,
            os.path.join(out, "greeter.proto")]
    if protoc.main(args) != 0:
        sys.exit("protoc failed for " + PROTO_DIR)
    sys.path.insert(0, out)
    return importlib.import_module("greeter_pb2"), importlib.import_module("greeter_pb2_grpc")


class Checks:

    def __init__(self):
        self.failures = 0

    def equal(self, what, actual, expected):
        if actual == expected:
            print("ok   %s: %r" % (what, actual))
        else:
            self.failures += 1
            print("FAIL %s: got %r, expected %r" % (what, actual, expected))

    def status(self, what, call, code, description=None):
        try:
            result = call()
            self.failures += 1
            print("FAIL %s: got %r, expected %s" % (what, result, code.name))
        except grpc.RpcError as error:
            self.equal(what + " code", error.code(), code)
            if description is not None:
                self.equal(what + " description", error.details(), description)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="localhost:9090", help="host:port of the greeter")
    target = parser.parse_args().target
    pb, rpc = load_stubs()
    req = pb.HelloRequest
    checks = Checks()

    with grpc.insecure_channel(target) as channel:
        stub = rpc.GreeterStub(channel)

        reply = stub.SayHello(req(name="Python"), timeout=10)
        checks.equal("SayHello", (reply.message, reply.index), ("Hello, Python!", 0))
        reply = stub.SayHello(req(name="Zoë 😀"), timeout=10)
        checks.equal("SayHello unicode", reply.message, "Hello, Zoë 😀!")

        replies = list(stub.SayHelloStream(req(name="Python", count=5), timeout=10))
        checks.equal("SayHelloStream", [(r.message, r.index) for r in replies],
                     [("Hello, Python!", i) for i in range(1, 6)])
        replies = list(stub.SayHelloStream(req(name="Python"), timeout=10))
        checks.equal("SayHelloStream count 0", [r.index for r in replies], [1])

        reply = stub.SayHelloToAll(iter([req(name="a"), req(name="b"), req(name="c")]), timeout=10)
        checks.equal("SayHelloToAll", (reply.message, reply.index), ("Hello, a, b, c!", 3))

        # Ping-pong: the next request is produced only after the previous reply arrived.
        outgoing = queue.Queue()
        responses = stub.Chat(iter(outgoing.get, None), timeout=10)
        got = []
        for i in range(1, 4):
            outgoing.put(req(name="p%d" % i))
            r = next(responses)
            got.append((r.message, r.index))
        outgoing.put(None)
        checks.equal("Chat ping-pong", got, [("Hello, p%d!" % i, i) for i in range(1, 4)])
        checks.equal("Chat end", list(responses), [])

        checks.status("SayHello blank name", lambda: stub.SayHello(req(name=" \u00a0"), timeout=10),
                      grpc.StatusCode.INVALID_ARGUMENT, "name: must not be blank")
        checks.status("SayHelloStream count -1",
                      lambda: list(stub.SayHelloStream(req(name="x", count=-1), timeout=10)),
                      grpc.StatusCode.INVALID_ARGUMENT, "count: -1 (expected: 0..100000)")
        checks.status("SayHello delay 60001", lambda: stub.SayHello(req(name="x", delay_ms=60001), timeout=10),
                      grpc.StatusCode.INVALID_ARGUMENT, "delay_ms: 60001 (expected: 0..60000)")
        checks.status("SayHelloToAll no requests", lambda: stub.SayHelloToAll(iter([]), timeout=10),
                      grpc.StatusCode.INVALID_ARGUMENT, "requests: 0 (expected: at least 1)")

        chat = stub.Chat(iter([req(name="a"), req(name="b"), req(name="")]), timeout=10)
        got = []
        try:
            for r in chat:
                got.append(r.index)
            checks.equal("Chat bad request status", "OK", "INVALID_ARGUMENT")
        except grpc.RpcError as error:
            checks.equal("Chat bad request status", error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        checks.equal("Chat replies before the bad request", got, [1, 2])

        checks.status("SayHello deadline", lambda: stub.SayHello(req(name="x", delay_ms=5000), timeout=0.3),
                      grpc.StatusCode.DEADLINE_EXCEEDED)

    if checks.failures:
        print("%d check(s) failed against %s" % (checks.failures, target))
        return 1
    print("all checks passed against %s" % target)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except grpc.RpcError as unexpected:
        print("FAIL unexpected status %s: %s" % (unexpected.code(), unexpected.details()))
        sys.exit(1)
