package io.grpckit.demo.greeter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The greeter's replies and validation, for every call mode, over a real loopback channel:
 * each INVALID_ARGUMENT of a field carries a {@code google.rpc.BadRequest} in
 * {@code grpc-status-details-bin}.
 */
class GreeterServiceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Metadata.Key<byte[]> STATUS_DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	private GreeterTestServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = GreeterTestServer.start();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	@Test
	void sayHelloGreetsWithIndexZero() {
		HelloReply reply = this.server.blockingStub().sayHello(request("World"));
		assertThat(reply.getMessage()).isEqualTo("Hello, World!");
		assertThat(reply.getIndex()).isZero();
	}

	@Test
	void sayHelloStreamSendsCountRepliesIndexedFromOne() {
		List<HelloReply> replies = stream(request("World").toBuilder().setCount(3).build());
		assertThat(replies).extracting(HelloReply::getMessage).containsOnly("Hello, World!");
		assertThat(replies).extracting(HelloReply::getIndex).containsExactly(1, 2, 3);
	}

	@Test
	void sayHelloStreamWithCountZeroSendsOneReply() {
		assertThat(stream(request("World"))).extracting(HelloReply::getIndex).containsExactly(1);
	}

	@ParameterizedTest
	@MethodSource("badCounts")
	void sayHelloStreamRejectsCountOutOfRange(int count, String description) {
		HelloRequest request = request("World").toBuilder().setCount(count).build();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stream(request))
			.satisfies((ex) -> {
				assertInvalid(ex.getStatus(), description);
				assertBadRequest(ex.getTrailers(), "count", "OUT_OF_RANGE", "must be in 0..100000");
			});
	}

	static Stream<Arguments> badCounts() {
		return Stream.of(Arguments.of(-1, "count: -1 (expected: 0..100000)"),
				Arguments.of(100_001, "count: 100001 (expected: 0..100000)"),
				Arguments.of(Integer.MIN_VALUE, "count: -2147483648 (expected: 0..100000)"));
	}

	@Test
	void sayHelloToAllJoinsNamesInArrivalOrder() throws Exception {
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		StreamObserver<HelloRequest> requests = this.server.asyncStub().sayHelloToAll(replies);
		requests.onNext(request("a"));
		requests.onNext(request("b"));
		requests.onNext(request("c"));
		requests.onCompleted();
		assertThat(replies.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(replies.values()).singleElement().satisfies((reply) -> {
			assertThat(reply.getMessage()).isEqualTo("Hello, a, b, c!");
			assertThat(reply.getIndex()).isEqualTo(3);
		});
	}

	@Test
	void sayHelloToAllWithoutRequestsIsInvalid() throws Exception {
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		this.server.asyncStub().sayHelloToAll(replies).onCompleted();
		assertInvalid(replies.awaitStatus(TIMEOUT), "requests: 0 (expected: at least 1)");
		// a problem of the call, not of a field: no BadRequest
		assertThat(replies.trailers().get(STATUS_DETAILS)).isNull();
		assertThat(replies.values()).isEmpty();
	}

	@Test
	void sayHelloToAllWithOneBadRequestAmongGoodOnesIsInvalid() throws Exception {
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		StreamObserver<HelloRequest> requests = this.server.asyncStub().sayHelloToAll(replies);
		requests.onNext(request("a"));
		requests.onNext(request(" "));
		requests.onNext(request("c"));
		requests.onCompleted();
		assertInvalid(replies.awaitStatus(TIMEOUT), "name: must not be blank");
		assertThat(replies.values()).isEmpty();
	}

	@Test
	void chatAnswersEachRequestBeforeTheNextIsSent() throws Exception {
		BlockingQueue<HelloReply> received = new LinkedBlockingQueue<>();
		RecordingObserver<HelloReply> replies = new RecordingObserver<>() {
			@Override
			public void onNext(HelloReply reply) {
				super.onNext(reply);
				received.add(reply);
			}
		};
		StreamObserver<HelloRequest> requests = this.server.asyncStub().chat(replies);
		for (int i = 1; i <= 5; i++) {
			// Ping-pong: the next request goes out only after the reply to this one came back.
			requests.onNext(request("n" + i));
			HelloReply reply = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(reply).as("reply %d", i).isNotNull();
			assertThat(reply.getMessage()).isEqualTo("Hello, n" + i + "!");
			assertThat(reply.getIndex()).isEqualTo(i);
		}
		requests.onCompleted();
		assertThat(replies.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(replies.values()).hasSize(5);
	}

	@Test
	void chatEndsWithInvalidArgumentAfterTheRepliesToEarlierRequests() throws Exception {
		RecordingObserver<HelloReply> replies = new RecordingObserver<>();
		StreamObserver<HelloRequest> requests = this.server.asyncStub().chat(replies);
		requests.onNext(request("a"));
		requests.onNext(request("b"));
		requests.onNext(request("b").toBuilder().setDelayMs(-5).build());
		requests.onNext(request("never answered"));
		assertInvalid(replies.awaitStatus(TIMEOUT), "delay_ms: -5 (expected: 0..60000)");
		assertBadRequest(replies.trailers(), "delay_ms", "OUT_OF_RANGE", "must be in 0..60000");
		assertThat(replies.values()).extracting(HelloReply::getMessage).containsExactly("Hello, a!", "Hello, b!");
		assertThat(replies.values()).extracting(HelloReply::getIndex).containsExactly(1, 2);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("invalidRequests")
	void everyMethodRejectsInvalidNamesAndDelays(Mode mode, String label, Invalid invalid) throws Exception {
		RecordingObserver<HelloReply> replies = mode.call(this.server, invalid.request());
		assertInvalid(replies.awaitStatus(TIMEOUT), invalid.description());
		assertBadRequest(replies.trailers(), invalid.field(), invalid.reason(), invalid.rule());
		assertThat(replies.values()).isEmpty();
	}

	static Stream<Arguments> invalidRequests() {
		String tooLong = "\uD83D\uDE00".repeat(1025);
		String blank = "name: must not be blank";
		List<Invalid> cases = List.of(
				new Invalid("empty name", request(""), blank, "name", "BLANK", "must not be blank"),
				new Invalid("ASCII white space", request(" \t\n\u000B\f\r"), blank, "name", "BLANK",
						"must not be blank"),
				new Invalid("no-break spaces", request("\u00A0\u2007\u202F"), blank, "name", "BLANK",
						"must not be blank"),
				new Invalid("other White_Space", request("\u0085\u1680\u2000\u200A\u2028\u2029\u205F\u3000"),
						blank, "name", "BLANK", "must not be blank"),
				new Invalid("1025 code points", request(tooLong), "name: 1025 code points (expected: at most 1024)",
						"name", "TOO_LONG", "must have at most 1024 code points"),
				new Invalid("negative delay", request("World").toBuilder().setDelayMs(-1).build(),
						"delay_ms: -1 (expected: 0..60000)", "delay_ms", "OUT_OF_RANGE", "must be in 0..60000"),
				new Invalid("delay over 60 s", request("World").toBuilder().setDelayMs(60_001).build(),
						"delay_ms: 60001 (expected: 0..60000)", "delay_ms", "OUT_OF_RANGE", "must be in 0..60000"));
		return Stream.of(Mode.values())
			.flatMap((mode) -> cases.stream().map((c) -> Arguments.of(mode, c.label(), c)));
	}

	/** A request the contract refuses: its description, and the BadRequest's field, reason and rule. */
	record Invalid(String label, HelloRequest request, String description, String field, String reason,
			String rule) {

		@Override
		public String toString() {
			return this.label;
		}

	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void everyMethodAcceptsNamesThatAreNotWhiteSpaceAndUpTo1024CodePoints(Mode mode) throws Exception {
		// U+200B and U+001C are not White_Space (Character.isWhitespace says U+001C is);
		// 1024 emoji are 2048 UTF-16 chars but 1024 code points.
		for (String name : List.of("\u200B", "\u001C", "\uD83D\uDE00".repeat(1024), " x ")) {
			RecordingObserver<HelloReply> replies = mode.call(this.server, request(name));
			assertThat(replies.awaitStatus(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(replies.values()).singleElement()
				.satisfies((reply) -> assertThat(reply.getMessage()).isEqualTo("Hello, " + name + "!"));
		}
	}

	private List<HelloReply> stream(HelloRequest request) {
		List<HelloReply> replies = new java.util.ArrayList<>();
		this.server.blockingStub().sayHelloStream(request).forEachRemaining(replies::add);
		return replies;
	}

	static HelloRequest request(String name) {
		return HelloRequest.newBuilder().setName(name).build();
	}

	/**
	 * Decode the {@code grpc-status-details-bin} trailer as sent: a {@code google.rpc.Status}
	 * of the same code holding one BadRequest with one violation.
	 */
	static void assertBadRequest(@Nullable Metadata trailers, String field, String reason, String rule) {
		assertThat(trailers).isNotNull();
		byte[] bytes = trailers.get(STATUS_DETAILS);
		assertThat(bytes).as("grpc-status-details-bin").isNotNull();
		try {
			com.google.rpc.Status details = com.google.rpc.Status.parseFrom(bytes);
			assertThat(details.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
			assertThat(details.getDetailsList()).singleElement()
				.satisfies((any) -> assertThat(any.is(BadRequest.class)).isTrue());
			BadRequest badRequest = details.getDetails(0).unpack(BadRequest.class);
			assertThat(badRequest.getFieldViolationsList()).singleElement().satisfies((violation) -> {
				assertThat(violation.getField()).isEqualTo(field);
				assertThat(violation.getReason()).isEqualTo(reason);
				assertThat(violation.getDescription()).isEqualTo(rule);
			});
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError("grpc-status-details-bin does not parse", ex);
		}
	}

	static void assertInvalid(Status status, String description) {
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo(description);
	}

	/** Calls one method with one request (and a half-close, for client streams). */
	enum Mode {

		SAY_HELLO {
			@Override
			void start(GreeterTestServer server, HelloRequest request, RecordingObserver<HelloReply> replies) {
				server.asyncStub().sayHello(request, replies);
			}
		},
		SAY_HELLO_STREAM {
			@Override
			void start(GreeterTestServer server, HelloRequest request, RecordingObserver<HelloReply> replies) {
				server.asyncStub().sayHelloStream(request, replies);
			}
		},
		SAY_HELLO_TO_ALL {
			@Override
			void start(GreeterTestServer server, HelloRequest request, RecordingObserver<HelloReply> replies) {
				StreamObserver<HelloRequest> requests = server.asyncStub().sayHelloToAll(replies);
				requests.onNext(request);
				requests.onCompleted();
			}
		},
		CHAT {
			@Override
			void start(GreeterTestServer server, HelloRequest request, RecordingObserver<HelloReply> replies) {
				StreamObserver<HelloRequest> requests = server.asyncStub().chat(replies);
				requests.onNext(request);
				requests.onCompleted();
			}
		};

		abstract void start(GreeterTestServer server, HelloRequest request, RecordingObserver<HelloReply> replies);

		RecordingObserver<HelloReply> call(GreeterTestServer server, HelloRequest request) {
			RecordingObserver<HelloReply> replies = new RecordingObserver<>();
			start(server, request, replies);
			return replies;
		}

	}

}
