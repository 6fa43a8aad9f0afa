package io.emabridge.provisioning.failure;

import java.time.Instant;

/**
 * Why and after what an event is dead-lettered: what its {@code ema_dlt_*} headers say.
 *
 * @param reason why
 * @param message what went wrong, in the failure's own words
 * @param attempts how many times applying was tried
 * @param firstFailure when the first of those attempts failed
 * @param lastFailure when the last one did
 */
public record DeadLetter(DeadLetterReason reason, String message, int attempts, Instant firstFailure,
		Instant lastFailure) {
}
