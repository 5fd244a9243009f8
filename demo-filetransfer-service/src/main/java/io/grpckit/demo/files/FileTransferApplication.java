package io.grpckit.demo.files;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The file-transfer demo: a gRPC server for {@code filetransfer.FileTransfer} built with grpckit.
 */
@SpringBootApplication
public class FileTransferApplication {

	public static void main(String[] args) {
		SpringApplication.run(FileTransferApplication.class, args);
	}

}
