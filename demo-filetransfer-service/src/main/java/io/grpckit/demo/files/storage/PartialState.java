package io.grpckit.demo.files.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * The small metadata of an unfinished resumable upload, stored next to its data as
 * {@code state}: what is being uploaded and how many bytes of the data file are durable.
 * Written to a temporary file, fsync'ed and renamed, so a crash leaves the old or new state.
 *
 * @param name the file name
 * @param size the declared size
 * @param sha256 the declared digest, empty when none
 * @param committed bytes of the data file that are durable
 * @param updatedMillis when the state was last written, for expiry
 */
record PartialState(String name, long size, String sha256, long committed, long updatedMillis) {

	static final String FILE = "state";

	static @Nullable PartialState read(Path directory) {
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(directory.resolve(FILE))) {
			properties.load(in);
			return new PartialState(properties.getProperty("name"), Long.parseLong(properties.getProperty("size")),
					properties.getProperty("sha256", ""), Long.parseLong(properties.getProperty("committed")),
					Long.parseLong(properties.getProperty("updated")));
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException | RuntimeException ex) {
			// unreadable state (say, an interrupted first write): treat as no state
			return null;
		}
	}

	void write(Path directory) throws IOException {
		Properties properties = new Properties();
		properties.setProperty("name", this.name);
		properties.setProperty("size", Long.toString(this.size));
		properties.setProperty("sha256", this.sha256);
		properties.setProperty("committed", Long.toString(this.committed));
		properties.setProperty("updated", Long.toString(this.updatedMillis));
		Path temp = directory.resolve(FILE + ".tmp");
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			OutputStream out = Channels.newOutputStream(channel);
			properties.store(out, null);
			out.flush();
			channel.force(true);
		}
		Files.move(temp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
		Staging.syncDirectory(directory);
	}

	boolean matches(String name, long size, String sha256) {
		return this.name.equals(name) && this.size == size && this.sha256.equals(sha256);
	}

	PartialState committed(long committed, long updatedMillis) {
		return new PartialState(this.name, this.size, this.sha256, committed, updatedMillis);
	}

}
