package io.emabridge.provisioning.welcome;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link WelcomeMailer} on one thread of its own, every poll interval: WHMCS
 * being slow or down never holds up the applier.
 */
final class WelcomeLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WelcomeLoop.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final WelcomeMailer mailer;

	private final int batchSize;

	private final Duration pollInterval;

	private volatile boolean running;

	private ScheduledExecutorService thread;

	WelcomeLoop(WelcomeMailer mailer, int batchSize, Duration pollInterval) {
		this.mailer = mailer;
		this.batchSize = batchSize;
		this.pollInterval = pollInterval;
	}

	@Override
	public void start() {
		this.thread = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "welcome-mailer");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.thread.scheduleWithFixedDelay(this::sendDue, 0, this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
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
			while (this.running && this.mailer.sendDue(this.batchSize) == this.batchSize) {
				// a full batch: there may be more due right now
			}
		}
		catch (RuntimeException ex) {
			// the scheduler would stop for good on an exception; an e-mail claimed and
			// not
			// recorded counts as of unknown outcome once its lease runs out
			log.warn("Welcome e-mails could not be sent, trying again in {}: {}", this.pollInterval, ex.toString());
		}
	}

}
