/**
 * Auto-configuration of etcd discovery: registration, the {@code etcd:///} resolver and
 * the connection details from {@code grpckit.discovery.etcd.*}.
 */
@NullMarked
package io.grpckit.discovery.autoconfigure.etcd;

import org.jspecify.annotations.NullMarked;
