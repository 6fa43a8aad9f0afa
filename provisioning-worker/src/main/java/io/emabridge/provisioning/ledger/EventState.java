package io.emabridge.provisioning.ledger;

import java.util.Locale;

/**
 * What became of a recorded event. A second delivery of an event id is not stored again:
 * it only counts as a duplicate (and raises the event's {@code deliveries}).
 */
public enum EventState {

	/** Newer than what the archive has: waiting for the applier. */
	RECORDED,
	/** The archive reached the state of this event or of a newer one. */
	APPLIED,
	/** Older than the service's newest event when it arrived: skipped. */
	STALE,
	/** Written to the dead-letter topic; a replay of it re-arms the service. */
	DEAD_LETTERED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static EventState fromValue(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
