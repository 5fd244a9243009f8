package io.grpckit.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown table of medians, each with its ratio to plain grpc-java, and the check of
 * issue 9's targets against the same medians.
 */
final class Report {

	private record Metric(String key, String label, boolean higherIsBetter) {
	}

	private static final List<Metric> METRICS = List.of(new Metric("unary.qps", "Unary QPS", true),
			new Metric("unary.p50_ms", "Unary p50 (ms)", false), new Metric("unary.p90_ms", "Unary p90 (ms)", false),
			new Metric("unary.p99_ms", "Unary p99 (ms)", false), new Metric("unary.max_ms", "Unary max (ms)", false),
			new Metric("unary.server_cpu_us_per_call", "Server CPU per unary call (µs)", false),
			new Metric("unary.client_cpu_us_per_call", "Client CPU per unary call (µs)", false),
			new Metric("stream.msgs_per_s", "Server streaming (msgs/s)", true),
			new Metric("stream.server_cpu_us_per_msg", "Server CPU per streamed msg (µs)", false),
			new Metric("bidi.round_trips_per_s", "Bidi ping-pong (round trips/s)", true),
			new Metric("bidi.p99_ms", "Bidi round trip p99 (ms)", false),
			new Metric("bidi.server_cpu_us_per_round_trip", "Server CPU per round trip (µs)", false),
			new Metric("upload.mib_per_s", "Upload (MiB/s)", true),
			new Metric("download.mib_per_s", "Download (MiB/s)", true),
			new Metric("startup.ms", "Start-up to first call (ms)", false),
			new Metric("startup.cpu_s", "Server CPU to first call (s)", false),
			new Metric("rss.ready_mib", "RSS when ready (MiB)", false),
			new Metric("rss.peak_mib", "Peak RSS under load (MiB)", false),
			new Metric("threads.load", "Threads at the end of load", false),
			new Metric("threads.idle", "Threads after the keep-alive (idle, round 1)", false),
			new Metric("unary.errors", "Unary errors", false), new Metric("stream.errors", "Streaming errors", false),
			new Metric("bidi.errors", "Bidi errors", false),
			new Metric("loadgen.failures", "Load generator failures", false));

	private static final String FLOOR = "plain";

	private final List<Target> targets;

	private final Map<String, Map<String, List<Double>>> samples;

	private final List<String> jvmOptions;

	private final int rounds;

	private final int startups;

	private final List<String> loadOptions;

	Report(List<Target> targets, Map<String, Map<String, List<Double>>> samples, List<String> jvmOptions, int rounds,
			int startups, List<String> loadOptions) {
		this.targets = targets;
		this.samples = samples;
		this.jvmOptions = jvmOptions;
		this.rounds = rounds;
		this.startups = startups;
		this.loadOptions = loadOptions;
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("Medians of ").append(this.rounds).append(" load round(s) and ").append(this.startups)
			.append(" start-up(s); in brackets the ratio to `plain`. JVM options (all targets and the load generator): `")
			.append(String.join(" ", this.jvmOptions)).append("`. Load options: `")
			.append(this.loadOptions.isEmpty() ? "defaults" : String.join(" ", this.loadOptions)).append("`.\n\n");
		md.append("| Metric |");
		this.targets.forEach((t) -> md.append(" ").append(t.name()).append(" |"));
		md.append("\n|---|");
		this.targets.forEach((t) -> md.append("---:|"));
		md.append("\n");
		for (Metric metric : METRICS) {
			if (this.targets.stream().allMatch((t) -> median(t.name(), metric.key()) == null)) {
				continue;
			}
			md.append("| ").append(metric.label()).append(" |");
			for (Target target : this.targets) {
				Double value = median(target.name(), metric.key());
				Double floor = median(FLOOR, metric.key());
				md.append(" ");
				if (value == null) {
					md.append("–");
				}
				else {
					md.append(format(value));
					if (floor != null && floor != 0 && !target.name().equals(FLOOR) && !metric.key().contains("errors")
							&& !metric.key().contains("failures")) {
						md.append(String.format(Locale.ROOT, " (%.2f)", value / floor));
					}
				}
				md.append(" |");
			}
			md.append("\n");
		}
		md.append("\nIssue 9 targets, from these medians:\n\n").append(checks());
		md.append("\nIssue 21 per-call targets, from these medians:\n\n").append(perCallChecks());
		md.append("\nIssue 21 fast-start targets (C1 and C2 kept), from these medians:\n\n").append(fastStartChecks());
		md.append("\nServers:\n\n");
		this.targets.forEach((t) -> md.append("- `").append(t.name()).append("`: ").append(t.description()).append("\n"));
		return md.toString();
	}

