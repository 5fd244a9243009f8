/**
 * The bridge to Spring Cloud: {@code spring-cloud:///<service-id>} resolved through any
 * {@code DiscoveryClient}, and the gRPC port added to a Spring Cloud {@code Registration}.
 */
@NullMarked
package io.grpckit.discovery.cloud;

import org.jspecify.annotations.NullMarked;
