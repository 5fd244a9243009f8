/**
 * The {@code kubernetes:///} resolver: addresses of a Kubernetes Service's ready endpoints,
 * read from its EndpointSlices through one shared informer per service.
 */
@NullMarked
package io.grpckit.discovery.kubernetes;

import org.jspecify.annotations.NullMarked;