	private String checks() {
		StringBuilder md = new StringBuilder();
		check(md, "grpckit unary QPS >= 0.97 of plain", "grpckit", FLOOR, "unary.qps", 0.97, true);
		check(md, "grpckit unary p99 <= 1.10 of plain", "grpckit", FLOOR, "unary.p99_ms", 1.10, false);
		check(md, "grpckit with observation unary QPS >= 0.90 of plain", "grpckit-observation", FLOOR, "unary.qps",
				0.90, true);
		check(md, "grpckit server CPU per unary call <= 1.05 of plain", "grpckit", FLOOR,
				"unary.server_cpu_us_per_call", 1.05, false);
		check(md, "grpckit server streaming >= 0.97 of plain", "grpckit", FLOOR, "stream.msgs_per_s", 0.97, true);
		check(md, "grpckit bidi >= 0.97 of plain", "grpckit", FLOOR, "bidi.round_trips_per_s", 0.97, true);
		check(md, "grpckit upload >= 0.95 of plain", "grpckit", FLOOR, "upload.mib_per_s", 0.95, true);
		check(md, "grpckit download >= 0.95 of plain", "grpckit", FLOOR, "download.mib_per_s", 0.95, true);
		check(md, "grpckit start-up <= 0.8 of Spring Boot gRPC", "grpckit", "spring-grpc", "startup.ms", 0.8, false);
		check(md, "grpckit RSS when ready <= Spring Boot gRPC", "grpckit", "spring-grpc", "rss.ready_mib", 1.0, false);
		check(md, "fast-start mode start-up <= 2x plain", Target.FAST_START, FLOOR, "startup.ms", 2.0, false);
		return md.toString();
	}

