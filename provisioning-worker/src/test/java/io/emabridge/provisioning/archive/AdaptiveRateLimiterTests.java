package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.provisioning.failure.ProvisioningFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdaptiveRateLimiterTests {

	/** A nanosecond clock the test moves; sleeping moves it too. */
	private long nanos = 1_000_000_000_000L;

	private final List<Duration> sleeps = new ArrayList<>();

	@Test
	void sendsUpToTheConfiguredRateAndThenWaitsForTheNextSecond() {
		AdaptiveRateLimiter limiter = limiter(4, Duration.ofSeconds(2));
		for (int i = 0; i < 4; i++) {
			limiter.acquire();
		}
		assertThat(this.sleeps).isEmpty();
		limiter.acquire();
		assertThat(this.sleeps).singleElement()
			.satisfies((pause) -> assertThat(pause).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
	}

	@Test
	void a429HalvesTheRateOnceASecondDownToOnePerSecond() {
		AdaptiveRateLimiter limiter = limiter(50, Duration.ofSeconds(2));
		limiter.rateLimited(null);
		limiter.rateLimited(null);
		limiter.rateLimited(null);
		assertThat(limiter.rate()).as("calls rate-limited together halve it once").isEqualTo(25);
		for (int expected : new int[] { 12, 6, 3, 1, 1 }) {
			advance(Duration.ofSeconds(1));
			limiter.rateLimited(null);
			assertThat(limiter.rate()).isEqualTo(expected);
		}
	}

	/**
	 * Made 0.7 s into a second of the wall clock, the limiter's next second starts 0.3 s
	 * later, with the wall clock's: the archive counts per clock second, and instances
	 * sharing the key must not let their seconds overlap.
	 */
	@Test
	void aSecondsPermitsFollowTheWallClocksSeconds() {
		AdaptiveRateLimiter limiter = new AdaptiveRateLimiter("test", 4, Duration.ofSeconds(2), () -> this.nanos,
				(pause) -> {
					this.sleeps.add(pause);
					advance(pause);
				}, () -> 1_764_842_400_700L);
		for (int i = 0; i < 4; i++) {
			limiter.acquire();
		}
		assertThat(this.sleeps).isEmpty();
		limiter.acquire();
		assertThat(this.sleeps).singleElement().isEqualTo(Duration.ofMillis(300));
	}

	@Test
	void aSmallerShareAppliesAtOnceALargerOneStepByStep() {
		AdaptiveRateLimiter limiter = limiter(50, Duration.ofSeconds(2));
		limiter.share(16);
		assertThat(limiter.rate()).isEqualTo(16);
		assertThat(limiter.ceiling()).isEqualTo(16);
		advance(Duration.ofSeconds(1));
		limiter.succeeded();
		assertThat(limiter.rate()).as("never above the share").isEqualTo(16);
		limiter.share(25);
		for (int expected : new int[] { 18, 20, 22, 24, 25, 25 }) {
			advance(Duration.ofSeconds(1));
			limiter.succeeded();
			assertThat(limiter.rate()).isEqualTo(expected);
		}
		limiter.share(500);
		assertThat(limiter.ceiling()).as("never above the configured rate").isEqualTo(50);
		limiter.share(0);
		assertThat(limiter.ceiling()).as("never below one call a second").isEqualTo(1);
	}

	@Test
	void a429HoldsEveryCallOffForItsRetryAfter() {
		AdaptiveRateLimiter limiter = limiter(50, Duration.ofSeconds(2));
		limiter.rateLimited(Duration.ofSeconds(5));
		assertThatThrownBy(limiter::acquire).isInstanceOfSatisfying(ProvisioningFailure.class, (failure) -> {
			assertThat(CallNotSent.isCause(failure)).isTrue();
			assertThat(((CallNotSent) failure.getCause()).reason()).isEqualTo(CallNotSent.Reason.NO_PERMIT);
			assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(5));
		});
		assertThat(this.sleeps).isEmpty();
		advance(Duration.ofMillis(3500));
		limiter.acquire();
		assertThat(this.sleeps).singleElement().isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void successesRaiseTheRateByATenthOfTheConfiguredOneASecond() {
		AdaptiveRateLimiter limiter = limiter(50, Duration.ofSeconds(2));
		limiter.rateLimited(Duration.ZERO);
		advance(Duration.ofSeconds(1));
		limiter.rateLimited(Duration.ZERO);
		assertThat(limiter.rate()).isEqualTo(12);
		limiter.succeeded();
		limiter.succeeded();
		assertThat(limiter.rate()).as("not before a second has passed").isEqualTo(12);
		List<Integer> rates = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			advance(Duration.ofSeconds(1));
			limiter.succeeded();
			limiter.succeeded();
			rates.add(limiter.rate());
		}
		assertThat(rates).containsExactly(17, 22, 27, 32, 37, 42, 47, 50, 50);
	}

	@Test
	void noPermitWithinTheLongestWaitIsACallNotSent() {
		AdaptiveRateLimiter limiter = limiter(1, Duration.ofMillis(500));
		limiter.acquire();
		assertThatThrownBy(limiter::acquire).isInstanceOfSatisfying(ProvisioningFailure.class,
				(failure) -> assertThat(CallNotSent.isCause(failure)).isTrue());
	}

	@Test
	void zeroSwitchesLimitingOff() {
		AdaptiveRateLimiter limiter = limiter(0, Duration.ofSeconds(2));
		for (int i = 0; i < 1000; i++) {
			limiter.acquire();
		}
		limiter.rateLimited(Duration.ofMinutes(1));
		limiter.acquire();
		assertThat(this.sleeps).isEmpty();
		assertThat(limiter.rate()).isZero();
	}

	private AdaptiveRateLimiter limiter(int rate, Duration maxWait) {
		return new AdaptiveRateLimiter("test", rate, maxWait, () -> this.nanos, (pause) -> {
			this.sleeps.add(pause);
			advance(pause);
		});
	}

	private void advance(Duration duration) {
		this.nanos += duration.toNanos();
	}

}
