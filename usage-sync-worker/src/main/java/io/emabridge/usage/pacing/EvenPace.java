package io.emabridge.usage.pacing;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Rate limits that space calls evenly: one permit every {@code 1 / perSecond} seconds, so
 * that calls arrive spread over each second rather than in a burst at its start (a quota
 * is counted per second). A caller waits its turn however many others are queued before
 * it.
 */
public final class EvenPace {

	private EvenPace() {
	}

	public static RateLimiter limiter(String name, double perSecond) {
		return RateLimiter.of(name,
				RateLimiterConfig.custom()
					.limitForPeriod(1)
					.limitRefreshPeriod(Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond))))
					.timeoutDuration(Duration.ofDays(1))
					.build());
	}

}
