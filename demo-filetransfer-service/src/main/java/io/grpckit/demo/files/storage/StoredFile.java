package io.grpckit.demo.files.storage;

/**
 * A complete file in the store.
 *
 * @param name the file's name
 * @param size its size in bytes
 * @param sha256 the lowercase hex SHA-256 digest of its bytes
 * @param modifiedMillis its last modification time in milliseconds since the epoch
 */
public record StoredFile(String name, long size, String sha256, long modifiedMillis) {
}
