package io.emabridge.provisioning.drift;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@code reconcile} command's account of a run as the worker reports it: a line on
 * standard error per step (reading WHMCS, the ledger, the archive, comparing, fixing,
 * done), with the time since the start and what the step before found, and a reminder of
 * what it is waiting for when a step takes long.
 */
final class ReconcileProgressPrinter implements AutoCloseable {

	static final Duration REMINDER = Duration.ofSeconds(5);

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final PrintWriter out;

	private final LongSupplier nanoTime;

	private final long startedAt;

	private volatile String waitingFor;

	private volatile long stepAt;

	private ScheduledExecutorService ticker;

	/**
	 * A printer that prints only when told to.
	 * @param out standard error, or what stands in for it
	 * @param nanoTime the clock ({@code System::nanoTime} outside tests)
	 * @param waitingFor what the command waits for before the worker's first step
	 */
	ReconcileProgressPrinter(PrintWriter out, LongSupplier nanoTime, String waitingFor) {
		this.out = out;
		this.nanoTime = nanoTime;
		this.startedAt = nanoTime.getAsLong();
		this.stepAt = this.startedAt;
		this.waitingFor = waitingFor;
	}

	/**
	 * From now on, reminds every {@code interval} without a new step what it waits for.
	 */
	ReconcileProgressPrinter startReminding(Duration interval) {
		this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "reconcile-progress");
			thread.setDaemon(true);
			return thread;
		});
		this.ticker.scheduleAtFixedRate(() -> remind(interval), interval.toNanos(), interval.toNanos(),
				TimeUnit.NANOSECONDS);
		return this;
	}

	/**
	 * The worker reached a step.
	 * @param phase the step as the worker names it ({@code reading_ledger})
	 * @param detail what the step before found, or null
	 */
	void step(String phase, String detail) {
		long now = this.nanoTime.getAsLong();
		String words = words(phase);
		this.waitingFor = words;
		this.stepAt = now;
		print("reconcile: " + words + " (" + seconds(now - this.startedAt)
				+ ((detail != null && !detail.isBlank()) ? "; " + detail : "") + ")");
	}

	/** The run is over. */
	void done() {
		stopReminding();
		print("reconcile: done in " + seconds(this.nanoTime.getAsLong() - this.startedAt));
	}

	/** Says what it still waits for, when no step came for {@code interval}. */
	void remind(Duration interval) {
		long now = this.nanoTime.getAsLong();
		if (now - this.stepAt >= interval.toNanos() * 9 / 10) {
			print("reconcile: still " + this.waitingFor + " (" + seconds(now - this.startedAt) + ")");
		}
	}

	@Override
	public void close() {
		stopReminding();
	}

	private void stopReminding() {
		if (this.ticker != null) {
			this.ticker.shutdownNow();
		}
	}

	private void print(String line) {
		this.out.println(line);
		this.out.flush();
	}

	private static String words(String phase) {
		for (ReconcileStep.Phase known : ReconcileStep.Phase.values()) {
			if (known.value().equals(phase)) {
				return known.words();
			}
		}
		return phase.replace('_', ' ');
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f s", nanos / (double) SECOND);
	}

}
