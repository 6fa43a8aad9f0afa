package io.emabridge.support.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains a queue of due work on one thread of its own, every poll interval: batches are
 * taken while they come back full, so a backlog goes at once, and a failure is logged and
 * tried again at the next interval (the scheduler would otherwise stop for good). Work
 * that talks to a slow or absent WHMCS never holds up the applier this way. It stops with
 * the applier, after the listener containers.
 */
public final class DrainLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final IntUnaryOperator drainBatch;

	private final int batchSize;

	private final Duration pollInterval;

	private volatile boolean running;

	private ScheduledExecutorService thread;

	/**
	 * A loop that is not running yet.
	 * @param name the thread's name, and what the log calls the work
	 * @param drainBatch handles up to the given number of due items and answers how many
	 * it handled
	 */
	public DrainLoop(String name, IntUnaryOperator drainBatch, int batchSize, Duration pollInterval) {
		this.name = Objects.requireNonNull(name);
		this.drainBatch = Objects.requireNonNull(drainBatch);
		this.batchSize = batchSize;
		this.pollInterval = Objects.requireNonNull(pollInterval);
	}

	@Override
	public void start() {
		this.thread = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.name);
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.thread.scheduleWithFixedDelay(this::drain, 0, this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
		log.info("{} started, looking for due work every {}", this.name, this.pollInterval);
	}

	@Override
	public void stop() {
		this.running = false;
		ExecutorStop.within(this.thread, STOP_TIMEOUT);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	private void drain() {
		try {
			while (this.running && this.drainBatch.applyAsInt(this.batchSize) == this.batchSize) {
				// a full batch: there may be more due right now
			}
		}
		catch (RuntimeException ex) {
			// what was claimed and not recorded is taken again once its lease runs out
			log.warn("{} failed, trying again in {}: {}", this.name, this.pollInterval, ex.toString());
		}
	}

}
