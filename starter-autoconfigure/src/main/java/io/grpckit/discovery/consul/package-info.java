/**
 * Registration in and resolution through Consul, through the agent's HTTP API.
 */
@NullMarked
package io.grpckit.discovery.consul;

import org.jspecify.annotations.NullMarked;
