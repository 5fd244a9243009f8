package io.grpckit.test.slice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the {@code @GrpcTest} slice tests cut a slice of: two gRPC services, an
 * advice, and a component that is not gRPC.
 */
@SpringBootApplication
public class SliceApplication {

}
