package io.grpckit.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A path template of an HttpRule, as {@code google/api/http.proto} defines it:
 * {@code /v1/{name=shelves/*}/books}, {@code /v1/files/{name=**}}, {@code /v1/books:batchGet}. Parsed
 * once at start-up; {@link #match(String)} runs for each request on its raw (percent-encoded) path.
 * <p>
 * The template is kept flattened: a list of segments (a literal, {@code *} or {@code **}) and the
 * variables as ranges over it. Two templates with the same flattened list and verb match the same
 * paths, which is what {@link #shape()} captures for conflict checks.
 */
final class PathTemplate {

	private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private static final String SINGLE = "*";

	private static final String MULTI = "**";

	private final String template;

	/** The literal text, {@code "*"} or {@code "**"} of each segment; {@code **} only as the last one. */
	private final List<String> segments;

	private final List<Variable> variables;

	private final @Nullable String verb;

	private PathTemplate(String template, List<String> segments, List<Variable> variables, @Nullable String verb) {
		this.template = template;
		this.segments = List.copyOf(segments);
		this.variables = List.copyOf(variables);
		this.verb = verb;
	}

	/**
	 * Parses a template.
	 * @throws IllegalArgumentException when the template does not follow the grammar of
	 * {@code http.proto}, with the reason
	 */
	static PathTemplate parse(String template) {
		if (!template.startsWith("/")) {
			throw new IllegalArgumentException("path template \"" + template + "\" does not start with /");
		}
		int verbStart = verbStart(template);
		String path = (verbStart < 0) ? template : template.substring(0, verbStart);
		String verb = (verbStart < 0) ? null : template.substring(verbStart + 1);
		if (verb != null && (verb.isEmpty() || verb.contains("/") || verb.contains("{") || verb.contains("}"))) {
			throw invalid(template, "the verb after ':' must be a literal at the end");
		}
		List<String> segments = new ArrayList<>();
		List<Variable> variables = new ArrayList<>();
		// "/" alone is the root: no segments at all
		if (!path.equals("/")) {
			for (String token : splitOutsideBraces(path.substring(1))) {
				if (token.startsWith("{")) {
					variables.add(parseVariable(template, token, segments));
				}
				else {
					segments.add(checkedSegment(template, token));
				}
			}
		}
		int multi = segments.indexOf(MULTI);
		if (multi >= 0 && multi != segments.size() - 1) {
			throw invalid(template, "** must be the last segment");
		}
		if (variables.stream().map(Variable::fieldPath).distinct().count() != variables.size()) {
			throw invalid(template, "a field is bound twice");
		}
		return new PathTemplate(template, segments, variables, verb);
	}

	/** Where the verb's ':' is: the first one outside braces, or -1. */
	private static int verbStart(String template) {
		int depth = 0;
		for (int i = 0; i < template.length(); i++) {
			char c = template.charAt(i);
			if (c == '{' && ++depth > 1) {
				throw invalid(template, "variables cannot be nested");
			}
			if (c == '}' && --depth < 0) {
				throw invalid(template, "unbalanced '}'");
			}
			if (c == ':' && depth == 0) {
				return i;
			}
		}
		if (depth != 0) {
			throw invalid(template, "unbalanced '{'");
		}
		return -1;
	}

	private static List<String> splitOutsideBraces(String path) {
		List<String> tokens = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
			if (c == '/' && depth == 0) {
				tokens.add(path.substring(start, i));
				start = i + 1;
			}
		}
		tokens.add(path.substring(start));
		return tokens;
	}

	private static Variable parseVariable(String template, String token, List<String> segments) {
		if (!token.endsWith("}")) {
			throw invalid(template, "text after a variable in segment \"" + token + "\"");
		}
		String inside = token.substring(1, token.length() - 1);
		int equals = inside.indexOf('=');
		String fieldPath = (equals < 0) ? inside : inside.substring(0, equals);
		if (!FIELD_PATH.matcher(fieldPath).matches()) {
			throw invalid(template, "\"" + fieldPath + "\" is not a field path");
		}
		String pattern = (equals < 0) ? SINGLE : inside.substring(equals + 1);
		int start = segments.size();
		for (String part : pattern.split("/", -1)) {
			segments.add(checkedSegment(template, part));
		}
		// http.proto: a variable of exactly one segment decodes everything; more than one does not decode %2F
		boolean multiSegment = segments.size() - start > 1 || segments.get(segments.size() - 1).equals(MULTI);
		return new Variable(fieldPath, start, segments.size(), multiSegment);
	}

	private static String checkedSegment(String template, String segment) {
		if (segment.isEmpty()) {
			throw invalid(template, "empty segment");
		}
		if (!segment.equals(SINGLE) && !segment.equals(MULTI)
				&& (segment.contains("*") || segment.contains("{") || segment.contains("}") || segment.contains("="))) {
			throw invalid(template, "segment \"" + segment + "\" is neither a literal, *, ** nor a variable");
		}
		return segment;
	}

	private static IllegalArgumentException invalid(String template, String reason) {
		return new IllegalArgumentException("path template \"" + template + "\" is invalid: " + reason);
	}

	/**
	 * Matches a raw path (percent-encoded, without query, starting with {@code /}).
	 * @return the variables' decoded values by field path ({@code "book.name"}), empty when the
	 * template has none; {@code null} when the path does not match. A variable can be empty (for
	 * example {@code /v1/books/} for {@code /v1/books/{id}}): the binder reports that.
	 */
	@Nullable Map<String, String> match(String rawPath) {
		List<String> raw = split(rawPath);
		return (raw != null) ? match(raw) : null;
	}

	/** Splits a raw path into its raw segments; {@code null} if it does not start with a slash. */
	static @Nullable List<String> split(String rawPath) {
		if (!rawPath.startsWith("/")) {
			return null;
		}
		return rawPath.equals("/") ? List.of() : List.of(rawPath.substring(1).split("/", -1));
	}

	/** {@link #match(String)} on a path already split by {@link #split(String)}. */
	@Nullable Map<String, String> match(List<String> rawSegments) {
		List<String> raw = rawSegments;
		if (this.verb != null) {
			// as grpc-gateway: the last segment must end with ":verb", and something must precede it
			if (raw.isEmpty()) {
				return null;
			}
			String last = raw.get(raw.size() - 1);
			String suffix = ":" + this.verb;
			if (!last.endsWith(suffix) || last.length() == suffix.length()) {
				return null;
			}
			raw = new ArrayList<>(raw);
			raw.set(raw.size() - 1, last.substring(0, last.length() - suffix.length()));
		}
		boolean endsWithMulti = !this.segments.isEmpty() && this.segments.get(this.segments.size() - 1).equals(MULTI);
		int fixed = endsWithMulti ? this.segments.size() - 1 : this.segments.size();
		if (endsWithMulti ? raw.size() < fixed : raw.size() != fixed) {
			return null;
		}
		for (int i = 0; i < fixed; i++) {
			String segment = this.segments.get(i);
			if (!segment.equals(SINGLE) && !segment.equals(decode(raw.get(i), false))) {
				return null;
			}
		}
		if (this.variables.isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (Variable variable : this.variables) {
			int end = variable.end() == this.segments.size() && endsWithMulti ? raw.size() : variable.end();
			if (!variable.multiSegment()) {
				values.put(variable.fieldPath(), decode(raw.get(variable.start()), false));
			}
			else {
				values.put(variable.fieldPath(), decode(String.join("/", raw.subList(variable.start(), end)), true));
			}
		}
		return values;
	}

	/**
	 * Percent-decodes (UTF-8); {@code %2F} stays encoded when {@code keepSlashes}. A malformed escape
	 * is kept as it is: it then simply fails to match a literal or reaches the field as typed.
	 */
	static String decode(String raw, boolean keepSlashes) {
		if (raw.indexOf('%') < 0) {
			return raw;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
		int i = 0;
		while (i < raw.length()) {
			char c = raw.charAt(i);
			int value = (c == '%') ? hexByte(raw, i) : -1;
			if (value >= 0 && !(keepSlashes && value == '/')) {
				bytes.write(value);
				i += 3;
			}
			else if (c < 0x80) {
				bytes.write(c);
				i++;
			}
			else {
				// not expected in a raw path, but keep whatever the web server handed over
				int codePoint = raw.codePointAt(i);
				byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
				bytes.write(utf8, 0, utf8.length);
				i += Character.charCount(codePoint);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static int hexByte(String raw, int percent) {
		if (percent + 2 >= raw.length()) {
			return -1;
		}
		int high = Character.digit(raw.charAt(percent + 1), 16);
		int low = Character.digit(raw.charAt(percent + 2), 16);
		return (high < 0 || low < 0) ? -1 : (high << 4) | low;
	}

	/** The field paths bound by variables, in template order. */
	List<String> fieldPaths() {
		return this.variables.stream().map(Variable::fieldPath).toList();
	}

	@Nullable String verb() {
		return this.verb;
	}

	/**
	 * The template without variable names ({@code /v1/shelves/*:archive}): two templates of the same
	 * shape match exactly the same paths.
	 */
	String shape() {
		return "/" + String.join("/", this.segments) + ((this.verb != null) ? ":" + this.verb : "");
	}

	/**
	 * Which template to try first when both could match: from the left, a literal segment before
	 * {@code *} before {@code **}; then the shorter (its {@code **} would match nothing); then the
	 * one with a verb. Negative when this one goes first.
	 */
	int compareSpecificity(PathTemplate other) {
		int common = Math.min(this.segments.size(), other.segments.size());
		for (int i = 0; i < common; i++) {
			int rank = Integer.compare(rank(this.segments.get(i)), rank(other.segments.get(i)));
			if (rank != 0) {
				return rank;
			}
		}
		int length = Integer.compare(this.segments.size(), other.segments.size());
		if (length != 0) {
			return length;
		}
		return Boolean.compare(other.verb != null, this.verb != null);
	}

	private static int rank(String segment) {
		return segment.equals(MULTI) ? 2 : segment.equals(SINGLE) ? 1 : 0;
	}

	@Override
	public String toString() {
		return this.template;
	}

	/** A variable: its field path and the flattened segments [start, end) it covers. */
	private record Variable(String fieldPath, int start, int end, boolean multiSegment) {
	}

}
