package io.emabridge.support.schedule;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DrainLoopTests {

	@Test
	void drainsFullBatchesAtOnceThenWaitsForTheNextInterval() {
		AtomicInteger due = new AtomicInteger(25);
		AtomicInteger calls = new AtomicInteger();
		DrainLoop loop = new DrainLoop("test-drain", (limit) -> {
			calls.incrementAndGet();
			int taken = Math.min(limit, due.get());
			due.addAndGet(-taken);
			return taken;
		}, 10, Duration.ofHours(1));
		loop.start();
		try {
			// 10, 10, then 5: a batch that is not full ends the round
			await().atMost(Duration.ofSeconds(10)).until(() -> due.get() == 0 && calls.get() == 3);
			assertThat(loop.isRunning()).isTrue();
		}
		finally {
			loop.stop();
		}
		assertThat(loop.isRunning()).isFalse();
		assertThat(calls).hasValue(3);
	}

	@Test
	void aFailureIsTriedAgainAtTheNextInterval() {
		AtomicInteger calls = new AtomicInteger();
		DrainLoop loop = new DrainLoop("test-drain", (limit) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("WHMCS is down");
			}
			return 0;
		}, 10, Duration.ofMillis(20));
		loop.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 2);
		}
		finally {
			loop.stop();
		}
	}

}
