package io.grpckit.testsupport;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What Spring Boot prints for a failed start-up: the failure analysis of every
 * {@link FailureAnalyzer} registered in {@code META-INF/spring.factories} (Boot's and the
 * kit's), asked in the same way Boot asks them.
 */
public final class FailureAnalyses {

	private FailureAnalyses() {
	}

	/**
	 * Analyze a start-up failure.
	 * @param failure the exception start-up ended with
	 * @return the first analysis, as Boot would print it
	 */
	public static FailureAnalysis analyze(Throwable failure) {
		// analyzers that need the bean factory are left out; those that take the environment
		// only look up where a property came from
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(FailureAnalyses.class.getClassLoader())
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, new StandardEnvironment()),
					(type, name, ex) -> {
					});
		for (FailureAnalyzer analyzer : analyzers) {
			@Nullable FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("no failure analyzer explains " + failure, failure);
	}

	/**
	 * Start a non-web application with the given properties, expect start-up to fail, and
	 * return the analysis of its failure.
	 * @param source the application's configuration
	 * @param properties {@code key=value} pairs
	 * @return the analysis
	 */
	public static FailureAnalysis ofStartup(Class<?> source, String... properties) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] args = Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new);
		Throwable failure = catchThrowable(() -> application.run(args).close());
		assertThat(failure).as("start-up fails").isNotNull();
		return analyze(failure);
	}

}
