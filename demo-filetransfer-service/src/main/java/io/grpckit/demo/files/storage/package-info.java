/**
 * Files under one storage root: validated names, atomic uploads, resumable uploads,
 * immutable downloads and paged listings. Knows nothing of gRPC.
 */
@NullMarked
package io.grpckit.demo.files.storage;

import org.jspecify.annotations.NullMarked;
