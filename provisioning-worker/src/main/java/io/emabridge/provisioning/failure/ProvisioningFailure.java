package io.emabridge.provisioning.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * The one failure type of the worker, and its retry contract:
 * <ul>
 * <li>{@link #isRetriable() retriable}: the same work may succeed later (timeouts,
 * connection errors, 5xx, 429). It is retried with back-off, no sooner than
 * {@link #retryAfter()}, until the give-up period ends.</li>
 * <li>permanent: retrying cannot help (401, 403, other 4xx, an invalid record). The
 * events concerned go to the dead-letter topic at once with {@link #reason()} in the
 * {@code ema_dlt_reason} header.</li>
 * </ul>
 * {@link FailureClassifier} is the one place that decides which is which. Expected
 * control flow, so no stack trace of its own; the cause keeps the one that matters.
 */
public final class ProvisioningFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean retriable;

	private final DeadLetterReason reason;

	private final transient Duration retryAfter;

	private ProvisioningFailure(boolean retriable, DeadLetterReason reason, String message, Duration retryAfter,
			Throwable cause) {
		super(message, cause, false, false);
		this.retriable = retriable;
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	public static ProvisioningFailure retriable(String message, Duration retryAfter, Throwable cause) {
		return new ProvisioningFailure(true, DeadLetterReason.RETRIES_EXHAUSTED, message, retryAfter, cause);
	}

	public static ProvisioningFailure permanent(DeadLetterReason reason, String message, Throwable cause) {
		return new ProvisioningFailure(false, reason, message, null, cause);
	}

	public boolean isRetriable() {
		return this.retriable;
	}

	/**
	 * The dead-letter reason: the failure's own for a permanent one,
	 * {@code retries_exhausted} for a retriable one.
	 */
	public DeadLetterReason reason() {
		return this.reason;
	}

	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
