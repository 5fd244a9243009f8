package io.grpckit.testsupport;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plaintext HTTP/2 connection that writes frames by hand, as a hostile or broken client
 * would, and reads what the server answers. Only what the transport tests need: the
 * preface, SETTINGS, HEADERS with literal (unindexed) header fields, RST_STREAM, and reading
 * frames until the server closes the connection.
 */
public final class RawHttp2Connection implements AutoCloseable {

	/** Frame types. */
	public static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7;

	/** SETTINGS_MAX_CONCURRENT_STREAMS. */
	public static final int MAX_CONCURRENT_STREAMS = 0x3;

	/** GOAWAY error code of a peer that behaves abusively. */
	public static final int ENHANCE_YOUR_CALM = 0xb;

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private int nextStreamId = 1;

	private boolean closedByServer;

	/**
	 * Connect and send the client preface and an empty SETTINGS frame.
	 * @param port the server's loopback port
	 * @param readTimeout how long a read may block
	 * @return the connection
	 * @throws IOException when the connection fails
	 */
	public static RawHttp2Connection open(int port, Duration readTimeout) throws IOException {
		RawHttp2Connection connection = new RawHttp2Connection(port, readTimeout);
		connection.out.flush();
		return connection;
	}

	/**
	 * Connect and send, in one write as an eager client does, the client preface, an empty
	 * SETTINGS frame and a stream with a gRPC request's headers plus the given ones.
	 * @param port the server's loopback port
	 * @param readTimeout how long a read may block
	 * @param path the method path, e.g. {@code /grpckit.test.Echo/Unary}
	 * @param extraHeaders further header fields, e.g. {@code authorization}
	 * @return the connection
	 * @throws IOException when the connection fails
	 */
	public static RawHttp2Connection openWithRequest(int port, Duration readTimeout, String path,
			Map<String, String> extraHeaders) throws IOException {
		RawHttp2Connection connection = new RawHttp2Connection(port, readTimeout);
		connection.request(path, extraHeaders);
		connection.out.flush();
		return connection;
	}

	/**
	 * Connect with a small receive buffer, as a client that reads slowly, and send the
	 * client preface and an empty SETTINGS frame.
	 * @param port the server's loopback port
	 * @param readTimeout how long a read may block
	 * @param receiveBuffer the socket's receive buffer size
	 * @return the connection
	 * @throws IOException when the connection fails
	 */
	public static RawHttp2Connection open(int port, Duration readTimeout, int receiveBuffer) throws IOException {
		return new RawHttp2Connection(port, readTimeout, receiveBuffer);
	}

	private RawHttp2Connection(int port, Duration readTimeout) throws IOException {
		this(port, readTimeout, 0);
	}

