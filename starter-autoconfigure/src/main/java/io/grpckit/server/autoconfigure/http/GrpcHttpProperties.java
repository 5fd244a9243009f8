package io.grpckit.server.autoconfigure.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Configuration of the HTTP side of the gRPC server: the same services as JSON over HTTP
 * (transcoded from their {@code google.api.http} rules), as gRPC-Web and as Connect, on the
 * application's web server.
 */
@ConfigurationProperties("grpckit.server.http")
public class GrpcHttpProperties {

	/**
	 * Whether the gRPC services are served over HTTP on the application's web server.
	 */
	private boolean enabled = true;

	/**
	 * Largest request body a call accepts; defaults to the gRPC server's largest inbound
	 * message.
	 */
	@DataSizeUnit(DataUnit.BYTES)
	private @Nullable DataSize maxRequestSize;

	/**
	 * Whether, on Spring MVC, a unary call runs its interceptors and service code on the
	 * request's thread, which waits for the answer anyway, instead of on the gRPC server's
	 * executor. Streaming calls, and every call on WebFlux, run on the executor.
	 */
	private boolean runOnRequestThread = true;

	/**
	 * Whether HTTP calls are also observed as gRPC calls (grpc.server meters and spans)
	 * beside the web framework's http.server.requests, which names them by route.
	 */
	private boolean grpcObservation;

	private final Protocol transcoding = new Protocol();

	private final Protocol grpcWeb = new Protocol();

	private final Protocol connect = new Protocol();

	private final Json json = new Json();

	private final Headers headers = new Headers();

	private final Cors cors = new Cors();

	private final OpenApi openapi = new OpenApi();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRunOnRequestThread() {
		return this.runOnRequestThread;
	}

	public void setRunOnRequestThread(boolean runOnRequestThread) {
		this.runOnRequestThread = runOnRequestThread;
	}

	public boolean isGrpcObservation() {
		return this.grpcObservation;
	}

	public void setGrpcObservation(boolean grpcObservation) {
		this.grpcObservation = grpcObservation;
	}

	public @Nullable DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(@Nullable DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

	public Protocol getTranscoding() {
		return this.transcoding;
	}

	public Protocol getGrpcWeb() {
		return this.grpcWeb;
	}

	public Protocol getConnect() {
		return this.connect;
	}

	public Json getJson() {
		return this.json;
	}

	public Headers getHeaders() {
		return this.headers;
	}

	public Cors getCors() {
		return this.cors;
	}

	public OpenApi getOpenapi() {
		return this.openapi;
	}

	/**
	 * One protocol of the HTTP side.
	 */
	public static class Protocol {

		/**
		 * Whether this protocol is served.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The JSON form of messages (transcoding and Connect's JSON), with grpc-gateway's
	 * defaults.
	 */
	public static class Json {

		/**
		 * Whether fields with default values (0, "", false, empty lists) are written, as
		 * grpc-gateway's EmitUnpopulated.
		 */
		private boolean emitUnpopulated = true;

		/**
		 * Whether fields are named as in the proto file (snake_case) rather than in
		 * lowerCamelCase, as grpc-gateway's UseProtoNames. Requests accept both.
		 */
		private boolean useProtoNames;

		/**
		 * Whether unknown fields in a request are ignored rather than refused with
		 * INVALID_ARGUMENT, as grpc-gateway's DiscardUnknown.
		 */
		private boolean ignoreUnknownFields = true;

		/**
		 * Whether enums are written as numbers rather than names, as grpc-gateway's
		 * UseEnumNumbers. Requests accept both.
		 */
		private boolean enumsAsInts;

		public boolean isEmitUnpopulated() {
			return this.emitUnpopulated;
		}

		public void setEmitUnpopulated(boolean emitUnpopulated) {
			this.emitUnpopulated = emitUnpopulated;
		}

		public boolean isUseProtoNames() {
			return this.useProtoNames;
		}

		public void setUseProtoNames(boolean useProtoNames) {
			this.useProtoNames = useProtoNames;
		}

		public boolean isIgnoreUnknownFields() {
			return this.ignoreUnknownFields;
		}

		public void setIgnoreUnknownFields(boolean ignoreUnknownFields) {
			this.ignoreUnknownFields = ignoreUnknownFields;
		}

		public boolean isEnumsAsInts() {
			return this.enumsAsInts;
		}

		public void setEnumsAsInts(boolean enumsAsInts) {
			this.enumsAsInts = enumsAsInts;
		}

	}

	/**
	 * The request headers transcoded calls forward as metadata.
	 */
	public static class Headers {

		/**
		 * Request headers transcoded calls forward as metadata, besides Authorization,
		 * X-Request-Id and Grpc-Metadata-* (always forwarded); '*' matches any characters,
		 * e.g. 'x-tenant-*'.
		 */
		private List<String> forward = new ArrayList<>();

		public List<String> getForward() {
			return this.forward;
		}

		public void setForward(List<String> forward) {
			this.forward = forward;
		}

	}

	/**
	 * Cross-origin requests to the services (browsers calling with gRPC-Web, Connect or
	 * JSON from another origin). Off until origins are allowed.
	 */
	public static class Cors {

		/**
		 * Origins allowed to call, e.g. 'https://app.example.com'; '*' allows any.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns allowed to call, e.g. 'https://*.example.com'.
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * HTTP methods allowed from other origins.
		 */
		private List<String> allowedMethods = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));

		/**
		 * Request headers allowed from other origins; the protocols' own headers are
		 * allowed by default.
		 */
		private List<String> allowedHeaders = new ArrayList<>(List.of("content-type", "authorization",
				"x-request-id", "x-grpc-web", "x-user-agent", "grpc-timeout", "connect-protocol-version",
				"connect-timeout-ms"));

		/**
		 * Response headers scripts from other origins may read; the status headers and the
		 * request id by default.
		 */
		private List<String> exposedHeaders = new ArrayList<>(
				List.of("grpc-status", "grpc-message", "grpc-status-details-bin", "x-request-id"));

		/**
		 * Whether credentials (cookies, Authorization) may be sent from other origins.
		 */
		private boolean allowCredentials;

		/**
		 * How long browsers may cache a preflight answer.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * The transcoded routes in springdoc's OpenAPI document.
	 */
	public static class OpenApi {

		/**
		 * Whether the transcoded routes are added to springdoc's OpenAPI document, when
		 * springdoc is present.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
