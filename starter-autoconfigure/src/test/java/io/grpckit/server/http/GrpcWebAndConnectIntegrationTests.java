package io.grpckit.server.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.grpckit.test.proto.EchoReply;
import io.grpckit.test.proto.EchoRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Nested;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC-Web and Connect over the application's real HTTP port, as curl or a browser sends
 * them (raw HTTP/1.1 with the JDK client), on Spring MVC and on WebFlux.
 */
class GrpcWebAndConnectIntegrationTests {

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class OnSpringMvc extends Cases {

		OnSpringMvc() {
			super(WebApplicationType.SERVLET);
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class OnWebFlux extends Cases {

		OnWebFlux() {
			super(WebApplicationType.REACTIVE);
		}

	}

	abstract static class Cases {

		private final WebApplicationType type;

		private ConfigurableApplicationContext context;

		Cases(WebApplicationType type) {
			this.type = type;
		}

		@BeforeAll
		void start() {
			this.context = HttpApplications.start(this.type);
		}

		@AfterAll
		void stop() {
			this.context.close();
		}

		@Test
		void connectUnaryJson() throws Exception {
			HttpResponse<String> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/Unary")
						.header("content-type", "application/json")
						.header("connect-protocol-version", "1")
						.header("x-request-id", "req-connect-1")
						.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
			assertThat(response.headers().firstValue("x-request-id")).hasValue("req-connect-1");
			assertThat(response.body()).contains("\"text\":").contains("hello");
		}

		@Test
		void connectUnaryErrorHasTheHttpStatusOfItsCode() throws Exception {
			HttpResponse<String> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/Unary")
						.header("content-type", "application/json")
						.header("x-request-id", "req-connect-error")
						.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"status:invalid\"}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":\"text: invalid\"}");
			assertThat(response.headers().firstValue("x-request-id")).hasValue("req-connect-error");
		}

		@Test
		void connectUnaryMalformedJsonIsInvalidArgument() throws Exception {
			HttpResponse<String> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/Unary")
						.header("content-type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"text\":"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("\"code\":\"invalid_argument\"");
		}

		@Test
		void connectUnaryProto() throws Exception {
			HttpResponse<byte[]> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/Unary")
						.header("content-type", "application/proto")
						.POST(HttpRequest.BodyPublishers
							.ofByteArray(EchoRequest.newBuilder().setText("binary").build().toByteArray()))
						.build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(EchoReply.parseFrom(response.body()).getText()).isEqualTo("binary");
		}

		@Test
		void connectServerStream() throws Exception {
			byte[] request = frame(0, "{\"text\":\"s\",\"count\":3}".getBytes(StandardCharsets.UTF_8));
			HttpResponse<byte[]> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/ServerStream")
						.header("content-type", "application/connect+json")
						.header("connect-protocol-version", "1")
						.POST(HttpRequest.BodyPublishers.ofByteArray(request))
						.build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			List<Envelopes.Envelope> frames = Envelopes.read(response.body());
			assertThat(frames).hasSize(4);
			assertThat(frames.subList(0, 3)).allSatisfy((frame) -> assertThat(frame.flags()).isZero());
			assertThat(frames.get(3).flags()).isEqualTo(2);
			assertThat(new String(frames.get(3).payload(), StandardCharsets.UTF_8)).doesNotContain("error");
		}

		@Test
		void grpcWebUnary() throws Exception {
			byte[] request = frame(0, EchoRequest.newBuilder().setText("web").build().toByteArray());
			HttpResponse<byte[]> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/Unary")
						.header("content-type", "application/grpc-web+proto")
						.header("x-grpc-web", "1")
						.POST(HttpRequest.BodyPublishers.ofByteArray(request))
						.build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			List<Envelopes.Envelope> frames = Envelopes.read(response.body());
			assertThat(frames).hasSize(2);
			assertThat(EchoReply.parseFrom(frames.get(0).payload()).getText()).isEqualTo("web");
			assertThat(frames.get(1).flags()).isEqualTo(0x80);
			assertThat(new String(frames.get(1).payload(), StandardCharsets.US_ASCII)).contains("grpc-status:0");
		}

		@Test
		void grpcWebTextServerStreamAndError() throws Exception {
			byte[] request = Base64.getEncoder()
				.encode(frame(0, EchoRequest.newBuilder().setText("t").setCount(2).build().toByteArray()));
			HttpResponse<byte[]> response = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/ServerStream")
						.header("content-type", "application/grpc-web-text")
						.POST(HttpRequest.BodyPublishers.ofByteArray(request))
						.build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			List<Envelopes.Envelope> frames = Envelopes.read(decodeBlocks(response.body()));
			assertThat(frames).hasSize(3);
			assertThat(new String(frames.get(2).payload(), StandardCharsets.US_ASCII)).contains("grpc-status:0");

			byte[] invalid = frame(0, EchoRequest.newBuilder().setText("status:invalid").build().toByteArray());
			HttpResponse<byte[]> failed = HttpApplications.http.send(
					HttpApplications.request(this.context, "/grpckit.test.Echo/Unary")
						.header("content-type", "application/grpc-web")
						.POST(HttpRequest.BodyPublishers.ofByteArray(invalid))
						.build(),
					HttpResponse.BodyHandlers.ofByteArray());
			List<Envelopes.Envelope> trailers = Envelopes.read(failed.body());
			assertThat(trailers).hasSize(1);
			assertThat(new String(trailers.get(0).payload(), StandardCharsets.US_ASCII)).contains("grpc-status:3");
		}

		private static byte[] frame(int flags, byte[] payload) {
			return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
		}

		private static byte[] decodeBlocks(byte[] text) {
			// each frame is its own base64 block
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			String all = new String(text, StandardCharsets.US_ASCII);
			List<String> blocks = new ArrayList<>();
			int start = 0;
			for (int i = 0; i < all.length(); i++) {
				boolean blockEnd = all.charAt(i) == '=' && (i + 1 == all.length() || all.charAt(i + 1) != '=');
				if (blockEnd) {
					blocks.add(all.substring(start, i + 1));
					start = i + 1;
				}
			}
			if (start < all.length()) {
				blocks.add(all.substring(start));
			}
			blocks.forEach((block) -> out.writeBytes(Base64.getDecoder().decode(block)));
			return out.toByteArray();
		}

	}

}
