package io.emabridge.provisioning.ledger;

import java.util.Locale;

/** Where a service stands with the archive. */
public enum WorkStatus {

	/** The archive is as the newest event asks. */
	IDLE,
	/** The archive has to catch up with a newer event: due at {@code next_attempt_at}. */
	PENDING,
	/**
	 * Dead-lettered; left alone until a new event, or a replay of one of its events,
	 * arrives.
	 */
	FAILED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static WorkStatus fromValue(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
