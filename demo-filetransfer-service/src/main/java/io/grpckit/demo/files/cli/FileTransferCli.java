package io.grpckit.demo.files.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.grpc.StatusRuntimeException;
import io.grpckit.demo.files.proto.FileInfo;
import io.grpckit.demo.files.proto.FileRef;
import io.grpckit.demo.files.proto.ListReply;
import io.grpckit.demo.files.proto.ListRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The demo's command-line client: {@code upload}, {@code download}, {@code ls}, {@code stat}
 * and {@code rm}, each with {@code --target=host:port}. A failed call exits with status 1 and
 * prints its gRPC status.
 */
@Command(name = "filetransfer", mixinStandardHelpOptions = true,
		description = "Client for the grpckit file-transfer demo server.",
		subcommands = { UploadCommand.class, DownloadCommand.class, FileTransferCli.ListCommand.class,
				FileTransferCli.StatCommand.class, FileTransferCli.RemoveCommand.class })
public final class FileTransferCli {

	private static final Set<String> COMMANDS = Set.of("upload", "download", "ls", "stat", "rm");

	/**
	 * Return whether the arguments ask for a client command rather than the server.
	 * @param args the command-line arguments
	 * @return whether to run the CLI
	 */
	public static boolean isCommand(String... args) {
		return args.length > 0 && COMMANDS.contains(args[0]);
	}

	/**
	 * Run a command.
	 * @param args the command-line arguments
	 * @return the exit status
	 */
	public static int run(String... args) {
		CommandLine commandLine = new CommandLine(new FileTransferCli());
		commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> {
			PrintWriter err = line.getErr();
			if (ex instanceof StatusRuntimeException status) {
				err.println("failed: " + status.getStatus().getCode() + ": " + status.getStatus().getDescription());
			}
			else {
				err.println("failed: " + ex);
			}
			return 1;
		});
		return commandLine.execute(args);
	}

	static String describe(FileInfo file) {
		return String.format("%12d  %tFT%<tT  %s  %s", file.getSize(), file.getModifiedUnixMs(), file.getSha256(),
				file.getName());
	}

	@Command(name = "ls", mixinStandardHelpOptions = true,
			description = "List files whose names start with a prefix.")
	static final class ListCommand implements Callable<Integer> {

		@Mixin
		Connection connection;

		@Parameters(index = "0", defaultValue = "", arity = "0..1", paramLabel = "PREFIX")
		String prefix;

		@Override
		public Integer call() throws Exception {
			try (Connection connection = this.connection) {
				String token = "";
				do {
					ListReply reply = connection.blocking()
						.list(ListRequest.newBuilder().setPrefix(this.prefix).setPageToken(token).build());
					reply.getFilesList().forEach((file) -> System.out.println(describe(file)));
					token = reply.getNextPageToken();
				}
				while (!token.isEmpty());
			}
			return 0;
		}

	}

	@Command(name = "stat", mixinStandardHelpOptions = true,
			description = "Show a file's size, modification time and SHA-256.")
	static final class StatCommand implements Callable<Integer> {

		@Mixin
		Connection connection;

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		@Override
		public Integer call() throws Exception {
			try (Connection connection = this.connection) {
				System.out.println(describe(connection.blocking().stat(FileRef.newBuilder().setName(this.name).build())));
			}
			return 0;
		}

	}

	@Command(name = "rm", mixinStandardHelpOptions = true,
			description = "Delete a file.")
	static final class RemoveCommand implements Callable<Integer> {

		@Mixin
		Connection connection;

		@Parameters(arity = "1..*", paramLabel = "NAME")
		List<String> names;

		@Override
		public Integer call() throws Exception {
			try (Connection connection = this.connection) {
				for (String name : this.names) {
					connection.blocking().delete(FileRef.newBuilder().setName(name).build());
					System.out.println("deleted " + name);
				}
			}
			return 0;
		}

	}

}
