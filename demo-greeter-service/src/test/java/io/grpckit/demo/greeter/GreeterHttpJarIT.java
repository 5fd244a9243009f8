package io.grpckit.demo.greeter;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.grpckit.demo.greeter.proto.HelloReply;
import io.grpckit.demo.greeter.proto.HelloRequest;
import io.grpckit.test.ApplicationProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo's HTTP side, as curl or a browser calls it on the HTTP port with no proxy:
 * the JSON routes of greeter.proto's {@code google.api.http} options (grpc-gateway's JSON:
 * lowerCamelCase names, unpopulated fields written), Connect and gRPC-Web at
 * {@code /helloworld.Greeter/<Method>}, and the page at {@code /}. Runs in {@code verify}
 * (failsafe), after the jar is built.
 */
class GreeterHttpJarIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ApplicationProcess application;

	private static String base;

	@BeforeAll
	static void startJar() throws Exception {
		int httpPort = ApplicationProcess.freePort();
		application = ApplicationProcess.startJar(ApplicationProcess.packagedJar("demo-greeter-service"),
				Files.createTempFile("greeter-http", ".log"), List.of(), "--grpckit.server.port=0",
				"--server.port=" + httpPort);
		application.grpcPort(Duration.ofSeconds(60));
		base = "http://127.0.0.1:" + httpPort;
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> send(get("/actuator/health/readiness")).statusCode() == 200);
	}

	@AfterAll
	static void stopJar() throws Exception {
		if (application != null) {
			application.close();
		}
	}

	@Test
	void getHelloWithNameInThePathAndDelayInTheQuery() throws Exception {
		HttpResponse<String> response = send(get("/v1/greeter/hello/Ada%20Lovelace?delay_ms=10"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JSONAssert.assertEquals("{\"message\": \"Hello, Ada Lovelace!\", \"index\": 0}", response.body(),
				JSONCompareMode.STRICT);
	}

	@Test
	void postHelloWithTheRequestAsBody() throws Exception {
		HttpResponse<String> response = send(request("/v1/greeter/hello").header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada\", \"delayMs\": \"10\"}")));
		assertThat(response.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals("{\"message\": \"Hello, Ada!\", \"index\": 0}", response.body(),
				JSONCompareMode.STRICT);
	}

	@Test
	void requestIdIsEchoed() throws Exception {
		HttpResponse<String> response = send(request("/v1/greeter/hello/Ada").header("x-request-id", "jar-http-1"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("x-request-id")).hasValue("jar-http-1");
	}

	@Test
	void invalidNameIsBadRequestWithTheStatusAsJson() throws Exception {
		HttpResponse<String> response = send(get("/v1/greeter/hello/%20"));
		assertThat(response.statusCode()).isEqualTo(400);
		JSONAssert.assertEquals("{\"code\": 3, \"message\": \"name: must not be blank\", \"details\": ["
				+ "{\"@type\": \"type.googleapis.com/google.rpc.BadRequest\", \"fieldViolations\": "
				+ "[{\"field\": \"name\", \"description\": \"must not be blank\", \"reason\": \"BLANK\"}]}]}",
				response.body(), JSONCompareMode.STRICT);

		HttpResponse<String> delay = send(get("/v1/greeter/hello/Ada?delay_ms=60001"));
		assertThat(delay.statusCode()).isEqualTo(400);
		JSONAssert.assertEquals(
				"{\"code\": 3, \"message\": \"delay_ms: 60001 (expected: 0..60000)\", \"details\": ["
						+ "{\"@type\": \"type.googleapis.com/google.rpc.BadRequest\", \"fieldViolations\": "
						+ "[{\"field\": \"delay_ms\", \"description\": \"must be in 0..60000\", "
						+ "\"reason\": \"OUT_OF_RANGE\"}]}]}",
				delay.body(), JSONCompareMode.STRICT);
	}

	@Test
	void streamAsNewlineDelimitedJson() throws Exception {
		HttpResponse<String> response = send(get("/v1/greeter/hello/Ada/stream?count=3"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/x-ndjson"));
		List<String> lines = Arrays.stream(response.body().split("\n")).filter((line) -> !line.isBlank()).toList();
		assertThat(lines).hasSize(3);
		for (int i = 0; i < 3; i++) {
			JSONAssert.assertEquals("{\"message\": \"Hello, Ada!\", \"index\": " + (i + 1) + "}", lines.get(i),
					JSONCompareMode.STRICT);
		}
	}

	@Test
	void streamAsServerSentEvents() throws Exception {
		HttpResponse<String> response = send(
				request("/v1/greeter/hello/Ada/stream?count=2").header("accept", "text/event-stream"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<String> data = response.body()
			.lines()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring("data:".length()).trim())
			.toList();
		assertThat(data).hasSize(2);
		JSONAssert.assertEquals("{\"message\": \"Hello, Ada!\", \"index\": 2}", data.get(1), JSONCompareMode.STRICT);
	}

	@Test
	void connectUnaryJson() throws Exception {
		HttpResponse<String> response = send(request("/helloworld.Greeter/SayHello")
			.header("content-type", "application/json")
			.header("connect-protocol-version", "1")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada\"}")));
		assertThat(response.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals("{\"message\": \"Hello, Ada!\", \"index\": 0}", response.body(),
				JSONCompareMode.STRICT);

		HttpResponse<String> invalid = send(request("/helloworld.Greeter/SayHello")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"\"}")));
		assertThat(invalid.statusCode()).isEqualTo(400);
		JSONAssert.assertEquals("{\"code\": \"invalid_argument\", \"message\": \"name: must not be blank\"}",
				invalid.body(), JSONCompareMode.LENIENT);
	}

	@Test
	void connectServerStream() throws Exception {
		HttpResponse<byte[]> response = http.send(request("/helloworld.Greeter/SayHelloStream")
			.header("content-type", "application/connect+json")
			.POST(HttpRequest.BodyPublishers
				.ofByteArray(frame(0, "{\"name\": \"Ada\", \"count\": 2}".getBytes(StandardCharsets.UTF_8))))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		List<Frame> frames = frames(response.body());
		assertThat(frames).extracting(Frame::flags).containsExactly(0, 0, 2);
		JSONAssert.assertEquals("{\"message\": \"Hello, Ada!\", \"index\": 1}", frames.get(0).text(),
				JSONCompareMode.STRICT);
		assertThat(frames.get(2).text()).doesNotContain("error");
	}

	@Test
	void grpcWebUnary() throws Exception {
		byte[] request = frame(0, HelloRequest.newBuilder().setName("Ada").build().toByteArray());
		HttpResponse<byte[]> response = http.send(request("/helloworld.Greeter/SayHello")
			.header("content-type", "application/grpc-web+proto")
			.header("x-grpc-web", "1")
			.POST(HttpRequest.BodyPublishers.ofByteArray(request))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		List<Frame> frames = frames(response.body());
		assertThat(frames).extracting(Frame::flags).containsExactly(0, 0x80);
		assertThat(HelloReply.parseFrom(frames.get(0).payload()).getMessage()).isEqualTo("Hello, Ada!");
		assertThat(frames.get(1).text()).contains("grpc-status:0");
	}

	@Test
	void thePageIsServedAtTheRoot() throws Exception {
		HttpResponse<String> page = send(get("/"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<script type=\"module\" src=\"greeter.js\"></script>");
		HttpResponse<String> script = send(get("/greeter.js"));
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("javascript"));
	}

	@Test
	void openApiListsTheRoutesWithTheirSchemas() throws Exception {
		HttpResponse<String> response = send(get("/v3/api-docs"));
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext api = JsonPath.parse(response.body());
		String hello = "$.paths['/v1/greeter/hello/{name}'].get";
		assertThat(api.read(hello + ".operationId", String.class)).isEqualTo("Greeter_SayHello");
		List<String> parameters = api.read(hello + ".parameters[*].name");
		assertThat(parameters).contains("name", "count", "delayMs");
		assertThat(api.read(hello + ".responses['200'].content['application/json'].schema['$ref']", String.class))
			.isEqualTo("#/components/schemas/helloworld.HelloReply");
		assertThat(api.read("$.paths['/v1/greeter/hello'].post.requestBody.content['application/json'].schema['$ref']",
				String.class))
			.isEqualTo("#/components/schemas/helloworld.HelloRequest");
		Map<String, Object> stream = api.read("$.paths['/v1/greeter/hello/{name}/stream'].get.responses['200'].content");
		assertThat(stream).containsKeys("application/x-ndjson", "text/event-stream");
		// proto3 JSON: a 64-bit integer is a string
		Map<String, Object> delay = api.read("$.components.schemas['helloworld.HelloRequest'].properties.delayMs");
		assertThat(delay).containsEntry("type", "string").containsEntry("format", "int64");
		// client and bidi streaming have no routes
		assertThat(response.body()).doesNotContain("SayHelloToAll").doesNotContain("Greeter_Chat");
		assertThat(send(get("/swagger-ui/index.html")).statusCode()).isEqualTo(200);
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
	}

	private static HttpRequest.Builder get(String path) {
		return request(path).GET();
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A length-prefixed message, as gRPC-Web and Connect's streams frame them. */
	private static byte[] frame(int flags, byte[] payload) {
		return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
	}

	private static List<Frame> frames(byte[] body) throws IOException {
		List<Frame> frames = new ArrayList<>();
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
		while (in.available() > 0) {
			int flags = in.readUnsignedByte();
			byte[] payload = new byte[in.readInt()];
			in.readFully(payload);
			frames.add(new Frame(flags, payload));
		}
		return frames;
	}

	private record Frame(int flags, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
