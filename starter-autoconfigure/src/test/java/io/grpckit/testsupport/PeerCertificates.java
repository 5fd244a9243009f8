package io.grpckit.testsupport;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * Records the serial of the peer certificate of each TLS call: on the server the client's,
 * on the client the server's.
 */
public final class PeerCertificates {

	private final AtomicReference<@Nullable BigInteger> serial = new AtomicReference<>();

	/**
	 * Return the serial of the peer certificate of the latest call.
	 * @return the serial, {@code null} before a call or without a peer certificate
	 */
	public @Nullable BigInteger serial() {
		return this.serial.get();
	}

	private void record(@Nullable SSLSession session) {
		if (session == null) {
			this.serial.set(null);
			return;
		}
		try {
			this.serial.set(((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber());
		}
		catch (SSLPeerUnverifiedException ex) {
			this.serial.set(null);
		}
	}

	/**
	 * Return an interceptor that records the certificate each call's client presented.
	 * @return the server interceptor
	 */
	public ServerInterceptor serverInterceptor() {
		return new ServerInterceptor() {

			@Override
			public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
					Metadata headers, ServerCallHandler<ReqT, RespT> next) {
				record(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
				return next.startCall(call, headers);
			}

		};
	}

	/**
	 * Return an interceptor that records the certificate the server presented to each call.
	 * @return the client interceptor
	 */
	public ClientInterceptor clientInterceptor() {
		return new ClientInterceptor() {

			@Override
			public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
					CallOptions callOptions, Channel next) {
				ClientCall<ReqT, RespT> call = next.newCall(method, callOptions);
				return new SimpleForwardingClientCall<>(call) {

					@Override
					public void start(Listener<RespT> listener, Metadata headers) {
						super.start(new SimpleForwardingClientCallListener<>(listener) {

							@Override
							public void onHeaders(Metadata responseHeaders) {
								record(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
								super.onHeaders(responseHeaders);
							}

						}, headers);
					}

				};
			}

		};
	}

}
