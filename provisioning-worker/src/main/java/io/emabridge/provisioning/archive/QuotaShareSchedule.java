package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Refreshes this instance's part of the archive rate every interval while the worker
 * runs: once before the applier starts (so that a new instance never sends at the whole
 * rate while others run), and it leaves the share after the applier stopped.
 */
final class QuotaShareSchedule implements SmartLifecycle {

	private final List<QuotaShare> shares;

	private final Duration interval;

	private ScheduledExecutorService timer;

	private volatile boolean running;

	/** The shares of the rates of every reseller key this instance uses. */
	QuotaShareSchedule(List<QuotaShare> shares, Duration interval) {
		this.shares = List.copyOf(shares);
		this.interval = interval;
	}

	/** No sharing: every instance sends at the configured rate. */
	static QuotaShareSchedule off() {
		return new QuotaShareSchedule(List.of(), null);
	}

	@Override
	public void start() {
		this.running = true;
		if (this.shares.isEmpty()) {
			return;
		}
		refresh();
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "archive-rate-share");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.timer.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void refresh() {
		this.shares.forEach(QuotaShare::refresh);
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.shares.forEach(QuotaShare::leave);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts before the applier (and stops after it). */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 300;
	}

}
