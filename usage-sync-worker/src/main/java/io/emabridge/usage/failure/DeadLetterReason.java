package io.emabridge.usage.failure;

/**
 * Why a snapshot went to the dead-letter topic: the value of the {@code ema_dlt_reason}
 * header, a closed set.
 */
public enum DeadLetterReason {

	/** The record is not a usage snapshot. */
	INVALID_SNAPSHOT("invalid_snapshot"),
	/**
	 * WHMCS answered with an error retrying cannot fix (unknown service, invalid custom
	 * field, ...).
	 */
	WHMCS_REJECTED("whmcs_rejected"),
	/**
	 * WHMCS kept failing transiently (or refusing the credentials) for longer than the
	 * give-up period.
	 */
	RETRIES_EXHAUSTED("retries_exhausted");

	private final String value;

	DeadLetterReason(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

}
