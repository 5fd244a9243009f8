package io.grpckit.demo.files.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.grpckit.demo.files.storage.StorageException.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ListingTests {

	@TempDir
	Path root;

	private FileStore store;

	private final List<String> names = List.of("b", "a/2", "a/10", "a/1", "ab", "\uFFFD", "\uD83D\uDE00", "B", "a-b");

	@BeforeEach
	void fill() {
		this.store = FileStore.open(this.root, 1024, Duration.ofHours(1), java.time.Clock.systemUTC());
		for (String name : this.names) {
			Upload upload = this.store.startUpload(name, OptionalLong.empty(), "");
			upload.write(java.nio.ByteBuffer.wrap(name.getBytes()));
			upload.commit();
		}
		// unfinished uploads are never listed
		this.store.startUpload("a/unfinished", OptionalLong.empty(), "");
		this.store.startResumable("a/partial", 10, "").close();
	}

	private List<String> all(String prefix, int pageSize) {
		List<String> listed = new ArrayList<>();
		String token = "";
		do {
			FilePage page = this.store.list(prefix, pageSize, token);
			assertThat(page.files()).hasSizeLessThanOrEqualTo(pageSize);
			page.files().forEach((file) -> listed.add(file.name()));
			token = page.nextPageToken();
			if (!token.isEmpty()) {
				assertThat(page.files()).hasSize(pageSize);
			}
		}
		while (!token.isEmpty());
		return listed;
	}

	@Test
	void listsInUtf8ByteOrderAcrossPages() {
		List<String> expected = List.of("B", "a-b", "a/1", "a/10", "a/2", "ab", "b", "\uFFFD", "\uD83D\uDE00");
		for (int pageSize = 1; pageSize <= 10; pageSize++) {
			assertThat(all("", pageSize)).as("page size %d", pageSize).isEqualTo(expected);
		}
	}

	@Test
	void prefixIsAPlainStringPrefix() {
		assertThat(all("a/", 2)).containsExactly("a/1", "a/10", "a/2");
		assertThat(all("a", 100)).containsExactly("a-b", "a/1", "a/10", "a/2", "ab");
		assertThat(all("a/1", 1)).containsExactly("a/1", "a/10");
		assertThat(all("zzz", 5)).isEmpty();
		assertThat(all("../", 5)).isEmpty();
		assertThat(all(".grpckit", 5)).isEmpty();
	}

	@Test
	void nextTokenEmptyExactlyOnLastPage() {
		FilePage full = this.store.list("a/", 3, "");
		assertThat(full.files()).hasSize(3);
		assertThat(full.nextPageToken()).isEmpty();
		FilePage first = this.store.list("a/", 2, "");
		assertThat(first.nextPageToken()).isNotEmpty();
		// any page size goes with a token
		FilePage rest = this.store.list("a/", 50, first.nextPageToken());
		assertThat(rest.files()).extracting(StoredFile::name).containsExactly("a/2");
		assertThat(rest.nextPageToken()).isEmpty();
	}

	@Test
	void tokenOfAnotherPrefixOrMalformedIsInvalid() {
		String token = this.store.list("a", 1, "").nextPageToken();
		assertInvalid("b", token, "another prefix");
		assertInvalid("", token, "another prefix");
		assertInvalid("a", "not base64!", "malformed");
		assertInvalid("a", token.substring(0, 3), "malformed");
		assertInvalid("a", Base64.getUrlEncoder().encodeToString(new byte[] { 9, 0, 0, 0, 0 }), "malformed");
		String badName = Listing.token("a", "a/../x");
		assertInvalid("a", badName, "malformed");
		String outsidePrefix = Listing.token("a", "zz");
		assertInvalid("a", outsidePrefix, "malformed");
	}

	private void assertInvalid(String prefix, String token, String reason) {
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> this.store.list(prefix, 10, token))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.INVALID))
			.withMessageStartingWith("page_token: ")
			.withMessageContaining(reason);
	}

}
