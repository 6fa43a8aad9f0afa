package io.emabridge.provisioning.applier;

import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.ledger.StoredEvent;

/**
 * Writes an event that cannot be applied to the dead-letter topic, as it arrived, with
 * the reason in headers.
 */
public interface DeadLetterSink {

	/** Returns once the record is acknowledged; throws otherwise. */
	void deadLetter(StoredEvent event, DeadLetter reason);

}
