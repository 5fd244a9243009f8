/**
 * The shared bearer token of the file-transfer demo's {@code secure} profile, plugged
 * into grpckit's server security.
 */
@NullMarked
package io.grpckit.demo.files.security;

import org.jspecify.annotations.NullMarked;
