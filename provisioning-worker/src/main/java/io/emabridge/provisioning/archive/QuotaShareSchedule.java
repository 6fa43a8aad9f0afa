package io.emabridge.provisioning.archive;

import java.time.Duration;
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

	private final QuotaShare share;

	private final Duration interval;

	private ScheduledExecutorService timer;

	private volatile boolean running;

	QuotaShareSchedule(QuotaShare share, Duration interval) {
		this.share = share;
		this.interval = interval;
	}

	/** No sharing: every instance sends at the configured rate. */
	static QuotaShareSchedule off() {
		return new QuotaShareSchedule(null, null);
	}

	@Override
	public void start() {
		this.running = true;
		if (this.share == null) {
			return;
		}
		this.share.refresh();
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "archive-rate-share");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.timer.scheduleWithFixedDelay(this.share::refresh, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.share.leave();
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
