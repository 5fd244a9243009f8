/**
 * The machinery behind {@code @GrpcClient} injection and the base of grpckit's name
 * resolver providers. Public only because Java needs it across packages; not API, may
 * change without notice.
 */
@NullMarked
package io.grpckit.client.internal;

import org.jspecify.annotations.NullMarked;
