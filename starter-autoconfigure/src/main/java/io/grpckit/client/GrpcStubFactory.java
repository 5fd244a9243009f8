package io.grpckit.client;

import io.grpc.Channel;

/**
 * Creates stubs of one kind for {@link GrpcClient} injection points and
 * {@link EnableGrpcClients} beans. Declare an implementation as a bean to inject a stub
 * kind the kit does not know: the factory beans are asked in their order
 * ({@link org.springframework.core.Ordered} or {@code @Order}), the first that
 * {@linkplain #supports supports} the type creates the stub. The kit's own factories come
 * after every bean: stubs that protoc-gen-grpc-java generates and any other stub created
 * by a static method of its enclosing class that takes a {@link Channel} (reactor-grpc's
 * {@code ReactorXxxGrpc.newReactorStub}), then stubs with a public
 * {@code (Channel, CallOptions)} constructor (grpc-kotlin's {@code XxxCoroutineStub}).
 * <pre class="code">
 * &#64;Bean
 * GrpcStubFactory inventoryClients() {
 *     return new GrpcStubFactory() {
 *         public boolean supports(Class&lt;?&gt; type) { return type == InventoryClient.class; }
 *         public Object create(Class&lt;?&gt; type, Channel channel) { return new InventoryClient(channel); }
 *     };
 * }
 * </pre>
 */
public interface GrpcStubFactory {

	/**
	 * Return whether this factory creates stubs of the given type.
	 * @param type the type of the injection point or of the bean
	 * @return whether {@link #create} can be called with it
	 */
	boolean supports(Class<?> type);

	/**
	 * Create a stub of the given type on the channel. The channel is the one of the
	 * injection point's name, shared by every stub of that name: never shut it down.
	 * @param type a type this factory {@linkplain #supports supports}
	 * @param channel the channel
	 * @return the stub, an instance of {@code type}
	 */
	Object create(Class<?> type, Channel channel);

}
