#!/usr/bin/env node
// Cross-language check of the greeter over HTTP, from Node.js with @connectrpc/connect-node: its
// Connect transport (JSON and binary) and its gRPC-Web transport call SayHello (unary) and
// SayHelloStream (server streaming) on the greeter's HTTP port, and check the documented errors'
// codes and messages. Exits with status 1 on any mismatch.
//
// The schema is built at run time from the FileDescriptorSet the Maven build writes from
// greeter.proto (target/greeter.binpb), so no code is generated or committed.
//
//   npm ci && node greeter_connect_client.js --target http://localhost:8081

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';

const here = dirname(fileURLToPath(import.meta.url));

function option(name, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(name + '=')) return argv[i].slice(name.length + 1);
  }
  return fallback;
}

const target = option('--target', 'http://localhost:8081');
const descriptors = option('--descriptors', resolve(here, '..', '..', '..', '..', 'target', 'greeter.binpb'));
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptors)));
const Greeter = registry.getService('helloworld.Greeter');

let failures = 0;

function equal(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a === e) {
    console.log(`ok   ${what}: ${a}`);
  } else {
    failures++;
    console.log(`FAIL ${what}: got ${a}, expected ${e}`);
  }
}

// [code name, message] of a call's outcome: ['OK', null] or e.g. ['InvalidArgument', 'name: ...']
function statusOf(error) {
  if (!error) return ['OK', null];
  const connectError = ConnectError.from(error);
  return [Code[connectError.code], connectError.rawMessage];
}

async function unary(client, request, options = {}) {
  try {
    return { reply: await client.sayHello(request, { timeoutMs: 10000, ...options }), error: null };
  } catch (error) {
    return { reply: null, error };
  }
}

async function serverStream(client, request) {
  const replies = [];
  try {
    for await (const reply of client.sayHelloStream(request, { timeoutMs: 10000 })) {
      replies.push([reply.message, reply.index]);
    }
    return { replies, error: null };
  } catch (error) {
    return { replies, error };
  }
}

async function check(name, transport) {
  console.log(`== ${name} against ${target}`);
  const client = createClient(Greeter, transport);

  let headers = null;
  let r = await unary(client, { name: 'Connect' }, {
    headers: { 'x-request-id': `connect-node-${name}` },
    onHeader: (received) => { headers = received; },
  });
  equal(`${name} SayHello`, r.reply && [r.reply.message, r.reply.index], ['Hello, Connect!', 0]);
  equal(`${name} SayHello status`, statusOf(r.error), ['OK', null]);
  equal(`${name} SayHello request id echoed`, headers && headers.get('x-request-id'), `connect-node-${name}`);
  r = await unary(client, { name: 'Zoë 😀' });
  equal(`${name} SayHello unicode`, r.reply && r.reply.message, 'Hello, Zoë 😀!');

  let s = await serverStream(client, { name: 'Connect', count: 5 });
  equal(`${name} SayHelloStream`, s.replies, [1, 2, 3, 4, 5].map((i) => ['Hello, Connect!', i]));
  equal(`${name} SayHelloStream status`, statusOf(s.error), ['OK', null]);
  s = await serverStream(client, { name: 'Connect' });
  equal(`${name} SayHelloStream count 0`, s.replies.map(([, index]) => index), [1]);

  r = await unary(client, { name: ' \u00a0' });
  equal(`${name} SayHello blank name`, statusOf(r.error), ['InvalidArgument', 'name: must not be blank']);
  r = await unary(client, { name: 'x', delayMs: 60001n });
  equal(`${name} SayHello delay 60001`, statusOf(r.error),
    ['InvalidArgument', 'delay_ms: 60001 (expected: 0..60000)']);
  s = await serverStream(client, { name: 'x', count: -1 });
  equal(`${name} SayHelloStream count -1`, statusOf(s.error),
    ['InvalidArgument', 'count: -1 (expected: 0..100000)']);
  s = await serverStream(client, { name: '' });
  equal(`${name} SayHelloStream blank name`, statusOf(s.error), ['InvalidArgument', 'name: must not be blank']);
  r = await unary(client, { name: 'x', delayMs: 5000n }, { timeoutMs: 300 });
  equal(`${name} SayHello deadline`, statusOf(r.error)[0], 'DeadlineExceeded');
}

async function main() {
  // HTTP/1.1, as a browser or curl talks to the application's web server
  await check('connect+json', createConnectTransport({ baseUrl: target, httpVersion: '1.1', useBinaryFormat: false }));
  await check('connect+proto', createConnectTransport({ baseUrl: target, httpVersion: '1.1', useBinaryFormat: true }));
  await check('grpc-web', createGrpcWebTransport({ baseUrl: target, httpVersion: '1.1' }));
  if (failures > 0) {
    console.log(`${failures} check(s) failed against ${target}`);
    process.exit(1);
  }
  console.log(`all checks passed against ${target}`);
}

main().catch((error) => {
  console.log(`FAIL unexpected error: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
