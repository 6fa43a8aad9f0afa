package io.emabridge.provisioning.decisions;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(5),
			Duration.ofHours(24));

	private final RandomGenerator random = RandomGenerator.of("L64X128MixRandom");

	@Test
	void ceilingGrowsExponentiallyUpToTheMaximum() {
		assertThat(this.policy.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
		assertThat(this.policy.ceiling(9)).isEqualTo(Duration.ofSeconds(256));
		assertThat(this.policy.ceiling(10)).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.policy.ceiling(1_000)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void delaysAreFullyJitteredBetweenZeroAndTheCeiling() {
		for (int attempt = 1; attempt <= 12; attempt++) {
			Duration ceiling = this.policy.ceiling(attempt);
			Duration shortest = Duration.ofDays(1);
			Duration longest = Duration.ZERO;
			for (int i = 0; i < 2_000; i++) {
				Duration delay = this.policy.delay(attempt, null, this.random);
				assertThat(delay).isBetween(Duration.ZERO, ceiling);
				shortest = (delay.compareTo(shortest) < 0) ? delay : shortest;
				longest = (delay.compareTo(longest) > 0) ? delay : longest;
			}
			// spread over the whole range, not bunched at the ceiling
			assertThat(shortest.toMillis()).isLessThanOrEqualTo(ceiling.toMillis() / 10);
			assertThat(longest.toMillis()).isGreaterThanOrEqualTo(ceiling.toMillis() * 9 / 10);
		}
	}

	@Test
	void retryAfterIsTheLeastWait() {
		for (int i = 0; i < 1_000; i++) {
			assertThat(this.policy.delay(1, Duration.ofSeconds(30), this.random)).isEqualTo(Duration.ofSeconds(30));
		}
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(this.policy.nextAttempt(20, now, Duration.ofSeconds(1), this.random)).isBetween(now.plusSeconds(1),
				now.plus(Duration.ofMinutes(5)));
	}

	@Test
	void givesUpOnceThePeriodSinceTheFirstFailureHasPassed() {
		Instant first = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(this.policy.exhausted(first, first.plus(Duration.ofHours(23)))).isFalse();
		assertThat(this.policy.exhausted(first, first.plus(Duration.ofHours(24)))).isTrue();
		assertThat(this.policy.exhausted(null, first)).isFalse();
		RetryPolicy forever = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(10), null);
		assertThat(forever.exhausted(first, first.plus(Duration.ofDays(365)))).isFalse();
	}

	@Test
	void refusesNonsense() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(Duration.ZERO, 2, Duration.ofMinutes(5), null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 0.5, Duration.ofMinutes(5), null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(Duration.ofMinutes(10), 2, Duration.ofMinutes(5), null));
	}

}
