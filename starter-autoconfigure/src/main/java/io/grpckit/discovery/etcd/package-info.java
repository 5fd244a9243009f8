/**
 * Registration in and resolution through etcd: leases kept alive, watches that push
 * changes to channels.
 */
@NullMarked
package io.grpckit.discovery.etcd;

import org.jspecify.annotations.NullMarked;
