/**
 * Auto-configuration shared by the discovery backends: the registration lifecycle, the
 * {@code discovery:///} resolver, registration metrics and the address an instance
 * registers.
 */
@NullMarked
package io.grpckit.discovery.autoconfigure;

import org.jspecify.annotations.NullMarked;
