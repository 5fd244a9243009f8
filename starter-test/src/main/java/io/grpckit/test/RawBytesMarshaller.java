package io.grpckit.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.MethodDescriptor;

/**
 * Sends and receives messages as raw bytes: to put bytes on the wire that are no valid message
 * (the server must answer with a status, not fail), or to call a method without its generated
 * classes.
 */
public final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

	private static final RawBytesMarshaller INSTANCE = new RawBytesMarshaller();

	private RawBytesMarshaller() {
	}

	/**
	 * Return the marshaller.
	 * @return the one instance (it holds no state)
	 */
	public static RawBytesMarshaller instance() {
		return INSTANCE;
	}

	/**
	 * Return the method with raw bytes as its request and response messages, for
	 * {@code ClientCalls} on a channel to the real service.
	 * @param method the method, e.g. {@code GreeterGrpc.getSayHelloMethod()}
	 * @return the same method (name, type) with raw bytes as its messages
	 */
	public static MethodDescriptor<byte[], byte[]> rawMethod(MethodDescriptor<?, ?> method) {
		return method.toBuilder(INSTANCE, INSTANCE).build();
	}

	@Override
	public InputStream stream(byte[] value) {
		return new ByteArrayInputStream(value);
	}

	@Override
	public byte[] parse(InputStream stream) {
		try {
			return stream.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
