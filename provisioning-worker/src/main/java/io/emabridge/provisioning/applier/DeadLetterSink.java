package io.emabridge.provisioning.applier;

import java.time.Instant;

import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.StoredEvent;

/**
 * Writes an event that cannot be applied to the dead-letter topic, as it arrived, with
 * the reason in headers.
 */
public interface DeadLetterSink {

	/** Returns once the record is acknowledged; throws otherwise. */
	void deadLetter(StoredEvent event, DeadLetter reason);

	/**
	 * Why and after what an event is dead-lettered.
	 *
	 * @param attempts how many times applying was tried
	 * @param firstFailure when the first of those attempts failed
	 * @param lastFailure when the last one did
	 */
	record DeadLetter(DeadLetterReason reason, String message, int attempts, Instant firstFailure,
			Instant lastFailure) {
	}

}
