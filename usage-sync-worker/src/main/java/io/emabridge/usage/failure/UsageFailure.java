package io.emabridge.usage.failure;

import java.util.Optional;

/**
 * The one failure type of the writer, and its retry contract: {@link #isPermanent()
 * permanent} failures go to the dead-letter topic at once; every other failure (this type
 * when transient, or anything else, such as the database being down) is retried with
 * back-off until the give-up period ends.
 */
public final class UsageFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final DeadLetterReason reason;

	private final boolean permanent;

	private UsageFailure(DeadLetterReason reason, boolean permanent, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.permanent = permanent;
	}

	public static UsageFailure permanent(DeadLetterReason reason, String message, Throwable cause) {
		return new UsageFailure(reason, true, message, cause);
	}

	public static UsageFailure transientFailure(String message, Throwable cause) {
		return new UsageFailure(DeadLetterReason.RETRIES_EXHAUSTED, false, message, cause);
	}

	public DeadLetterReason reason() {
		return this.reason;
	}

	public boolean isPermanent() {
		return this.permanent;
	}

	/**
	 * The failure in a chain of causes (the listener container wraps what the listener
	 * threw).
	 */
	public static Optional<UsageFailure> find(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof UsageFailure failure) {
				return Optional.of(failure);
			}
		}
		return Optional.empty();
	}

	public static boolean isPermanentFailure(Throwable ex) {
		return find(ex).map((failure) -> failure.isPermanent()).orElse(false);
	}

}
