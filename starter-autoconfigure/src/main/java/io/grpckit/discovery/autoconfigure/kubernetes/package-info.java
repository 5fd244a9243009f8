/**
 * Auto-configuration of the {@code kubernetes:///} resolver and its client settings from
 * {@code grpckit.discovery.kubernetes.*}.
 */
@NullMarked
package io.grpckit.discovery.autoconfigure.kubernetes;

import org.jspecify.annotations.NullMarked;
