package io.grpckit.client.validation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import build.buf.protovalidate.ValidatorFactory;
import com.google.rpc.BadRequest.FieldViolation;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpckit.internal.validation.MessageValidation;
import io.grpckit.test.proto.validation.AccountReply;
import io.grpckit.test.proto.validation.AccountsGrpc;
import io.grpckit.test.proto.validation.CreateAccountRequest;
import io.grpckit.testsupport.AccountsService;
import io.grpckit.testsupport.Observers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.grpckit.testsupport.AccountsService.valid;
import static io.grpckit.testsupport.AccountsService.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ValidationClientInterceptor} on a channel to a real in-process server that does
 * not validate: an invalid request fails locally; a unary or server-streaming call does not
 * even reach the server.
 */
class ValidationClientInterceptorTests {

	private final AccountsService service = new AccountsService();

	private final AtomicInteger callsStarted = new AtomicInteger();

	private Server server;

	private ManagedChannel channel;

	private AccountsGrpc.AccountsStub async;

	private AccountsGrpc.AccountsBlockingStub blocking;

	@BeforeEach
	void start() throws Exception {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(ServerInterceptors.intercept(this.service, new ServerInterceptor() {

				@Override
				public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
						Metadata headers, ServerCallHandler<ReqT, RespT> next) {
					ValidationClientInterceptorTests.this.callsStarted.incrementAndGet();
					return next.startCall(call, headers);
				}

			}))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		ValidationClientInterceptor interceptor = new ValidationClientInterceptor(
				new MessageValidation(ValidatorFactory.newBuilder().build()));
		this.blocking = AccountsGrpc.newBlockingStub(ClientInterceptors.intercept(this.channel, interceptor));
		this.async = AccountsGrpc.newStub(ClientInterceptors.intercept(this.channel, interceptor));
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void validRequestIsSent() {
		assertThat(this.blocking.create(valid("ada")).getAccepted()).isEqualTo(1);
		assertThat(this.service.events()).containsExactly("message:ada");
	}

	@Test
	void invalidRequestFailsLocallyWithTheViolations() {
		CreateAccountRequest request = valid("x").toBuilder().setAge(200).build();
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.blocking.create(request));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).startsWith("CreateAccountRequest is invalid: ");
		assertThat(violations(failure)).extracting(FieldViolation::getField, FieldViolation::getReason)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("name", "string.min_len"),
					org.assertj.core.groups.Tuple.tuple("age", "int32.gte_lte"));
		assertThat(this.service.events()).isEmpty();
		assertThat(this.callsStarted).as("no call reached the server").hasValue(0);
	}

	@Test
	void serverStreamingCallsAreValidatedBeforeAnythingIsSent() {
		assertThat(this.blocking.watch(valid("ada")).next().getAccepted()).isEqualTo(1);
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.blocking.watch(valid("x")).hasNext());
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(FieldViolation::getField).containsExactly("name");
		assertThat(this.service.events()).containsExactly("message:ada");
		assertThat(this.callsStarted).as("only the valid call reached the server").hasValue(1);
	}

	@Test
	void invalidMessageOfAStreamIsNotSentAndEndsTheCall() {
		CompletableFuture<AccountReply> result = new CompletableFuture<>();
		StreamObserver<CreateAccountRequest> requests = this.async.createMany(Observers.completing(result));
		requests.onNext(valid("ada"));
		requests.onNext(valid("x"));
		requests.onNext(valid("bob"));
		requests.onCompleted();
		Throwable failure = await().atMost(Duration.ofSeconds(30))
			.until(() -> result.handle((reply, error) -> error).getNow(null), (error) -> error != null);
		assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(violations(failure)).extracting(FieldViolation::getField).containsExactly("name");
		// the server got the first message, then the client's cancel; never the bad one or a completion
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.service.events()).containsExactly("message:ada", "cancel-handler",
					"error:CANCELLED"));
	}

}
