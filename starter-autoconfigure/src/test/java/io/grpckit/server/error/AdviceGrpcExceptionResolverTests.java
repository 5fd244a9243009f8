package io.grpckit.server.error;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each return type of a handler becomes, without a server (over the wire in
 * {@link RichErrorDetailsIntegrationTests} and {@code ExceptionMappingIntegrationTests}).
 */
class AdviceGrpcExceptionResolverTests {

	private static final Metadata.Key<String> HINT = Metadata.Key.of("hint", Metadata.ASCII_STRING_MARSHALLER);

	private final AdviceGrpcExceptionResolver resolver = new AdviceGrpcExceptionResolver(new Handlers());

	@Test
	void aStatusIsItsCodeAndDescription() {
		StatusException resolved = resolve(new IllegalArgumentException());
		assertThat(resolved.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(resolved.getStatus().getDescription()).isEqualTo("bad");
	}

	@Test
	void aStatusRuntimeExceptionKeepsItsTrailers() {
		StatusException resolved = resolve(new IllegalStateException());
		assertThat(resolved.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(resolved.getTrailers().get(HINT)).isEqualTo("later");
	}

	@Test
	void aRichStatusIsSentAsStatusProtoSendsIt() {
		StatusException resolved = resolve(new UnsupportedOperationException());
		assertThat(resolved.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(resolved.getStatus().getDescription()).isEqualTo("not now");
		assertThat(StatusProto.fromThrowable(resolved)).isEqualTo(Handlers.RICH);
	}

	@Test
	void nullPassesTheExceptionOn() {
		assertThat(this.resolver.resolve(new ArithmeticException(), new Metadata())).isNull();
	}

	@Test
	void anOkStatusOfAnyReturnTypeIsInternal() {
		StatusException resolved = resolve(new ArrayStoreException());
		assertThat(resolved.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(resolved.getStatus().getDescription())
			.isEqualTo(ExceptionMappingServerInterceptor.INTERNAL_DESCRIPTION);
	}

	private StatusException resolve(Throwable exception) {
		StatusException resolved = this.resolver.resolve(exception, new Metadata());
		assertThat(resolved).isNotNull();
		return resolved;
	}

	static class Handlers {

		static final com.google.rpc.Status RICH = com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.FAILED_PRECONDITION.value())
			.setMessage("not now")
			.addDetails(Any.pack(ErrorInfo.newBuilder().setReason("NOT_NOW").setDomain("grpckit.io").build()))
			.build();

		@GrpcExceptionHandler
		Status status(IllegalArgumentException ex) {
			return Status.INVALID_ARGUMENT.withDescription("bad");
		}

		@GrpcExceptionHandler
		StatusRuntimeException withTrailers(IllegalStateException ex) {
			Metadata trailers = new Metadata();
			trailers.put(HINT, "later");
			return Status.UNAVAILABLE.asRuntimeException(trailers);
		}

		@GrpcExceptionHandler
		com.google.rpc.Status rich(UnsupportedOperationException ex) {
			return RICH;
		}

		@GrpcExceptionHandler
		Status passOn(ArithmeticException ex) {
			return null;
		}

		@GrpcExceptionHandler
		Status ok(ArrayStoreException ex) {
			return Status.OK;
		}

	}

}
