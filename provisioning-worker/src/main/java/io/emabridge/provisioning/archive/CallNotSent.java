package io.emabridge.provisioning.archive;

import java.time.Duration;

import io.emabridge.provisioning.failure.ProvisioningFailure;

/**
 * The cause of a {@link ProvisioningFailure} for an archive call that was never sent, or
 * that does not count: the circuit is open, no rate-limit permit came within the longest
 * wait, or the archive refuses the API key itself. Retriable, and not an attempt: the
 * service keeps its schedule, its attempt count and its give-up clock, so that an outage
 * never turns into dead letters by itself.
 */
public final class CallNotSent extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private CallNotSent(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	/** Why a call was held back; a closed set for the metric tag. */
	public enum Reason {

		/** The circuit breaker is open (or half-open with its probes taken). */
		CIRCUIT_OPEN("circuit_open"),
		/**
		 * No rate-limit permit within the longest wait, or a {@code Retry-After} hold-off
		 * lasts longer.
		 */
		NO_PERMIT("no_permit"),
		/**
		 * The archive refuses the reseller API key for every call: the work waits for the
		 * key to be fixed.
		 */
		KEY_REFUSED("key_refused");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

	/** The failure the archive port throws for a call it did not send. */
	public static ProvisioningFailure failure(Reason reason, String message, Duration retryAfter) {
		return ProvisioningFailure.retriable(message, retryAfter, new CallNotSent(reason, message));
	}

	public Reason reason() {
		return this.reason;
	}

	/** Whether the failure is about a call that was never sent. */
	public static boolean isCause(ProvisioningFailure failure) {
		return failure.getCause() instanceof CallNotSent;
	}

}
