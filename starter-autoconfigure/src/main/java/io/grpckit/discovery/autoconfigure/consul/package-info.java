/**
 * Auto-configuration of Consul discovery: registration, the {@code consul:///} resolver
 * and the connection details from {@code grpckit.discovery.consul.*}.
 */
@NullMarked
package io.grpckit.discovery.autoconfigure.consul;

import org.jspecify.annotations.NullMarked;