	private RawHttp2Connection(int port, Duration readTimeout, int receiveBuffer) throws IOException {
		this.socket = new Socket();
		if (receiveBuffer > 0) {
			this.socket.setReceiveBufferSize(receiveBuffer);
		}
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), (int) readTimeout.toMillis());
		this.socket.setSoTimeout((int) readTimeout.toMillis());
		// frames go out when flushed, not piece by piece
		this.out = new BufferedOutputStream(this.socket.getOutputStream(), 65536);
		this.in = new DataInputStream(this.socket.getInputStream());
		this.out.write(PREFACE);
		frame(SETTINGS, 0, 0, new byte[0]);
	}

	/**
	 * Open a stream with a gRPC request's headers (no body) and reset it at once.
	 * @param path the method path, e.g. {@code /grpckit.test.Echo/Unary}
	 * @throws IOException when the server closed the connection
	 */
	public void openAndReset(String path) throws IOException {
		int stream = request(path, Map.of());
		frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(0x8).array());
		this.out.flush();
	}

	/**
	 * Open a stream with a gRPC request's headers (no body) and reset it at once.
	 * @param path the method path
	 * @return the stream's id
	 * @throws IOException when the server closed the connection
	 */
	public int openAndResetStream(String path) throws IOException {
		int stream = this.nextStreamId;
		openAndReset(path);
		return stream;
	}

	/**
	 * Open a stream with a gRPC request's headers and send nothing more on it yet.
	 * @param path the method path, e.g. {@code /grpckit.test.Echo/Unary}
	 * @return the stream's id
	 * @throws IOException when the server closed the connection
	 */
	public int openRequest(String path) throws IOException {
		return request(path, Map.of());
	}

	/**
	 * Send what was written so far.
	 * @throws IOException when the server closed the connection
	 */
	public void flush() throws IOException {
		this.out.flush();
	}

	/**
	 * Send a frame as given and flush it.
	 * @param type the frame type
	 * @param flags the flags
	 * @param stream the stream id
	 * @param payload the payload
	 * @throws IOException when the server closed the connection
	 */
	public void send(int type, int flags, int stream, byte[] payload) throws IOException {
		frame(type, flags, stream, payload);
		this.out.flush();
	}

	/**
	 * Send the same frame {@code times} times in one write.
	 * @param type the frame type
	 * @param flags the flags
	 * @param stream the stream id
	 * @param payload the payload
	 * @param times how many frames
	 * @throws IOException when the server closed the connection
	 */
	public void sendRepeated(int type, int flags, int stream, byte[] payload, int times) throws IOException {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		OutputStream direct = this.out;
		for (int i = 0; i < times; i++) {
			ByteBuffer header = ByteBuffer.allocate(9);
			header.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
			header.put((byte) type).put((byte) flags).putInt(stream);
			frames.write(header.array());
			frames.write(payload);
		}
		direct.write(frames.toByteArray());
		direct.flush();
	}

	/**
	 * Read frames until the server closes the connection or a read times out.
	 * @return the frames read, in order
	 */
	public List<Frame> readUntilClosed() {
		List<Frame> frames = new ArrayList<>();
		try {
			while (true) {
				frames.add(readFrame());
			}
		}
		catch (java.io.EOFException | java.net.SocketException ex) {
			this.closedByServer = true;
			return frames;
		}
		catch (IOException ex) {
			// closed (EOF or reset) or quiet for the read timeout: what was read is the answer
			return frames;
		}
	}

	/**
	 * Read the next frame.
	 * @return the frame
	 * @throws IOException when the connection closed or the read timed out
	 */
	public Frame readFrame() throws IOException {
		int length = (this.in.readUnsignedByte() << 16) | (this.in.readUnsignedByte() << 8)
				| this.in.readUnsignedByte();
		int type = this.in.readUnsignedByte();
		int flags = this.in.readUnsignedByte();
		int stream = this.in.readInt() & 0x7fffffff;
		byte[] payload = new byte[length];
		this.in.readFully(payload);
		return new Frame(type, flags, stream, payload);
	}

	private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(9);
		header.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
		header.put((byte) type).put((byte) flags).putInt(stream);
		this.out.write(header.array());
		this.out.write(payload);
	}

	private int request(String path, Map<String, String> extraHeaders) throws IOException {
		int stream = this.nextStreamId;
		this.nextStreamId += 2;
		frame(HEADERS, 0x4, stream, headers(path, extraHeaders));
		return stream;
	}

	private static byte[] headers(String path, Map<String, String> extraHeaders) {
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		literal(block, ":method", "POST");
		literal(block, ":scheme", "http");
		literal(block, ":path", path);
		literal(block, ":authority", "localhost");
		literal(block, "content-type", "application/grpc");
		literal(block, "te", "trailers");
		extraHeaders.forEach((name, value) -> literal(block, name, value));
		return block.toByteArray();
	}

	// HPACK literal header field without indexing, new name; every string here is under 127 bytes
	private static void literal(ByteArrayOutputStream block, String name, String value) {
		block.write(0x00);
		string(block, name);
		string(block, value);
	}

	private static void string(ByteArrayOutputStream block, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
		block.write(bytes.length);
		block.write(bytes, 0, bytes.length);
	}

	/**
	 * Return whether the last {@link #readUntilClosed()} ended because the server closed the
	 * connection, rather than by a read timing out.
	 * @return whether the server closed the connection
	 */
	public boolean closedByServer() {
		return this.closedByServer;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A frame the server sent.
	 * @param type the frame type
	 * @param flags the flags
	 * @param stream the stream id
	 * @param payload the payload
	 */
	public record Frame(int type, int flags, int stream, byte[] payload) {

		/**
		 * Return a SETTINGS frame's value of a setting.
		 * @param id the setting's identifier
		 * @return the value, or {@code null} when the frame does not carry it
		 */
		public Long setting(int id) {
			ByteBuffer settings = ByteBuffer.wrap(this.payload);
			while (settings.remaining() >= 6) {
				int key = settings.getShort() & 0xffff;
				long value = settings.getInt() & 0xffffffffL;
				if (key == id) {
					return value;
				}
			}
			return null;
		}

		/**
		 * Return a GOAWAY frame's error code.
		 * @return the error code
		 */
		public int errorCode() {
			return ByteBuffer.wrap(this.payload, 4, 4).getInt();
		}

		/**
		 * Return a GOAWAY frame's debug data.
		 * @return the debug data as text
		 */
		public String debugData() {
			return new String(this.payload, 8, this.payload.length - 8, StandardCharsets.UTF_8);
		}

	}

}
