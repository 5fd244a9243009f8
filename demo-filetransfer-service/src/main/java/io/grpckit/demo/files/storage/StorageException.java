package io.grpckit.demo.files.storage;

import java.util.Map;

/**
 * A storage operation refused or failed for a reason the caller can act on. The {@link Kind}
 * tells the transport layer which status to report; the message is safe to show to clients.
 * The {@link #reason()} and {@link #metadata()} say the same for programs: which limit was
 * passed (TOO_LARGE), which concurrent change got in the way (ABORTED).
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

	/** Reason of ABORTED: another session of the name is running. */
	public static final String UPLOAD_IN_PROGRESS = "UPLOAD_IN_PROGRESS";

	/** Reason of ABORTED: the directories of the name changed while it was being stored. */
	public static final String DIRECTORIES_CHANGED = "DIRECTORIES_CHANGED";

	/** Reason of ABORTED: the file changed outside the store while it was being read. */
	public static final String FILE_CHANGED = "FILE_CHANGED";

	private final Kind kind;

	private final String reason;

	private final Map<String, String> metadata;

	public StorageException(Kind kind, String message) {
		this(kind, kind.name(), Map.of(), message);
	}

	private StorageException(Kind kind, String reason, Map<String, String> metadata, String message) {
		super(message, null, false, false);
		this.kind = kind;
		this.reason = reason;
		this.metadata = Map.copyOf(metadata);
	}

	/**
	 * A concurrent operation got in the way.
	 * @param reason what happened, in UPPER_SNAKE_CASE, such as {@link #UPLOAD_IN_PROGRESS}
	 * @param name the name concerned
	 * @param message the message for clients
	 * @return the exception, of kind ABORTED
	 */
	public static StorageException aborted(String reason, String name, String message) {
		return new StorageException(Kind.ABORTED, reason, Map.of("name", name), message);
	}

	/**
	 * A limit was passed.
	 * @param limit which limit: the property that sets it, or what it bounds
	 * @param message the message for clients
	 * @return the exception, of kind TOO_LARGE
	 */
	public static StorageException tooLarge(String limit, String message) {
		return new StorageException(Kind.TOO_LARGE, limit, Map.of(), message);
	}

	/**
	 * Return why the operation failed.
	 * @return the kind of failure
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Return why the operation failed, for programs: the limit passed (TOO_LARGE), what got in
	 * the way (ABORTED), else the kind's name.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Return what the reason concerns, such as the {@code name} of an ABORTED operation.
	 * @return the metadata, possibly empty
	 */
	public Map<String, String> metadata() {
		return this.metadata;
	}

	static StorageException invalid(String message) {
		return new StorageException(Kind.INVALID, message);
	}

	static StorageException notFound(FileName name) {
		return new StorageException(Kind.NOT_FOUND, "name: '" + name + "' (no such file)");
	}

}
