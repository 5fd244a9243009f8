package io.grpckit.test.slice;

import org.springframework.stereotype.Component;

/**
 * A component that has nothing to do with gRPC: {@code @GrpcTest} leaves it out.
 */
@Component
class NotGrpcComponent {

}
