// The greeter page's calls: helloworld.Greeter over the Connect protocol (connectrpc.com), as JSON,
// with nothing but fetch().
//
// Unary (SayHello): a POST of the request as JSON; the answer is the reply as JSON, or on failure a
// non-2xx status with {"code": "invalid_argument", "message": "..."}.
// Server streaming (SayHelloStream): request and replies travel in envelopes, each 1 byte of flags,
// a 4-byte big-endian length and that many bytes of JSON. The last envelope has flag 0x02 and holds
// {"error": {"code", "message"}} when the call failed.

const SERVICE = '/helloworld.Greeter/';
const END_STREAM = 0x02;

/** A failed call: its gRPC code as Connect names it ("invalid_argument") and its message. */
class RpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function errorOf(json, httpStatus) {
  if (json && typeof json.code === 'string') {
    return new RpcError(json.code, json.message ?? '');
  }
  return new RpcError('unknown', `HTTP status ${httpStatus}`);
}

async function sayHello(request, signal) {
  const response = await fetch(SERVICE + 'SayHello', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Connect-Protocol-Version': '1' },
    body: JSON.stringify(request),
    signal,
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    throw errorOf(json, response.status);
  }
  return json;
}

async function* sayHelloStream(request, signal) {
  const response = await fetch(SERVICE + 'SayHelloStream', {
    method: 'POST',
    headers: { 'Content-Type': 'application/connect+json', 'Connect-Protocol-Version': '1' },
    body: envelope(new TextEncoder().encode(JSON.stringify(request))),
    signal,
  });
  if (!response.ok) {
    throw errorOf(await response.json().catch(() => null), response.status);
  }
  const text = new TextDecoder();
  for await (const { flags, data } of envelopes(response.body)) {
    const json = JSON.parse(text.decode(data));
    if (flags & END_STREAM) {
      if (json.error) {
        throw errorOf(json.error, response.status);
      }
      return;
    }
    yield json;
  }
  throw new RpcError('unknown', 'the stream ended without its end message');
}

function envelope(data) {
  const bytes = new Uint8Array(5 + data.length);
  new DataView(bytes.buffer).setUint32(1, data.length); // flags (byte 0) stay 0
  bytes.set(data, 5);
  return bytes;
}

// The envelopes of a response body, each as soon as its last byte arrived: one envelope may come
// in several reads, and one read may bring several envelopes.
async function* envelopes(body) {
  const reader = body.getReader();
  let buffer = new Uint8Array(0);
  for (;;) {
    while (buffer.length >= 5) {
      const length = new DataView(buffer.buffer, buffer.byteOffset).getUint32(1);
      if (buffer.length < 5 + length) {
        break;
      }
      yield { flags: buffer[0], data: buffer.subarray(5, 5 + length) };
      buffer = buffer.subarray(5 + length);
    }
    const { done, value } = await reader.read();
    if (done) {
      if (buffer.length > 0) {
        throw new RpcError('data_loss', 'the stream ended inside an envelope');
      }
      return;
    }
    const joined = new Uint8Array(buffer.length + value.length);
    joined.set(buffer);
    joined.set(value, buffer.length);
    buffer = joined;
  }
}

// The page

const form = document.getElementById('hello-form');
const answer = document.getElementById('answer');
const greetings = document.getElementById('greetings');
const streamStatus = document.getElementById('stream-status');
let calls = new AbortController();

function show(element, text, isError = false) {
  element.textContent = text;
  element.classList.toggle('error', isError);
}

// "INVALID_ARGUMENT: name: must not be blank", as gRPC writes codes
function describe(error) {
  return error instanceof RpcError ? `${error.code.toUpperCase()}: ${error.message}` : `Failed: ${error}`;
}

async function callSayHello(request, signal) {
  show(answer, 'Waiting…');
  try {
    const reply = await sayHello({ name: request.name }, signal);
    show(answer, reply.message);
  } catch (error) {
    if (!signal.aborted) {
      show(answer, describe(error), true);
    }
  }
}

async function callSayHelloStream(request, signal) {
  greetings.replaceChildren();
  show(streamStatus, 'Streaming…');
  try {
    for await (const reply of sayHelloStream(request, signal)) {
      const item = document.createElement('li');
      item.textContent = reply.message;
      greetings.append(item);
    }
    show(streamStatus, `Done: ${greetings.children.length} greeting(s).`);
  } catch (error) {
    if (!signal.aborted) {
      show(streamStatus, describe(error), true);
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  calls.abort(); // a new submission replaces the calls still running
  calls = new AbortController();
  const request = {
    name: form.elements.name.value,
    count: Number(form.elements.count.value),
    delayMs: Number(form.elements.delay.value),
  };
  callSayHello(request, calls.signal);
  callSayHelloStream(request, calls.signal);
});
