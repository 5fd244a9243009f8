package io.grpckit.demo.files;

import io.grpckit.demo.files.cli.FileTransferCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The file-transfer demo: a gRPC server for {@code filetransfer.FileTransfer} built with grpckit,
 * or, when the first argument is a command ({@code upload}, {@code download}, {@code ls},
 * {@code stat}, {@code rm}), its command-line client.
 */
@SpringBootApplication
public class FileTransferApplication {

	public static void main(String[] args) {
		if (FileTransferCli.isCommand(args)) {
			// java -jar <jar> upload|download|ls|stat|rm ...: the client, no server
			System.exit(FileTransferCli.run(args));
		}
		SpringApplication.run(FileTransferApplication.class, args);
	}

}
