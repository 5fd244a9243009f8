package io.grpckit.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpckit.test.proto.validation.AccountReply;
import io.grpckit.test.proto.validation.AccountsGrpc;
import io.grpckit.test.proto.validation.Address;
import io.grpckit.test.proto.validation.CreateAccountRequest;

/**
 * The validation tests' service (validation_test.proto): it records what it sees, in
 * order, so that a test can tell which messages reached service code and how a call ended
 * for it: {@code message:<name>}, {@code completed}, {@code error:<code>},
 * {@code cancel-handler}.
 */
public class AccountsService extends AccountsGrpc.AccountsImplBase {

	private final List<String> events = new CopyOnWriteArrayList<>();

	public List<String> events() {
		return this.events;
	}

	/**
	 * A request that breaks none of the rules.
	 * @param name the name
	 * @return the request
	 */
	public static CreateAccountRequest valid(String name) {
		return CreateAccountRequest.newBuilder()
			.setName(name)
			.setCode("ABC-123")
			.setAge(30)
			.setAddress(Address.newBuilder().setCity("Lyon"))
			.addTags("new")
			.build();
	}

	/**
	 * Return the field violations of a failed call's {@code google.rpc.BadRequest}.
	 * @param failure what the call failed with
	 * @return the violations, in the order sent
	 */
	public static List<FieldViolation> violations(Throwable failure) {
		com.google.rpc.Status status = StatusProto.fromThrowable(failure);
		if (status == null) {
			throw new AssertionError("no status details in " + failure);
		}
		return status.getDetailsList().stream().filter((any) -> any.is(BadRequest.class)).map(AccountsService::unpack)
			.flatMap((badRequest) -> badRequest.getFieldViolationsList().stream())
			.toList();
	}

	/**
	 * Return the status code a failed call ended with.
	 * @param failure what the call failed with
	 * @return the code
	 */
	public static Status.Code code(Throwable failure) {
		return Status.fromThrowable(failure).getCode();
	}

	private static BadRequest unpack(Any any) {
		try {
			return any.unpack(BadRequest.class);
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

	@Override
	public void create(CreateAccountRequest request, StreamObserver<AccountReply> responseObserver) {
		this.events.add("message:" + request.getName());
		responseObserver.onNext(AccountReply.newBuilder().setAccepted(1).build());
		responseObserver.onCompleted();
	}

	@Override
	public void restore(CreateAccountRequest request, StreamObserver<AccountReply> responseObserver) {
		create(request, responseObserver);
	}

	@Override
	public void watch(CreateAccountRequest request, StreamObserver<AccountReply> responseObserver) {
		create(request, responseObserver);
	}

	@Override
	public StreamObserver<CreateAccountRequest> createMany(StreamObserver<AccountReply> responseObserver) {
		ServerCallStreamObserver<AccountReply> server = (ServerCallStreamObserver<AccountReply>) responseObserver;
		server.setOnCancelHandler(() -> this.events.add("cancel-handler"));
		return new StreamObserver<>() {

			private int accepted;

			@Override
			public void onNext(CreateAccountRequest request) {
				AccountsService.this.events.add("message:" + request.getName());
				this.accepted++;
			}

			@Override
			public void onError(Throwable error) {
				AccountsService.this.events.add("error:" + Status.fromThrowable(error).getCode());
			}

			@Override
			public void onCompleted() {
				AccountsService.this.events.add("completed");
				responseObserver.onNext(AccountReply.newBuilder().setAccepted(this.accepted).build());
				responseObserver.onCompleted();
			}

		};
	}

}
