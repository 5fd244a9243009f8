package io.grpckit.server.validation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import build.buf.protovalidate.ValidatorFactory;
import com.google.rpc.BadRequest.FieldViolation;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.internal.validation.MessageValidation;
import io.grpckit.test.proto.validation.AccountReply;
import io.grpckit.test.proto.validation.AccountsGrpc;
import io.grpckit.test.proto.validation.Address;
import io.grpckit.test.proto.validation.CreateAccountRequest;
import io.grpckit.testsupport.AccountsService;
import io.grpckit.testsupport.Observers;
import io.grpckit.testsupport.Channels;
import io.grpckit.testsupport.EchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.grpckit.testsupport.AccountsService.valid;
import static io.grpckit.testsupport.AccountsService.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ValidationServerInterceptor} on a real in-process server: what reaches the service
 * and what the client gets, unary and streaming.
 */
class ValidationServerInterceptorTests {

	private final AccountsService service = new AccountsService();

	private Server server;

	private ManagedChannel channel;

	@AfterEach
	void close() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
		if (this.server != null) {
			this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void validRequestReachesTheService() {
		AccountReply reply = blocking(List.of()).create(valid("ada"));
		assertThat(reply.getAccepted()).isEqualTo(1);
		assertThat(this.service.events()).containsExactly("message:ada");
	}

	@Test
	void invalidRequestIsRefusedWithEveryViolation() {
		CreateAccountRequest request = CreateAccountRequest.newBuilder()
			.setName("x")
			.setCode("abc")
			.setAge(17)
			.addAllTags(List.of("a", "", "c", "d"))
			.build();
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> blocking(List.of()).create(request));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(FieldViolation::getField, FieldViolation::getReason)
			.containsExactlyInAnyOrder(tuple("name", "string.min_len"), tuple("code", "string.pattern"),
					tuple("age", "int32.gte_lte"), tuple("address", "required"),
					tuple("tags", "repeated.max_items"), tuple("tags[1]", "string.min_len"));
		assertThat(violations(failure)).allSatisfy((violation) -> assertThat(violation.getDescription()).isNotBlank());
		assertThat(failure.getStatus().getDescription()).startsWith("CreateAccountRequest is invalid: ")
			.contains("name: must be at least 2 characters [string.min_len]")
			.contains("tags[1]: ")
			.contains("address: value is required [required]");
		assertThat(this.service.events()).as("the service never ran").isEmpty();
	}

	@Test
	void nestedFieldIsNamedByItsPath() {
		CreateAccountRequest request = valid("ada").toBuilder().setAddress(Address.getDefaultInstance()).build();
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> blocking(List.of()).create(request));
		assertThat(violations(failure)).extracting(FieldViolation::getField, FieldViolation::getReason)
			.containsExactly(tuple("address.city", "string.min_len"));
	}

	@Test
	void serverStreamingRequestIsValidatedBeforeTheServiceRuns() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> blocking(List.of()).watch(valid("x")).forEachRemaining((reply) -> {
				}));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(FieldViolation::getField).containsExactly("name");
		assertThat(this.service.events()).isEmpty();
	}

	@Test
	void badMessageInTheMiddleOfAStreamEndsTheCallAndTheServiceSeesItCancelled() throws Exception {
		AccountsGrpc.AccountsStub stub = AccountsGrpc.newStub(channel(List.of()));
		CompletableFuture<AccountReply> result = new CompletableFuture<>();
		StreamObserver<CreateAccountRequest> requests = stub.createMany(Observers.completing(result));
		requests.onNext(valid("ada"));
		requests.onNext(valid("bob"));
		requests.onNext(valid("x"));
		requests.onNext(valid("eve"));
		requests.onCompleted();
		Throwable failure = await().atMost(Duration.ofSeconds(30))
			.until(() -> result.handle((reply, error) -> error).getNow(null), (error) -> error != null);
		assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(FieldViolation::getField, FieldViolation::getReason)
			.containsExactly(tuple("name", "string.min_len"));
		// the two messages before the bad one were delivered, nothing after it; the service saw a
		// cancel (handler and onError), never a completion
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.service.events()).containsExactly("message:ada", "message:bob",
					"cancel-handler", "error:CANCELLED"));
	}

	@Test
	void thousandsOfViolationsReachTheClientAsInvalidArgument() throws InterruptedException {
		// over Netty, whose client refuses trailers beyond 8 KiB by default: the details are bounded
		ValidationServerInterceptor interceptor = new ValidationServerInterceptor(
				new MessageValidation(ValidatorFactory.newBuilder().build()), List.of());
		CreateAccountRequest request = valid("ada").toBuilder()
			.addAllTags(java.util.Collections.nCopies(2000, ""))
			.build();
		try (EchoServer server = EchoServer.start(this.service, interceptor)) {
			ManagedChannel netty = Channels.loopback(server.port());
			try {
				StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
						() -> AccountsGrpc.newBlockingStub(netty).create(request));
				assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(failure.getStatus().getDescription()).contains(" more");
				assertThat(violations(failure)).isNotEmpty();
			}
			finally {
				Channels.close(netty);
			}
		}
	}

	@Test
	void excludedMethodsAreNotValidated() {
		AccountsGrpc.AccountsBlockingStub stub = blocking(List.of("grpckit.test.validation.Accounts/Restore"));
		assertThat(stub.restore(valid("x")).getAccepted()).isEqualTo(1);
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> stub.create(valid("x")));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(this.service.events()).containsExactly("message:x");
	}

	@Test
	void aServiceWildcardExcludesEveryMethod() {
		AccountsGrpc.AccountsBlockingStub stub = blocking(List.of("grpckit.test.validation.Accounts/*"));
		assertThat(stub.create(valid("x")).getAccepted()).isEqualTo(1);
		assertThat(stub.restore(valid("y")).getAccepted()).isEqualTo(1);
	}

	private AccountsGrpc.AccountsBlockingStub blocking(List<String> excluded) {
		return AccountsGrpc.newBlockingStub(channel(excluded));
	}

	private ManagedChannel channel(List<String> excluded) {
		String name = InProcessServerBuilder.generateName();
		ValidationServerInterceptor interceptor = new ValidationServerInterceptor(
				new MessageValidation(ValidatorFactory.newBuilder().build()), excluded);
		try {
			this.server = InProcessServerBuilder.forName(name)
				.directExecutor()
				.addService(ServerInterceptors.intercept(this.service, interceptor))
				.build()
				.start();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		return this.channel;
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

}
