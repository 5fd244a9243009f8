package io.grpckit.demo.files.storage;

/**
 * A storage operation refused or failed for a reason the caller can act on. The {@link Kind}
 * tells the transport layer which status to report; the message is safe to show to clients.
 */
public final class StorageException extends RuntimeException {

	/**
	 * Why the operation failed.
	 */
	public enum Kind {

		/** The request itself is malformed (bad name, bad token, bad digest text). */
		INVALID,

		/** The named file does not exist (or is a directory). */
		NOT_FOUND,

		/** The file system is not in a state that allows the operation. */
		PRECONDITION,

		/** A concurrent operation on the same name got in the way. */
		ABORTED,

		/** The received bytes do not match the declared size or digest. */
		DATA_LOSS,

		/** A size limit was passed. */
		TOO_LARGE,

		/** An offset lies outside the file. */
		OUT_OF_RANGE

	}

	private final Kind kind;

	public StorageException(Kind kind, String message) {
		super(message, null, false, false);
		this.kind = kind;
	}

	/**
	 * Return why the operation failed.
	 * @return the kind of failure
	 */
	public Kind kind() {
		return this.kind;
	}

	static StorageException invalid(String message) {
		return new StorageException(Kind.INVALID, message);
	}

	static StorageException notFound(FileName name) {
		return new StorageException(Kind.NOT_FOUND, "name: '" + name + "' (no such file)");
	}

}
