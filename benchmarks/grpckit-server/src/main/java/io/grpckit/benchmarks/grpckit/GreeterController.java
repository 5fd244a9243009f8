package io.grpckit.benchmarks.grpckit;

import io.grpckit.benchmarks.services.MinimalGreeter;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of the HTTP benchmark: SayHello's answer as a hand-written Spring MVC
 * controller, the same greeting and the same JSON as the transcoded route
 * {@code GET /v1/greeter/hello/{name}} ({@code {"message":"Hello, <name>!","index":0}}),
 * with no gRPC in between.
 */
@RestController
class GreeterController {

	@GetMapping("/controller/greeter/hello/{name}")
	Greeting hello(@PathVariable String name) {
		return new Greeting(MinimalGreeter.greeting(name), 0);
	}

	/**
	 * SayHello's reply as the transcoded route writes it (grpc-gateway's default emits the
	 * unpopulated {@code index}).
	 * @param message the greeting
	 * @param index always 0, as SayHello's
	 */
	record Greeting(String message, int index) {
	}

}
