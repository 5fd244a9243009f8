/**
 * The file-transfer demo's command-line client: upload, download, list, stat and remove,
 * with resumption and retries.
 */
@NullMarked
package io.grpckit.demo.files.cli;

import org.jspecify.annotations.NullMarked;
