package io.grpckit.server.accesslog;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpckit.RequestId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes the access log: one line per finished call, at INFO, to the logger
 * {@value #LOGGER_NAME}. A {@link ServerStreamTracer} per call sees what the transport
 * does: messages and wire bytes in both directions, the peer, the final status, also for
 * calls that never reach a service (unknown method, cancelled, deadline exceeded). The
 * {@link AccessLogServerInterceptor} adds the request id chosen for the call. Install the
 * factory with {@code ServerBuilder#addStreamTracerFactory}.
 * <p>
 * A line reads:
 * {@code method=grpckit.test.Echo/Unary status=OK duration=3ms peer=127.0.0.1:53422 requestId=4f1c... messagesIn=1 messagesOut=1 bytesIn=7 bytesOut=7}.
 * Bytes are the wire sizes of the messages (after compression, without gRPC's 5-byte prefix);
 * {@code -} marks a value the transport does not report (the in-process transport has no
 * wire).
 */
public class AccessLogStreamTracerFactory extends ServerStreamTracer.Factory {

	/** Name of the logger the access log is written to. */
	public static final String LOGGER_NAME = "io.grpckit.accesslog";

	private final Log log;

	/**
	 * Create a factory writing to {@value #LOGGER_NAME}.
	 */
	public AccessLogStreamTracerFactory() {
		this(LogFactory.getLog(LOGGER_NAME));
	}

	AccessLogStreamTracerFactory(Log log) {
		this.log = log;
	}

	@Override
	public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
		// the header, until the request id interceptor reports the id it chose
		return new AccessLogStreamTracer(fullMethodName, headers.get(RequestId.HEADER), this.log);
	}

}
