package io.grpckit.demo.greeter;

import java.util.List;

import io.grpckit.demo.greeter.proto.HelloReply;

/**
 * The greeting texts of the wire contract.
 */
final class Greetings {

	private Greetings() {
	}

	/** {@code "Hello, <name>!"} with the given index. */
	static HelloReply greet(String name, int index) {
		return reply(greeting(name), index);
	}

	/** {@code "Hello, <name>!"}, for a stream that repeats it. */
	static String greeting(String name) {
		return "Hello, " + name + "!";
	}

	/** A reply with a greeting made by {@link #greeting(String)}. */
	static HelloReply reply(String greeting, int index) {
		return HelloReply.newBuilder().setMessage(greeting).setIndex(index).build();
	}

	/** {@code "Hello, a, b, c!"} (names in arrival order), index = number of names. */
	static HelloReply greetAll(List<String> names) {
		return HelloReply.newBuilder()
			.setMessage("Hello, " + String.join(", ", names) + "!")
			.setIndex(names.size())
			.build();
	}

}
