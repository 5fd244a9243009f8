#!/usr/bin/env node
// Cross-language check of the greeter's wire contract, from Node.js (@grpc/grpc-js).
// Calls all four modes (and the documented errors) of helloworld.Greeter at --target and
// exits with status 1 on any mismatch. The service is loaded from the module's
// greeter.proto at run time.
//
//   npm ci && node greeter_client.js --target localhost:9090
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO = path.resolve(__dirname, '..', '..', '..', 'main', 'proto', 'greeter.proto');

function parseTarget(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target') return argv[i + 1];
    if (argv[i].startsWith('--target=')) return argv[i].slice('--target='.length);
  }
  return 'localhost:9090';
}

const target = parseTarget(process.argv.slice(2));
// longs: String keeps int64 delay_ms exact; defaults: true fills index 0 in replies.
// greeter.proto imports google/api/annotations.proto (its HTTP routes), which protobufjs ships.
const definition = protoLoader.loadSync(PROTO, {
  keepCase: true, longs: String, defaults: true,
  includeDirs: [path.dirname(require.resolve('protobufjs/package.json'))],
});
const Greeter = grpc.loadPackageDefinition(definition).helloworld.Greeter;
const client = new Greeter(target, grpc.credentials.createInsecure());

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

function deadline(ms) {
  return { deadline: Date.now() + ms };
}

function unary(request, ms = 10000) {
  return new Promise((resolve) => {
    client.SayHello(request, deadline(ms), (error, reply) => resolve({ error, reply }));
  });
}

function serverStream(request) {
  return new Promise((resolve) => {
    const replies = [];
    const call = client.SayHelloStream(request, deadline(10000));
    call.on('data', (reply) => replies.push(reply));
    call.on('error', (error) => resolve({ error, replies }));
    call.on('end', () => resolve({ error: null, replies }));
  });
}

function clientStream(requests) {
  return new Promise((resolve) => {
    const call = client.SayHelloToAll(deadline(10000), (error, reply) => resolve({ error, reply }));
    requests.forEach((request) => call.write(request));
    call.end();
  });
}

function chatAll(requests) {
  return new Promise((resolve) => {
    const replies = [];
    const call = client.Chat(deadline(10000));
    call.on('data', (reply) => replies.push(reply));
    call.on('error', (error) => resolve({ error, replies }));
    call.on('end', () => resolve({ error: null, replies }));
    requests.forEach((request) => call.write(request));
    call.end();
  });
}

// Ping-pong: each request is written only after the reply to the previous one arrived.
function chatPingPong(names) {
  return new Promise((resolve) => {
    const replies = [];
    const call = client.Chat(deadline(10000));
    let next = 0;
    call.on('data', (reply) => {
      replies.push(reply);
      next++;
      if (next < names.length) call.write({ name: names[next] });
      else call.end();
    });
    call.on('error', (error) => resolve({ error, replies }));
    call.on('end', () => resolve({ error: null, replies }));
    call.write({ name: names[0] });
  });
}

function statusOf(result) {
  return result.error ? [grpc.status[result.error.code], result.error.details] : ['OK', null];
}

async function main() {
  let r = await unary({ name: 'Node' });
  equal('SayHello', r.reply && [r.reply.message, r.reply.index], ['Hello, Node!', 0]);
  r = await unary({ name: 'Zoë 😀' });
  equal('SayHello unicode', r.reply && r.reply.message, 'Hello, Zoë 😀!');

  r = await serverStream({ name: 'Node', count: 5 });
  equal('SayHelloStream', r.replies.map((x) => [x.message, x.index]),
    [1, 2, 3, 4, 5].map((i) => ['Hello, Node!', i]));
  equal('SayHelloStream status', statusOf(r), ['OK', null]);
  r = await serverStream({ name: 'Node' });
  equal('SayHelloStream count 0', r.replies.map((x) => x.index), [1]);

  r = await clientStream([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  equal('SayHelloToAll', r.reply && [r.reply.message, r.reply.index], ['Hello, a, b, c!', 3]);

  r = await chatPingPong(['p1', 'p2', 'p3']);
  equal('Chat ping-pong', r.replies.map((x) => [x.message, x.index]),
    [['Hello, p1!', 1], ['Hello, p2!', 2], ['Hello, p3!', 3]]);
  equal('Chat status', statusOf(r), ['OK', null]);

  r = await unary({ name: ' \u00a0' });
  equal('SayHello blank name', statusOf(r), ['INVALID_ARGUMENT', 'name: must not be blank']);
  r = await serverStream({ name: 'x', count: -1 });
  equal('SayHelloStream count -1', statusOf(r), ['INVALID_ARGUMENT', 'count: -1 (expected: 0..100000)']);
  r = await unary({ name: 'x', delay_ms: '60001' });
  equal('SayHello delay 60001', statusOf(r), ['INVALID_ARGUMENT', 'delay_ms: 60001 (expected: 0..60000)']);
  r = await clientStream([]);
  equal('SayHelloToAll no requests', statusOf(r), ['INVALID_ARGUMENT', 'requests: 0 (expected: at least 1)']);

  r = await chatAll([{ name: 'a' }, { name: 'b' }, { name: '' }]);
  equal('Chat bad request', statusOf(r), ['INVALID_ARGUMENT', 'name: must not be blank']);
  equal('Chat replies before the bad request', r.replies.map((x) => x.index), [1, 2]);

  r = await unary({ name: 'x', delay_ms: '5000' }, 300);
  equal('SayHello deadline', statusOf(r)[0], 'DEADLINE_EXCEEDED');

  client.close();
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
