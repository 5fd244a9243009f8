package io.grpckit.demo.files.storage;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param files the files, sorted by the UTF-8 bytes of their names
 * @param nextPageToken the token for the next page, empty when no more files follow
 */
public record FilePage(List<StoredFile> files, String nextPageToken) {
}
