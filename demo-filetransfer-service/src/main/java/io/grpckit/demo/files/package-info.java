/**
 * The file-transfer demo: the {@code filetransfer.FileTransfer} service, gRPC glue over
 * the file store.
 */
@NullMarked
package io.grpckit.demo.files;

import org.jspecify.annotations.NullMarked;
