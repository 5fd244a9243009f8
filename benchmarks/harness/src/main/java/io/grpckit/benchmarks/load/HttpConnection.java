package io.grpckit.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection over a plain socket, one request at a time: the least
 * client code and CPU per request (no selector thread, no futures, no header maps), so that
 * a client on a shared core shows as much of the server's cost as it can. Reads exactly what
 * the benchmark's servers send: a status line, headers, a body of {@code Content-Length} or
 * chunked; a {@code Connection: close} makes the next request reconnect.
 */
final class HttpConnection implements AutoCloseable {

	private final String host;

	private final int port;

	private Socket socket;

	private InputStream in;

	// own buffer rather than BufferedInputStream: no lock per byte
	private final byte[] buffer = new byte[8192];

	private int position;

	private int limit;

	private OutputStream out;

	HttpConnection(String host, int port) throws IOException {
		this.host = host;
		this.port = port;
		connect();
	}

	private void connect() throws IOException {
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress(this.host, this.port), 5_000);
		this.in = this.socket.getInputStream();
		this.position = 0;
		this.limit = 0;
		this.out = this.socket.getOutputStream();
	}

	/** A GET request as these connections send it: one write of a few fixed headers. */
	static byte[] get(String host, int port, String path) {
		return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: application/json\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Send a request and read its response.
	 * @param request the request's bytes, from {@link #get}
	 * @param keepBody whether to return the body (otherwise it is read and dropped)
	 * @return the response
	 * @throws IOException when the connection fails; it is closed then
	 */
	Response exchange(byte[] request, boolean keepBody) throws IOException {
		try {
			if (this.socket.isClosed()) {
				connect();
			}
			this.out.write(request);
			this.out.flush();
			return read(keepBody);
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private Response read(boolean keepBody) throws IOException {
		String status = line();
		if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
			throw new IOException("not an HTTP/1.1 response: " + status);
		}
		int code = Integer.parseInt(status.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim();
			switch (name) {
				case "content-length" -> length = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
				case "connection" -> close = value.equalsIgnoreCase("close");
				default -> {
				}
			}
		}
		ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream() : null;
		if (chunked) {
			for (long size = Long.parseLong(chunkSize(line()), 16); size > 0; size = Long.parseLong(chunkSize(line()), 16)) {
				body(size, body);
				line();
			}
			// trailers, then the empty line
			while (!line().isEmpty()) {
				// no trailers expected; skip any
			}
		}
		else if (length >= 0) {
			body(length, body);
		}
		else {
			throw new IOException("response without length: cannot keep the connection");
		}
		if (close) {
			close();
		}
		return new Response(code, (body != null) ? body.toString(StandardCharsets.UTF_8) : null);
	}

	private static String chunkSize(String line) {
		int extension = line.indexOf(';');
		return ((extension >= 0) ? line.substring(0, extension) : line).trim();
	}

	private void body(long length, ByteArrayOutputStream body) throws IOException {
		for (long i = 0; i < length; i++) {
			int b = readByte();
			if (b < 0) {
				throw new EOFException("connection closed in a body");
			}
			if (body != null) {
				body.write(b);
			}
		}
	}

	private int readByte() throws IOException {
		if (this.position == this.limit) {
			int n = this.in.read(this.buffer);
			if (n < 0) {
				return -1;
			}
			this.position = 0;
			this.limit = n;
		}
		return this.buffer[this.position++] & 0xff;
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int b = readByte(); b != '\n'; b = readByte()) {
			if (b < 0) {
				throw new EOFException("connection closed");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * A response.
	 * @param status the HTTP status
	 * @param body the body as UTF-8 text, or {@code null} when not kept
	 */
	record Response(int status, String body) {
	}

}
