package io.grpckit.demo.files.cli;

import java.time.Duration;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Transfer progress: a progress bar with bytes, rate and ETA on a terminal, plain lines
 * (one a second) otherwise, both on standard error.
 */
final class Progress implements AutoCloseable {

	/** Where messages go while a bar is shown. */
	@FunctionalInterface
	interface Log {

		void line(String text);

	}

	private final ProgressBar bar;

	private Progress(ProgressBar bar) {
		this.bar = bar;
	}

	static Progress start(String task, long total) {
		ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task)
			.setInitialMax(total)
			.setUnit(" MiB", 1024 * 1024)
			.showSpeed()
			.setStyle(ProgressBarStyle.ASCII)
			.setMaxRenderedLength(140);
		if (System.console() == null) {
			builder.setConsumer(new DelegatingProgressBarConsumer(System.err::println))
				.setUpdateIntervalMillis((int) Duration.ofSeconds(1).toMillis());
		}
		return new Progress(builder.build());
	}

	void at(long bytes) {
		this.bar.stepTo(bytes);
	}

	void message(String text) {
		this.bar.setExtraMessage(text.isEmpty() ? "" : " " + text);
	}

	@Override
	public void close() {
		this.bar.close();
	}

}
