package io.grpckit.server.autoconfigure.orca;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpckit.testsupport.RawBytesMarshaller;

/**
 * Reads ORCA load reports the way a client receives them, without grpc-xds's shaded
 * classes: the {@code xds.data.orca.v3.OrcaLoadReport} bytes of a call's
 * {@code endpoint-load-metrics-bin} trailer, or of the messages of
 * {@code xds.service.orca.v3.OpenRcaService/StreamCoreMetrics}, decoded by field number.
 */
final class OrcaReports {

	/** The trailer of per-call reports. */
	static final Metadata.Key<byte[]> TRAILER = Metadata.Key.of("endpoint-load-metrics-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	/** The out-of-band service's one method, server streaming. */
	static final MethodDescriptor<byte[], byte[]> STREAM_CORE_METRICS = MethodDescriptor
		.newBuilder(new RawBytesMarshaller(), new RawBytesMarshaller())
		.setType(MethodDescriptor.MethodType.SERVER_STREAMING)
		.setFullMethodName("xds.service.orca.v3.OpenRcaService/StreamCoreMetrics")
		.build();

	private OrcaReports() {
	}

	/**
	 * Open an out-of-band report stream asking for the server's minimum interval.
	 * @param channel the channel to the server
	 * @return the reports as they come, for 30 seconds at most; close the channel to end
	 * the stream sooner
	 */
	static Iterator<byte[]> openStream(Channel channel) {
		// an empty OrcaLoadReportRequest: no interval asked, the server's minimum applies
		// a deadline, so that a server that stops sending fails the test instead of hanging it
		return ClientCalls.blockingServerStreamingCall(channel, STREAM_CORE_METRICS,
				CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), new byte[0]);
	}

	/**
	 * Decode a report.
	 * @param bytes the serialized {@code OrcaLoadReport}
	 * @return its scalar values
	 */
	static Report parse(byte[] bytes) {
		try {
			UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytes);
			return new Report(value(fields, 1), value(fields, 9), value(fields, 2), value(fields, 6), value(fields, 7));
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static double value(UnknownFieldSet fields, int number) {
		// doubles are fixed64 on the wire; proto3 leaves zeros out
		if (!fields.hasField(number)) {
			return 0;
		}
		List<Long> values = fields.getField(number).getFixed64List();
		return values.isEmpty() ? 0 : Double.longBitsToDouble(values.get(values.size() - 1));
	}

	/**
	 * The scalar values of an {@code OrcaLoadReport}.
	 * @param cpuUtilization field 1
	 * @param applicationUtilization field 9
	 * @param memoryUtilization field 2
	 * @param qps field 6, rps_fractional
	 * @param eps field 7
	 */
	record Report(double cpuUtilization, double applicationUtilization, double memoryUtilization, double qps,
			double eps) {
	}

}
