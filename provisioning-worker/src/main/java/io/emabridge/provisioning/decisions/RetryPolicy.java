package io.emabridge.provisioning.decisions;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter: the n-th retry waits a random time between zero
 * and {@code min(max, initial * multiplier^(n-1))}, so that many services failing
 * together do not come back together; and at least what the server asked for with
 * {@code Retry-After}.
 *
 * @param giveUpAfter how long after the first failure to give up; {@code null} never
 * gives up
 */
public record RetryPolicy(Duration initial, double multiplier, Duration max, Duration giveUpAfter) {

	public RetryPolicy {
		Objects.requireNonNull(initial, "initial");
		Objects.requireNonNull(max, "max");
		if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1.0) {
			throw new IllegalArgumentException("need 0 < initial <= max and multiplier >= 1");
		}
	}

	/** The longest the n-th retry (from 1) may wait, before {@code Retry-After}. */
	public Duration ceiling(int attempt) {
		double millis = this.initial.toMillis() * Math.pow(this.multiplier, Math.max(0, attempt - 1));
		return (millis >= this.max.toMillis()) ? this.max : Duration.ofMillis((long) millis);
	}

	/** How long the n-th retry waits. */
	public Duration delay(int attempt, Duration retryAfter, RandomGenerator random) {
		long ceiling = ceiling(attempt).toMillis();
		Duration jittered = Duration.ofMillis(random.nextLong(ceiling + 1));
		return (retryAfter != null && retryAfter.compareTo(jittered) > 0) ? retryAfter : jittered;
	}

	public Instant nextAttempt(int attempt, Instant now, Duration retryAfter, RandomGenerator random) {
		return now.plus(delay(attempt, retryAfter, random));
	}

	/**
	 * Whether failures that began at {@code firstFailure} have gone on for too long by
	 * {@code now}.
	 */
	public boolean exhausted(Instant firstFailure, Instant now) {
		return this.giveUpAfter != null && firstFailure != null && !now.isBefore(firstFailure.plus(this.giveUpAfter));
	}
}
