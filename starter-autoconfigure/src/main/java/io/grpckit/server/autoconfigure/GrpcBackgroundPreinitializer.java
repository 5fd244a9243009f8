package io.grpckit.server.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

/**
 * Loads and initializes the grpc-java, Netty and protobuf classes that starting a server and
 * answering its first call need, on Boot's {@code background-preinit} thread, while the main
 * thread builds the application context. Without it the main thread loads them one by one
 * when the server starts (after the web server), and the first call loads the rest: about
 * 1,300 classes on the path to the first answer.
 * <p>
 * Only class initialization: nothing here binds a port, starts a thread or reads
 * configuration, so it is safe in every application that has the kit on its classpath.
 * Boot runs it only with more than one CPU, and not at all with
 * {@code -Dspring.backgroundpreinitializer.ignore=true}.
 */
final class GrpcBackgroundPreinitializer implements BackgroundPreinitializer {

	private static final String NETTY = "io.grpc.netty.shaded.io.netty.";

	/**
	 * Roots whose static initializers pull in most of what server start and the first call
	 * load. A name missing in another grpc-java version is skipped: it only costs the warm-up.
	 */
	static final List<String> CLASSES = List.of(
			// grpc-java core: what ServerImpl and every call touch
			"io.grpc.Context", "io.grpc.Metadata", "io.grpc.Status", "io.grpc.ServerInterceptors",
			"io.grpc.internal.GrpcUtil", "io.grpc.internal.ServerImpl", "io.grpc.internal.ServerImplBuilder",
			"io.grpc.internal.ServerCallImpl", "io.grpc.internal.MessageDeframer", "io.grpc.internal.MessageFramer",
			"io.grpc.internal.SerializingExecutor", "io.grpc.internal.TransportTracer",
			"io.grpc.internal.KeepAliveEnforcer", "io.grpc.stub.ServerCalls", "io.grpc.protobuf.lite.ProtoLiteUtils",
			// protobuf runtime and the descriptors of the health and reflection services
			"com.google.protobuf.CodedInputStream", "com.google.protobuf.CodedOutputStream",
			"com.google.protobuf.ExtensionRegistryLite", "com.google.protobuf.Descriptors",
			"io.grpc.health.v1.HealthProto", "io.grpc.reflection.v1.ServerReflectionProto",
			"io.grpc.reflection.v1alpha.ServerReflectionProto",
			// grpc-netty-shaded: the server, its handler and transport
			"io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder", "io.grpc.netty.shaded.io.grpc.netty.NettyServer",
			"io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport",
			"io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler",
			"io.grpc.netty.shaded.io.grpc.netty.NettyServerStream", "io.grpc.netty.shaded.io.grpc.netty.Utils",
			"io.grpc.netty.shaded.io.grpc.netty.ProtocolNegotiators",
			"io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2HeadersUtils",
			// Netty: platform probing, the native epoll transport (loads its library), buffers
			NETTY + "util.internal.PlatformDependent", NETTY + "channel.epoll.Epoll",
			NETTY + "channel.epoll.EpollEventLoopGroup", NETTY + "channel.epoll.EpollServerSocketChannel",
			NETTY + "channel.epoll.EpollSocketChannel", NETTY + "channel.MultiThreadIoEventLoopGroup",
			NETTY + "channel.DefaultChannelPipeline", NETTY + "channel.ChannelOutboundBuffer",
			NETTY + "bootstrap.ServerBootstrap", NETTY + "buffer.PooledByteBufAllocator",
			NETTY + "buffer.AdaptiveByteBufAllocator", NETTY + "buffer.ByteBufUtil", NETTY + "util.Recycler",
			NETTY + "util.ResourceLeakDetector", NETTY + "handler.codec.ByteToMessageDecoder",
			// Netty HTTP/2: connection, frames, HPACK, flow control
			NETTY + "handler.codec.http2.Http2CodecUtil", NETTY + "handler.codec.http2.DefaultHttp2Connection",
			NETTY + "handler.codec.http2.DefaultHttp2FrameReader",
			NETTY + "handler.codec.http2.DefaultHttp2FrameWriter", NETTY + "handler.codec.http2.HpackDecoder",
			NETTY + "handler.codec.http2.HpackEncoder", NETTY + "handler.codec.http2.HpackStaticTable",
			NETTY + "handler.codec.http2.DefaultHttp2ConnectionDecoder",
			NETTY + "handler.codec.http2.DefaultHttp2ConnectionEncoder",
			NETTY + "handler.codec.http2.DefaultHttp2LocalFlowController",
			NETTY + "handler.codec.http2.DefaultHttp2RemoteFlowController",
			NETTY + "handler.codec.http2.Http2ConnectionHandler", NETTY + "handler.codec.http2.DefaultHttp2Headers");

	@Override
	public void preinitialize() {
		ClassLoader classLoader = GrpcBackgroundPreinitializer.class.getClassLoader();
		for (String name : CLASSES) {
			try {
				Class.forName(name, true, classLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// an optional library is absent, or a version renamed the class: nothing to warm
			}
		}
	}

}
