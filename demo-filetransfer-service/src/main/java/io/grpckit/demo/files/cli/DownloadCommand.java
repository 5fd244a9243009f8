package io.grpckit.demo.files.cli;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.concurrent.Callable;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpckit.demo.files.proto.DownloadRequest;
import io.grpckit.demo.files.proto.FileChunk;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code download <name> <local-file>}: bytes go to a hidden {@code .<file>.part} next to the
 * target; an interrupted download continues from the part's length (also in a later run), and
 * the part is renamed to the target only when its SHA-256 matches the server's.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
		description = "Download a file, resuming after interruptions.")
final class DownloadCommand implements Callable<Integer> {

	@Mixin
	Connection connection;

	@Parameters(index = "0", paramLabel = "NAME", description = "Name on the server.")
	String name;

	@Parameters(index = "1", paramLabel = "LOCAL-FILE", description = "Where to write the file.")
	Path local;

	@Option(names = "--retries", defaultValue = "20", description = "Attempts without progress before giving up.")
	int retries;

	@Override
	public Integer call() throws Exception {
		Path target = this.local.toAbsolutePath();
		Path part = target.resolveSibling("." + target.getFileName() + ".part");
		try (Connection connection = this.connection) {
			FileInfo info = connection.blocking().stat(FileRef.newBuilder().setName(this.name).build());
			try (Progress progress = Progress.start("download " + this.name, info.getSize());
					FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
							StandardOpenOption.READ)) {
				Backoff backoff = new Backoff(this.retries, progress::message);
				long offset = Math.min(out.size(), info.getSize());
				while (true) {
					try {
						offset = fetch(out, offset, progress, backoff);
						break;
					}
					catch (StatusRuntimeException ex) {
						offset = out.size();
						backoff.retryOrThrow(ex);
					}
				}
				out.force(true);
				String actual = UploadCommand.sha256(out, out.size());
				if (out.size() != info.getSize() || !actual.equals(info.getSha256())) {
					Files.delete(part);
					throw Status.DATA_LOSS.withDescription("sha256: " + actual + " downloaded (expected: "
							+ info.getSha256() + "); the file changed on the server, run again")
						.asRuntimeException();
				}
			}
			Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			System.out.println(FileTransferCli.describe(info));
		}
		return 0;
	}

	private long fetch(FileChannel out, long offset, Progress progress, Backoff backoff) throws Exception {
		out.truncate(offset);
		progress.at(offset);
		// a cancellable context, so an early exit from the loop also ends the call
		try (Context.CancellableContext context = Context.current().withCancellation()) {
			return context.call(() -> {
				long position = offset;
				Iterator<FileChunk> chunks = this.connection.blocking()
					.withDeadline(null)
					.download(DownloadRequest.newBuilder().setName(this.name).setOffset(position).build());
				while (chunks.hasNext()) {
					FileChunk chunk = chunks.next();
					if (chunk.getOffset() != position) {
						throw Status.DATA_LOSS.withDescription("chunk at " + chunk.getOffset() + " (expected: "
								+ position + ")").asRuntimeException();
					}
					position += out.write(chunk.getContent().asReadOnlyByteBuffer(), position);
					progress.at(position);
					backoff.progressed();
				}
				return position;
			});
		}
	}

}
