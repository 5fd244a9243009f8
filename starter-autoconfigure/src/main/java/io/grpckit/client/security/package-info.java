/**
 * Call credentials of the client: an {@code authorization} header with a bearer token or
 * Basic credentials.
 */
@NullMarked
package io.grpckit.client.security;

import org.jspecify.annotations.NullMarked;
