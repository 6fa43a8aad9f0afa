package io.emabridge.provisioning.notices;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link Notifier} on one thread of its own, every poll interval, draining what
 * is due: WHMCS being slow or down never holds up the applier, and a notice waits at most
 * one interval after its failure was recorded.
 */
final class NotifierLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NotifierLoop.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final Notifier notifier;

	private final int batchSize;

	private final Duration pollInterval;

	private volatile boolean running;

	private ScheduledExecutorService thread;

	NotifierLoop(Notifier notifier, int batchSize, Duration pollInterval) {
		this.notifier = notifier;
		this.batchSize = batchSize;
		this.pollInterval = pollInterval;
	}

	@Override
	public void start() {
		this.thread = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "whmcs-notifier");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.thread.scheduleWithFixedDelay(this::sendDue, 0, this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
		log.info("WHMCS notifier started, looking for due notices every {}", this.pollInterval);
	}

	@Override
	public void stop() {
		this.running = false;
		this.thread.shutdown();
		try {
			if (!this.thread.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.thread.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.thread.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops with the applier, after the listener containers. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	private void sendDue() {
		try {
			while (this.running && this.notifier.sendDue(this.batchSize) == this.batchSize) {
				// a full batch: there may be more due right now
			}
		}
		catch (RuntimeException ex) {
			// the scheduler would stop for good on an exception; the claims run out and
			// are taken again
			log.warn("WHMCS notifier could not send notices, trying again in {}: {}", this.pollInterval, ex.toString());
		}
	}

}
