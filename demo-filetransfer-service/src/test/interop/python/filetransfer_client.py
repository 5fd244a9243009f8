#!/usr/bin/python3
"""Cross-language check of the file-transfer demo's wire contract, from Python.

Calls every method of filetransfer.FileTransfer at --target (upload, download with a SHA-256
check, stat, list with paging, delete, a resumable upload cut short and resumed, the
documented errors, gzip) and exits with status 1 if anything does not match. Stubs are
generated from the module's filetransfer.proto at start-up, so nothing is committed or kept
in sync. Everything it stores lives under a prefix of its own and is deleted at the end.

Needs Debian's python3-grpcio and python3-grpc-tools:
    apt-get install -y python3-grpcio python3-grpc-tools
    /usr/bin/python3 filetransfer_client.py --target localhost:9091
"""

import argparse
import hashlib
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
MIB = 1024 * 1024


# An HTTP route of the proto (google.api.http): a block of options, nested one level deep,
# whose strings may hold braces ("/v1/files/{name=**}").
HTTP_OPTION = re.compile(r'option\s*\(google\.api\.http\)\s*=\s*'
                         r'\{(?:[^{}"]|"[^"]*"|\{(?:[^{}"]|"[^"]*")*\})*\}\s*;')


def without_http_routes(proto):
    """The proto without its google.api.http options and their import: they describe the HTTP
    routes, not the gRPC wire, and grpc_tools does not ship google/api/annotations.proto."""
    proto = proto.replace('import "google/api/annotations.proto";', "")
    return HTTP_OPTION.sub("", proto)


def load_stubs():
    out = tempfile.mkdtemp(prefix="filetransfer-py-")
    with open(os.path.join(PROTO_DIR, "filetransfer.proto"), encoding="utf-8") as source:
        proto = without_http_routes(source.read())
    # Debian's python3-grpc-tools (1.14) bundles a protoc that predates proto3 'optional'. Such a
    # field is, on the wire and in the descriptor, a one-field oneof named '_<field>': write it
    # that way, so FileMetadata.size keeps its presence (HasField, an explicit 0 is sent).
    proto = re.sub(r"\boptional\s+(\w+)\s+(\w+)\s*=\s*(\d+)\s*;", r"oneof _\2 { \1 \2 = \3; }", proto)
    with open(os.path.join(out, "filetransfer.proto"), "w", encoding="utf-8") as copy:
        copy.write(proto)
    args = ["protoc", "-I" + out, "--python_out=" + out, "--grpc_python_out=" + out,
            os.path.join(out, "filetransfer.proto")]
    if protoc.main(args) != 0:
        sys.exit("protoc failed for " + PROTO_DIR)
    sys.path.insert(0, out)
    return importlib.import_module("filetransfer_pb2"), importlib.import_module("filetransfer_pb2_grpc")


class Checks:

    def __init__(self):
        self.failures = 0

    def equal(self, what, actual, expected):
        if actual == expected:
            print("ok   %s: %s" % (what, short(actual)))
        else:
            self.failures += 1
            print("FAIL %s: got %s, expected %s" % (what, short(actual), short(expected)))

    def status(self, what, call, code, description_part=None):
        try:
            result = call()
            self.failures += 1
            print("FAIL %s: got %s, expected %s" % (what, short(result), code.name))
        except grpc.RpcError as error:
            self.equal(what + " code", error.code(), code)
            if description_part is not None:
                self.equal(what + " description mentions %r" % description_part,
                           description_part in (error.details() or ""), True)


