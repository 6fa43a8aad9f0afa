package io.emabridge.usage.pacing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.resilience4j.ratelimiter.RateLimiter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvenPaceTests {

	@Test
	void callsAreSpreadEvenlyOverTheSecond() {
		RateLimiter limiter = EvenPace.limiter("test", 50);
		long start = System.nanoTime();
		for (int i = 0; i < 11; i++) {
			RateLimiter.waitForPermission(limiter);
		}
		// the first call goes at once, each further one 20 ms after the one before
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(180));
	}

	@Test
	void threadsShareOneRate() throws Exception {
		RateLimiter limiter = EvenPace.limiter("test", 100);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			long start = System.nanoTime();
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				done.add(threads.submit(() -> {
					for (int call = 0; call < 6; call++) {
						RateLimiter.waitForPermission(limiter);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			// 24 calls at 100/s: at least 230 ms, whatever the number of threads
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(220));
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void rateBelowOnePerSecondIsHonoured() {
		RateLimiter limiter = EvenPace.limiter("test", 0.1);

		assertThat(limiter.getRateLimiterConfig().getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
		assertThat(limiter.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(1);
	}

}
