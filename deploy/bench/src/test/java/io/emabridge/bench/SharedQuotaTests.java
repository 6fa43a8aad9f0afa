package io.emabridge.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.sandbox.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class SharedQuotaTests {

	private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

	@Test
	void aRunWithoutCallsIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> SharedQuota.Run.of(List.of(), 10, List.of()))
			.withMessage("the archive sandbox saw no call");
	}

	@Test
	void throughputLeavesOutTheFirstTenSecondsAndCounts429sApart() {
		List<RecordedRequest> requests = new ArrayList<>();
		// 100 s of 50 answered calls per second, and 429s only in the first seconds
		for (int second = 0; second < 100; second++) {
			for (int i = 0; i < 50; i++) {
				requests.add(request(second * 1000L + i * 20L, 201));
			}
		}
		requests.add(request(2_000, 429));
		requests.add(request(3_000, 429));

		SharedQuota.Run run = SharedQuota.Run.of(requests, 2_500, List.of(25.0, 25.0));

		assertThat(run.calls()).isEqualTo(5_000);
		assertThat(run.rejected()).isEqualTo(2);
		assertThat(run.rejectedPerMinute()).isZero();
		assertThat(run.busiestSecond()).isEqualTo(51);
		assertThat(run.secondsWith429()).isEqualTo(2);
		assertThat(run.windows()).hasSize(8).allSatisfy((rate) -> assertThat(rate).isCloseTo(50, within(1e-9)));
	}

	@Test
	void rejectedPerMinuteCountsOnlyThoseAfterTheFirstMinute() {
		List<RecordedRequest> requests = new ArrayList<>();
		requests.add(request(0, 201));
		requests.add(request(30_000, 429));
		for (int i = 0; i < 30; i++) {
			requests.add(request(60_000 + i * 1000L, 429));
		}
		requests.add(request(120_000, 201));

		SharedQuota.Run run = SharedQuota.Run.of(requests, 1, List.of());

		assertThat(run.rejected()).isEqualTo(31);
		assertThat(run.rejectedPerMinute()).isCloseTo(30, within(1e-9));
	}

	@Test
	void aShortRunCountsItsSecondHalf() {
		List<RecordedRequest> requests = List.of(request(0, 201), request(1_000, 429), request(3_000, 429),
				request(4_000, 201));

		SharedQuota.Run run = SharedQuota.Run.of(requests, 1, List.of());

		// one 429 in the last 2 s
		assertThat(run.rejectedPerMinute()).isCloseTo(30, within(1e-9));
		assertThat(run.windows()).hasSize(1);
	}

	private static RecordedRequest request(long millis, int status) {
		return new RecordedRequest(millis, START.plusMillis(millis), "POST", "/api/reseller/tenants", null, null,
				status, "key", (status == 429) ? "quota" : null, 1);
	}

}
