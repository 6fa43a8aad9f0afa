package io.emabridge.support.schedule;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops an executor the way a service's background work stops: what runs may finish
 * within a timeout, then it is interrupted.
 */
public final class ExecutorStop {

	private ExecutorStop() {
	}

	/**
	 * Takes no new tasks, waits up to {@code timeout} for those running, then interrupts
	 * them; an interrupt of the caller interrupts them at once (and stays set).
	 */
	public static void within(ExecutorService executor, Duration timeout) {
		executor.shutdown();
		try {
			if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			executor.shutdownNow();
		}
	}

}
