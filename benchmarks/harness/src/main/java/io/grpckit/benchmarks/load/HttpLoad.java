package io.grpckit.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop HTTP/1.1 GETs of one path: {@code concurrency} keep-alive connections, each
 * with one request in flight, each on its own thread; each response starts the next request.
 * The same client for every HTTP route, so that two routes differ only in the server.
 */
final class HttpLoad {

	private final String host;

	private final int port;

	private final int concurrency;

	HttpLoad(String host, int port, int concurrency) {
		this.host = host;
		this.port = port;
		this.concurrency = concurrency;
	}

	/**
	 * Fetch a path once.
	 * @return the body of a 200 response
	 * @throws IllegalStateException on another status
	 */
	String fetch(String path) throws IOException {
		try (HttpConnection connection = new HttpConnection(this.host, this.port)) {
			HttpConnection.Response response = connection.exchange(HttpConnection.get(this.host, this.port, path), true);
			if (response.status() != 200) {
				throw new IllegalStateException("GET " + path + " answered " + response.status() + ": " + response.body());
			}
			return response.body();
		}
	}

	/**
	 * Load one path: a warm-up, then a measured window.
	 * @param key the prefix of the result keys, e.g. {@code http.transcoded}
	 */
	void run(String key, String path, Duration warmup, Duration duration, long serverPid, Map<String, Double> results)
			throws InterruptedException {
		byte[] request = HttpConnection.get(this.host, this.port, path);
		Loop loop = new Loop(request);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < this.concurrency; i++) {
			Thread thread = new Thread(loop, "http-load-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		Window.sleep(warmup);
		Window window = new Window(serverPid, loop.completed);
		loop.latencies.reset();
		loop.recording = true;
		long errors0 = loop.errors.sum();
		window.open();
		Window.sleep(duration);
		window.close();
		loop.recording = false;
		Histogram histogram = loop.latencies.getIntervalHistogram();
		long errorCount = loop.errors.sum() - errors0;
		loop.running = false;
		for (Thread thread : threads) {
			thread.join(30_000);
		}
		results.put(key + ".rps", window.rate());
		results.put(key + ".p50_ms", histogram.getValueAtPercentile(50) / 1e6);
		results.put(key + ".p99_ms", histogram.getValueAtPercentile(99) / 1e6);
		results.put(key + ".client_cpu_us_per_req", window.clientCpuMicrosPer());
		results.put(key + ".server_cpu_us_per_req", window.serverCpuMicrosPer());
		results.put(key + ".server_sys_share", window.serverSystemShare());
		results.put(key + ".server_switches_per_req", window.serverSwitchesPer());
		results.put(key + ".errors", (double) errorCount);
	}

	private final class Loop implements Runnable {

		private final byte[] request;

		final LongAdder completed = new LongAdder();

		final LongAdder errors = new LongAdder();

		final Recorder latencies = new Recorder(3);

		volatile boolean running = true;

		volatile boolean recording;

		Loop(byte[] request) {
			this.request = request;
		}

		@Override
		public void run() {
			HttpConnection connection = null;
			while (this.running) {
				long start = System.nanoTime();
				try {
					if (connection == null) {
						connection = new HttpConnection(HttpLoad.this.host, HttpLoad.this.port);
					}
					int status = connection.exchange(this.request, false).status();
					if (status != 200) {
						this.errors.increment();
						continue;
					}
					if (this.recording) {
						this.latencies.recordValue(System.nanoTime() - start);
					}
					this.completed.increment();
				}
				catch (IOException | RuntimeException ex) {
					this.errors.increment();
					if (connection != null) {
						connection.close();
						connection = null;
					}
					Window.sleep(Duration.ofMillis(10));
				}
			}
			if (connection != null) {
				connection.close();
			}
		}

	}

}
