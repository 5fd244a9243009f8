package io.grpckit.demo.files;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.grpckit.test.ApplicationProcess;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo's HTTP side on its HTTP port: the JSON routes of filetransfer.proto's
 * {@code google.api.http} options (List, Stat, Delete; grpc-gateway's JSON: lowerCamelCase
 * names, unpopulated fields written, 64-bit integers as strings) and Connect at
 * {@code /filetransfer.FileTransfer/<Method>}. Runs in {@code verify} (failsafe), after the jar
 * is built.
 */
class FileTransferHttpJarIT {

	// 2026-01-01T00:00:00Z: every file's modification time, so the answers are exact
	private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path root;

	private static ApplicationProcess application;

	private static String base;

	@BeforeAll
	static void startJar() throws Exception {
		// the store is a directory: files put there are served as uploaded ones are
		write("notes.txt", "hello");
		write("reports/2026/q1.txt", "first");
		write("reports/2026/q2.txt", "second");
		int httpPort = ApplicationProcess.freePort();
		application = ApplicationProcess.startJar(ServerProcess.jar(), Files.createTempFile("files-http", ".log"),
				List.of(), "--grpckit.server.port=0", "--server.port=" + httpPort, "--grpckit.demo.files.root=" + root);
		application.grpcPort(Duration.ofSeconds(60));
		base = "http://127.0.0.1:" + httpPort;
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> send(request("/actuator/health/readiness")).statusCode() == 200);
	}

	@AfterAll
	static void stopJar() throws Exception {
		if (application != null) {
			application.close();
		}
	}

	@Test
	void listEverything() throws Exception {
		HttpResponse<String> response = send(request("/v1/files"));
		assertThat(response.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals("{\"files\": [" + info("notes.txt", "hello") + ", " + info("reports/2026/q1.txt", "first")
				+ ", " + info("reports/2026/q2.txt", "second") + "], \"nextPageToken\": \"\"}", response.body(),
				JSONCompareMode.STRICT);
	}

	@Test
	void listPageByPageWithPrefixPageSizeAndToken() throws Exception {
		HttpResponse<String> first = send(request("/v1/files?prefix=reports/&page_size=1"));
		assertThat(first.statusCode()).isEqualTo(200);
		String token = new JSONObject(first.body()).getString("nextPageToken");
		assertThat(token).isNotEmpty();
		JSONAssert.assertEquals("{\"files\": [" + info("reports/2026/q1.txt", "first") + "]}", first.body(),
				JSONCompareMode.LENIENT);

		HttpResponse<String> second = send(request("/v1/files?prefix=reports/&page_size=1&page_token="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8)));
		assertThat(second.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals("{\"files\": [" + info("reports/2026/q2.txt", "second") + "], \"nextPageToken\": \"\"}",
				second.body(), JSONCompareMode.STRICT);
	}

	@Test
	void statANameWithSlashes() throws Exception {
		HttpResponse<String> response = send(request("/v1/files/reports/2026/q1.txt"));
		assertThat(response.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals(info("reports/2026/q1.txt", "first"), response.body(), JSONCompareMode.STRICT);
	}

	@Test
	void statAMissingFileIsNotFound() throws Exception {
		HttpResponse<String> response = send(request("/v1/files/reports/missing.txt"));
		assertThat(response.statusCode()).isEqualTo(404);
		JSONAssert.assertEquals(
				"{\"code\": 5, \"message\": \"name: 'reports/missing.txt' (no such file)\", \"details\": []}",
				response.body(), JSONCompareMode.STRICT);
	}

	@Test
	void deleteThenItIsGone() throws Exception {
		write("trash/old.txt", "old");
		HttpResponse<String> deleted = send(request("/v1/files/trash/old.txt").DELETE());
		assertThat(deleted.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals("{\"deleted\": true}", deleted.body(), JSONCompareMode.STRICT);
		assertThat(root.resolve("trash/old.txt")).doesNotExist();
		assertThat(send(request("/v1/files/trash/old.txt").DELETE()).statusCode()).isEqualTo(404);
	}

	@Test
	void connectUnaryJson() throws Exception {
		HttpResponse<String> response = send(request("/filetransfer.FileTransfer/Stat")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"notes.txt\"}")));
		assertThat(response.statusCode()).isEqualTo(200);
		JSONAssert.assertEquals(info("notes.txt", "hello"), response.body(), JSONCompareMode.STRICT);
	}

	private static String info(String name, String content) {
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		return "{\"name\": \"" + name + "\", \"size\": \"" + bytes.length + "\", \"sha256\": \""
				+ FileTransferTestSupport.sha256(bytes) + "\", \"modifiedUnixMs\": \"" + MODIFIED.toEpochMilli() + "\"}";
	}

	private static void write(String name, String content) throws IOException {
		Path file = root.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
