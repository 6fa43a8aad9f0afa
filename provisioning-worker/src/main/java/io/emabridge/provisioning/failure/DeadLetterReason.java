package io.emabridge.provisioning.failure;

import java.util.Locale;

/**
 * Why an event went to the dead-letter topic: the value of its {@code ema_dlt_reason}
 * header, a closed set.
 */
public enum DeadLetterReason {

	/** The record is JSON but not a valid lifecycle event. */
	INVALID_EVENT,
	/** The record's bytes could not be read at all (not JSON, not UTF-8, no value). */
	UNDESERIALIZABLE,
	/** The archive refused the API key (401 or 403). */
	ARCHIVE_UNAUTHORIZED,
	/**
	 * The archive refused the request in a way retrying cannot fix (4xx, a requested slug
	 * it will not accept).
	 */
	ARCHIVE_REJECTED,
	/** The tenant recorded for the service no longer exists for this API key. */
	TENANT_NOT_FOUND,
	/**
	 * The slug the customer asked for is taken and the product does not allow another
	 * one.
	 */
	SLUG_TAKEN,
	/** Every slug alternative tried was taken or refused. */
	SLUG_EXHAUSTED,
	/** Transient failures went on for longer than the give-up period. */
	RETRIES_EXHAUSTED,
	/**
	 * WHMCS refused a write-back in a way retrying cannot fix by itself. Never on the
	 * dead-letter topic: the write-back keeps retrying at the longest back-off until an
	 * administrator fixes WHMCS; this only labels logs and metrics.
	 */
	WHMCS_REJECTED,
	/**
	 * Never on the dead-letter topic: the reason of the WHMCS notice about a service
	 * whose events wait for a create event that never came, and for which no tenant is
	 * the service's own.
	 */
	WAITING_FOR_CREATE,
	/**
	 * Never on the dead-letter topic: the reason of the one WHMCS notice about the whole
	 * installation when the archive refuses the reseller API key for every call.
	 */
	ARCHIVE_KEY_REFUSED;

	/**
	 * A reason of WHMCS notices only: no event is ever dead-lettered with it.
	 */
	public boolean noticeOnly() {
		return this == WAITING_FOR_CREATE || this == ARCHIVE_KEY_REFUSED;
	}

	/** The header and metric value: {@code archive_unauthorized}, ... */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DeadLetterReason fromValue(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
