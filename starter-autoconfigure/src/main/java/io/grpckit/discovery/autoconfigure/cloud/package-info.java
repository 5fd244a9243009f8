/**
 * Auto-configuration of the Spring Cloud bridge: the {@code spring-cloud:///} resolver over
 * the application's {@code DiscoveryClient} and the gRPC port in its {@code Registration},
 * with settings from {@code grpckit.discovery.cloud.*}.
 */
@NullMarked
package io.grpckit.discovery.autoconfigure.cloud;

import org.jspecify.annotations.NullMarked;