def short(value):
    text = repr(value)
    return text if len(text) < 100 else text[:97] + "..."


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="localhost:9091", help="host:port of the file-transfer server")
    target = parser.parse_args().target
    pb, rpc = load_stubs()
    checks = Checks()
    prefix = "interop-py-%d/" % os.getpid()
    content = os.urandom(5 * MIB + 12345)
    digest = sha256(content)

    def upload_requests(name, data, size=None, sha="", chunk=MIB):
        metadata = pb.FileMetadata(name=name, sha256=sha)
        if size is not None:
            metadata.size = size
        yield pb.UploadRequest(metadata=metadata)
        for start in range(0, len(data), chunk):
            yield pb.UploadRequest(chunk=data[start:start + chunk])

    def download(stub, name, offset=0, chunk_size=0, **kwargs):
        data = bytearray()
        expected_offset = offset
        limit = chunk_size or MIB
        for piece in stub.Download(pb.DownloadRequest(name=name, offset=offset, chunk_size=chunk_size),
                                   timeout=60, **kwargs):
            if piece.offset != expected_offset or not 0 < len(piece.content) <= limit:
                checks.equal("Download chunk at %d" % expected_offset, (piece.offset, len(piece.content)),
                             (expected_offset, "1..%d bytes" % limit))
            expected_offset += len(piece.content)
            data += piece.content
        return bytes(data)

    with grpc.insecure_channel(target) as channel:
        stub = rpc.FileTransferStub(channel)

        # client streaming
        reply = stub.Upload(upload_requests(prefix + "a.bin", content, len(content), digest), timeout=60)
        checks.equal("Upload reply", (reply.file.name, reply.file.size, reply.file.sha256),
                     (prefix + "a.bin", len(content), digest))
        checks.equal("Upload modified time set", reply.file.modified_unix_ms > 0, True)

        # server streaming, checked by SHA-256
        checks.equal("Download sha256", sha256(download(stub, prefix + "a.bin")), digest)
        checks.equal("Download 64 KiB chunks from an offset",
                     sha256(download(stub, prefix + "a.bin", offset=MIB + 1, chunk_size=64 * 1024)),
                     sha256(content[MIB + 1:]))
        checks.equal("Download at end of file", download(stub, prefix + "a.bin", offset=len(content)), b"")

        # unary
        info = stub.Stat(pb.FileRef(name=prefix + "a.bin"), timeout=10)
        checks.equal("Stat", (info.size, info.sha256), (len(content), digest))
        for name in ("b", "c/d"):
            stub.Upload(upload_requests(prefix + name, b"x" * 10), timeout=10)
        first = stub.List(pb.ListRequest(prefix=prefix, page_size=2), timeout=10)
        checks.equal("List first page", [f.name for f in first.files], [prefix + "a.bin", prefix + "b"])
        checks.equal("List has a next page", first.next_page_token != "", True)
        second = stub.List(pb.ListRequest(prefix=prefix, page_size=2, page_token=first.next_page_token), timeout=10)
        checks.equal("List second page", ([f.name for f in second.files], second.next_page_token),
                     ([prefix + "c/d"], ""))

        # bidirectional, resumable: half-close after 2 MiB, then resume where the server says
        size = len(content)
        requests = queue.Queue()
        acks = stub.UploadResumable(iter(requests.get, None), timeout=60)
        requests.put(pb.UploadRequest(metadata=pb.FileMetadata(name=prefix + "r.bin", size=size, sha256=digest)))
        checks.equal("UploadResumable first ack", next(acks).committed_offset, 0)
        requests.put(pb.UploadRequest(chunk=content[:MIB]))
        requests.put(pb.UploadRequest(chunk=content[MIB:2 * MIB]))
        requests.put(None)
        last = list(acks)[-1]
        checks.equal("UploadResumable half-close ack", (last.committed_offset, last.HasField("file")),
                     (2 * MIB, False))
        requests = queue.Queue()
        acks = stub.UploadResumable(iter(requests.get, None), timeout=60)
        requests.put(pb.UploadRequest(metadata=pb.FileMetadata(name=prefix + "r.bin", size=size, sha256=digest)))
        resume_at = next(acks).committed_offset
        checks.equal("UploadResumable resumes at", resume_at, 2 * MIB)
        for start in range(resume_at, size, MIB):
            requests.put(pb.UploadRequest(chunk=content[start:start + MIB]))
        final = None
        for ack in acks:
            if ack.HasField("file"):
                final = ack
                break
        requests.put(None)
        checks.equal("UploadResumable last ack", final is not None and (final.committed_offset, final.file.sha256),
                     (size, digest))
        checks.equal("UploadResumable stored bytes", sha256(download(stub, prefix + "r.bin")), digest)

        # an explicit size 0 is present (proto3 optional): the empty file completes at once
        empty = list(stub.UploadResumable(iter([pb.UploadRequest(
            metadata=pb.FileMetadata(name=prefix + "e", size=0, sha256=sha256(b"")))]), timeout=10))
        checks.equal("UploadResumable size 0", [(a.committed_offset, a.file.size) for a in empty if a.HasField("file")],
                     [(0, 0)])

        # gzip both ways
        zipped = stub.Upload(upload_requests(prefix + "z", bytes(300000)), timeout=10,
                             compression=grpc.Compression.Gzip)
        checks.equal("Upload gzip", zipped.file.sha256, sha256(bytes(300000)))
        checks.equal("Download gzip", download(stub, prefix + "z", compression=grpc.Compression.Gzip),
                     bytes(300000))

        # documented errors
        checks.status("Upload bad name", lambda: stub.Upload(upload_requests("../x", b"1"), timeout=10),
                      grpc.StatusCode.INVALID_ARGUMENT, "'..'")
        checks.status("Upload digest mismatch",
                      lambda: stub.Upload(upload_requests(prefix + "bad", b"abc", 3, "0" * 64), timeout=10),
                      grpc.StatusCode.DATA_LOSS, "sha256")
        checks.status("Download offset past end",
                      lambda: download(stub, prefix + "b", offset=11), grpc.StatusCode.OUT_OF_RANGE,
                      "offset: 11 (expected: 0..10)")
        checks.status("Download chunk_size too small",
                      lambda: download(stub, prefix + "b", chunk_size=1), grpc.StatusCode.INVALID_ARGUMENT,
                      "chunk_size")
        checks.status("List page_size 1001", lambda: stub.List(pb.ListRequest(page_size=1001), timeout=10),
                      grpc.StatusCode.INVALID_ARGUMENT, "page_size")
        checks.status("UploadResumable without size",
                      lambda: list(stub.UploadResumable(iter([pb.UploadRequest(
                          metadata=pb.FileMetadata(name=prefix + "n"))]), timeout=10)),
                      grpc.StatusCode.INVALID_ARGUMENT, "size")

        # delete everything this run stored
        for name in ("a.bin", "b", "c/d", "e", "r.bin", "z"):
            checks.equal("Delete " + name, stub.Delete(pb.FileRef(name=prefix + name), timeout=10).deleted, True)
        checks.status("Stat after Delete", lambda: stub.Stat(pb.FileRef(name=prefix + "b"), timeout=10),
                      grpc.StatusCode.NOT_FOUND, "no such file")
        checks.equal("List after Delete", list(stub.List(pb.ListRequest(prefix=prefix), timeout=10).files), [])

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
