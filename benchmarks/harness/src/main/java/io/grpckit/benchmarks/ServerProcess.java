package io.grpckit.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpckit.benchmarks.load.ProcessStats;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileTransferGrpc;
import io.grpckit.demo.greeter.proto.GreeterGrpc;
import io.grpckit.demo.greeter.proto.HelloRequest;

/**
 * A server JVM under test: launched, timed from launch to its first successful call, stopped.
 */
final class ServerProcess implements AutoCloseable {

	enum Kind {

		/** Ready when SayHello succeeds. */
		GREETER,

		/** Ready when FileTransfer answers (a download of a missing file: NOT_FOUND). */
		FILES

	}

	private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);

	private final Process process;

	final int port;

	/** Milliseconds from launch to the first successful call. */
	final double startupMillis;

	/** Resident memory right after the first successful call. */
	final long readyRssKib;

	/**
	 * CPU time (all threads, user and system) the server used up to its first successful call:
	 * steadier than wall time on a busy machine, and what start-up costs on few cores.
	 */
	final long readyCpuNanos;

	private ServerProcess(Process process, int port, double startupMillis, long readyRssKib, long readyCpuNanos) {
		this.process = process;
		this.port = port;
		this.startupMillis = startupMillis;
		this.readyRssKib = readyRssKib;
		this.readyCpuNanos = readyCpuNanos;
	}

	static ServerProcess start(Path java, List<String> jvmOptions, Target.Command command, Path dataDirectory,
			Kind kind, Path log) throws IOException {
		int port = freePort();
		List<String> commandLine = new ArrayList<>();
		commandLine.add(java.toString());
		commandLine.addAll(jvmOptions);
		commandLine.addAll(command.arguments(port, dataDirectory));
		ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		long launched = System.nanoTime();
		Process process = builder.start();
		try {
			awaitFirstCall(process, port, kind, launched, log);
		}
		catch (IOException | RuntimeException ex) {
			process.destroyForcibly();
			throw ex;
		}
		double startupMillis = (System.nanoTime() - launched) / 1e6;
		return new ServerProcess(process, port, startupMillis, ProcessStats.rssKib(process.pid()),
				ProcessStats.cpuNanos(process.pid()));
	}

	long pid() {
		return this.process.pid();
	}

	long peakRssKib() {
		return ProcessStats.peakRssKib(this.process.pid());
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Polls the TCP port (cheap, so the probe takes little CPU from the starting server), then
	 * makes calls until one succeeds.
	 */
	static void awaitFirstCall(Process process, int port, Kind kind, long launched, Path log) throws IOException {
		while (!accepts(port)) {
			checkAlive(process, launched, log);
			pause();
		}
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			while (!call(channel, kind)) {
				checkAlive(process, launched, log);
				pause();
			}
		}
		finally {
			channel.shutdownNow();
		}
	}

	static boolean call(ManagedChannel channel, Kind kind) {
		try {
			if (kind == Kind.GREETER) {
				GreeterGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.sayHello(HelloRequest.newBuilder().setName("startup").build());
			}
			else {
				FileTransferGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.download(DownloadRequest.newBuilder().setName("no-such-file").build())
					.hasNext();
			}
			return true;
		}
		catch (StatusRuntimeException ex) {
			return kind == Kind.FILES && ex.getStatus().getCode() == Status.Code.NOT_FOUND;
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void checkAlive(Process process, long launched, Path log) {
		if (!process.isAlive()) {
			throw new IllegalStateException("server exited with " + process.exitValue() + ", see " + log);
		}
		if (System.nanoTime() - launched > START_TIMEOUT_NANOS) {
			throw new IllegalStateException("server not ready after 180 s, see " + log);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
