package io.grpckit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of {@code docs/architecture.md}, checked on the source tree. Paths are
 * relative to this module's directory, Surefire's working directory.
 */
class ArchitectureTests {

	private static final Path MAIN = Path.of("src/main/java");

	/** The test support module, held to the same package rules once it exists. */
	private static final Path STARTER_TEST_MAIN = Path.of("../starter-test/src/main/java");

	private static final List<Path> DEMO_MAINS = List.of(Path.of("../demo-greeter-service/src/main/java"),
			Path.of("../demo-filetransfer-service/src/main/java"));

	private static final Path ARCHITECTURE_DOC = Path.of("../docs/architecture.md");

	/** A package name: lower-case segments, not followed by a class name or another segment. */
	private static final Pattern PACKAGE_NAME = Pattern.compile("io\\.grpckit(?:\\.[a-z][a-z0-9_]*)*(?![.\\w])");

	/** A reference to one of our packages, in an import or a qualified name. */
	private static final Pattern REFERENCE = Pattern.compile("\\bio\\.grpckit(?:\\.[a-z][a-z0-9_]*)*");

	private static final Pattern NULL_MARKED = Pattern
		.compile("(?m)^@(?:org\\.jspecify\\.annotations\\.)?NullMarked\\s*$");

	private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

	@Test
	void everyMainPackageHasPackageInfoWithNullMarked() {
		List<Path> mains = new ArrayList<>(kitMains());
		mains.addAll(DEMO_MAINS);
		List<String> violations = new ArrayList<>();
		for (Path main : mains) {
			for (Path directory : packageDirectories(main)) {
				Path packageInfo = directory.resolve("package-info.java");
				if (!Files.isRegularFile(packageInfo)) {
					violations.add(packageInfo + " is missing");
				}
				else if (!NULL_MARKED.matcher(read(packageInfo)).find()) {
					violations.add(packageInfo + " lacks @NullMarked");
				}
			}
		}
		assertThat(violations).as("every main package has a package-info.java annotated @NullMarked").isEmpty();
	}

	@Test
	void serverAndClientNeverReferenceActuate() {
		List<String> violations = new ArrayList<>();
		for (Path file : javaFiles(MAIN)) {
			String pkg = packageOf(MAIN, file);
			if (isWithin(pkg, "io.grpckit.server") || isWithin(pkg, "io.grpckit.client")) {
				references(file).stream()
					.filter((reference) -> isWithin(reference, "io.grpckit.actuate"))
					.forEach((reference) -> violations.add(file + " references " + reference));
			}
		}
		assertThat(violations).as("server and client never import actuate; actuate observes them").isEmpty();
	}

	@Test
	void apiPackagesNeverReferenceAutoconfigure() {
		List<String> violations = new ArrayList<>();
		for (Path file : javaFiles(MAIN)) {
			String pkg = packageOf(MAIN, file);
			if (!isAutoconfigure(pkg)) {
				references(file).stream()
					.filter(ArchitectureTests::isAutoconfigure)
					.forEach((reference) -> violations.add(file + " (package " + pkg + ") references " + reference));
			}
		}
		assertThat(violations).as("API packages never import auto-configuration; wiring depends on API").isEmpty();
	}

	@Test
	void interceptorOrderIsInTheRootPackage() {
		List<String> violations = new ArrayList<>();
		Path expected = MAIN.resolve("io/grpckit/InterceptorOrder.java");
		if (!Files.isRegularFile(expected)) {
			violations.add(expected + " is missing");
		}
		javaFiles(MAIN).stream()
			.filter((file) -> file.getFileName().toString().equals("InterceptorOrder.java"))
			.filter((file) -> !file.equals(expected))
			.forEach((file) -> violations.add(file + " is not in io.grpckit"));
		assertThat(violations).as("InterceptorOrder is io.grpckit.InterceptorOrder, one ordering for server and client")
			.isEmpty();
	}

	@Test
	void everyMainPackageIsNamedInTheArchitectureDoc() {
		assertThat(ARCHITECTURE_DOC).as("the contributors' package map").isRegularFile();
		Set<String> named = new TreeSet<>();
		Matcher matcher = PACKAGE_NAME.matcher(read(ARCHITECTURE_DOC));
		while (matcher.find()) {
			named.add(matcher.group());
		}
		List<String> violations = new ArrayList<>();
		for (Path main : kitMains()) {
			for (Path directory : packageDirectories(main)) {
				String pkg = packageOf(main, directory.resolve("package-info.java"));
				if (!named.contains(pkg)) {
					violations.add(directory + ": package " + pkg + " is not named in " + ARCHITECTURE_DOC);
				}
			}
		}
		assertThat(violations).as("docs/architecture.md names every main package").isEmpty();
	}

	/** The kit's main code: starter-autoconfigure, and starter-test where it exists. */
	private static List<Path> kitMains() {
		return Files.isDirectory(STARTER_TEST_MAIN) ? List.of(MAIN, STARTER_TEST_MAIN) : List.of(MAIN);
	}

	private static boolean isWithin(String pkg, String parent) {
		return pkg.equals(parent) || pkg.startsWith(parent + ".");
	}

	private static boolean isAutoconfigure(String pkg) {
		return pkg.endsWith(".autoconfigure") || pkg.contains(".autoconfigure.");
	}

	/** Our packages a file references in code: imports and qualified names, not comments. */
	private static Set<String> references(Path file) {
		String code = COMMENTS.matcher(read(file)).replaceAll(" ");
		code = code.replaceFirst("(?m)^package [^;]+;", "");
		Set<String> references = new TreeSet<>();
		Matcher matcher = REFERENCE.matcher(code);
		while (matcher.find()) {
			references.add(matcher.group());
		}
		return references;
	}

	private static String packageOf(Path main, Path file) {
		return main.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
	}

	private static List<Path> packageDirectories(Path main) {
		return javaFiles(main).stream().map(Path::getParent).distinct().sorted().toList();
	}

	private static List<Path> javaFiles(Path root) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.toString().endsWith(".java")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