	/**
	 * Issue 21: the kit's per-call cost against plain on the same pool, and the demo jar
	 * against plain on a fixed pool (with the demo's own service code on plain beside it).
	 */
	private String perCallChecks() {
		StringBuilder md = new StringBuilder();
		String minimal = "grpckit-minimal";
		String bounded = "plain-bounded";
		check(md, "grpckit-minimal unary QPS >= 0.97 of plain-bounded", minimal, bounded, "unary.qps", 0.97, true);
		check(md, "grpckit-minimal server CPU per unary call <= 1.05 of plain-bounded", minimal, bounded,
				"unary.server_cpu_us_per_call", 1.05, false);
		check(md, "grpckit-minimal server streaming >= 0.97 of plain-bounded", minimal, bounded, "stream.msgs_per_s",
				0.97, true);
		check(md, "grpckit-minimal bidi >= 0.97 of plain-bounded", minimal, bounded, "bidi.round_trips_per_s", 0.97,
				true);
		check(md, "grpckit-minimal upload >= 0.97 of plain-bounded", minimal, bounded, "upload.mib_per_s", 0.97, true);
		check(md, "grpckit-minimal download >= 0.97 of plain-bounded", minimal, bounded, "download.mib_per_s", 0.97,
				true);
		String unobserved = "grpckit-minimal-unobserved";
		check(md, "grpckit-minimal-unobserved unary QPS >= 0.99 of plain-bounded", unobserved, bounded, "unary.qps",
				0.99, true);
		check(md, "grpckit-minimal-unobserved server CPU per unary call <= 1.02 of plain-bounded", unobserved,
				bounded, "unary.server_cpu_us_per_call", 1.02, false);
		check(md, "grpckit (demo jar) unary QPS >= 0.9 of plain-fixed", "grpckit", "plain-fixed", "unary.qps", 0.9,
				true);
		check(md, "grpckit (demo jar) bidi >= 0.9 of plain-fixed", "grpckit", "plain-fixed", "bidi.round_trips_per_s",
				0.9, true);
		check(md, "grpckit (demo jar) bidi round trip p99 <= 1.5 of plain-fixed", "grpckit", "plain-fixed",
				"bidi.p99_ms", 1.5, false);
		check(md, "grpckit (demo jar) upload >= 0.9 of plain-fixed", "grpckit", "plain-fixed", "upload.mib_per_s", 0.9,
				true);
		ratio(md, "the demo's service code: plain-greeter unary QPS against plain-fixed", "plain-greeter",
				"plain-fixed", "unary.qps");
		ratio(md, "the kit with the demo's code: grpckit unary QPS against plain-greeter", "grpckit",
				"plain-greeter", "unary.qps");
		ratio(md, "the kit on the event loop (the greeter is @NonBlocking): grpckit unary QPS against "
				+ "plain-greeter-direct", "grpckit", "plain-greeter-direct", "unary.qps");
		ratio(md, "the kit on the event loop: grpckit bidi against plain-greeter-direct", "grpckit",
				"plain-greeter-direct", "bidi.round_trips_per_s");
		return md.toString();
	}

	/** A ratio to read, without a target. */
	private void ratio(StringBuilder md, String text, String target, String reference, String metric) {
		Double value = median(target, metric);
		Double base = median(reference, metric);
		md.append("- ").append(text).append(": ");
		md.append((value == null || base == null || base == 0) ? "not measured\n"
				: String.format(Locale.ROOT, "%.2f\n", value / base));
	}

	private String fastStartChecks() {
		StringBuilder md = new StringBuilder();
		check(md, "grpckit start-up <= 1.0 of Spring Boot gRPC", "grpckit", "spring-grpc", "startup.ms", 1.0, false);
		for (String fast : List.of("grpckit-aot-cache", "grpckit-cds")) {
			check(md, fast + " start-up <= 2x plain", fast, FLOOR, "startup.ms", 2.0, false);
			for (Metric metric : METRICS) {
				// the greeter's rows: the file modes of every grpckit target run the same filetransfer demo
				if (metric.higherIsBetter() && !metric.key().startsWith("upload")
						&& !metric.key().startsWith("download")) {
					check(md, fast + " " + metric.label() + " >= 0.97 of grpckit", fast, "grpckit", metric.key(), 0.97,
							true);
				}
			}
		}
		return md.toString();
	}

	private void check(StringBuilder md, String text, String target, String reference, String metric, double limit,
			boolean atLeast) {
		Double value = median(target, metric);
		Double base = median(reference, metric);
		md.append("- ").append(text).append(": ");
		if (value == null || base == null || base == 0) {
			md.append("not measured\n");
			return;
		}
		double ratio = value / base;
		boolean met = atLeast ? ratio >= limit : ratio <= limit;
		md.append(String.format(Locale.ROOT, "%.2f, %s\n", ratio, met ? "met" : "**missed**"));
	}

	private Double median(String target, String metric) {
		List<Double> values = this.samples.getOrDefault(target, Map.of()).get(metric);
		if (values == null) {
			return null;
		}
		List<Double> valid = new ArrayList<>(values.stream().filter((v) -> v >= 0).toList());
		if (valid.isEmpty()) {
			return null;
		}
		Collections.sort(valid);
		int n = valid.size();
		return (n % 2 == 1) ? valid.get(n / 2) : (valid.get(n / 2 - 1) + valid.get(n / 2)) / 2;
	}

	private static String format(double value) {
		if (value >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (value >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
