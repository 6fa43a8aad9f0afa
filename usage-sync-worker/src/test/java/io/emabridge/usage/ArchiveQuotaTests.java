package io.emabridge.usage;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.usage.support.UsageWorkerTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive enforces one quota per reseller key for everything that uses the key: the
 * collector reads within its own part of it ({@code ema.archive.rate-limit}), however
 * many pages it reads ahead, and so meets no 429; without the limit its read-ahead runs
 * into the quota.
 */
class ArchiveQuotaTests extends UsageWorkerTests {

	private static final int QUOTA = 3;

	@AfterEach
	void liftQuota() {
		archive.quota(0);
	}

	@Test
	void theCollectorReadsWithinItsRateAndMeetsNoTooManyRequests() {
		seedTenants("paced", 240); // five pages
		archive.quota(QUOTA);
		ConfigurableApplicationContext worker = startWorker(
				Map.of("ema.archive.rate-limit.requests-per-second", QUOTA - 1, "ema.usage.collector.read-ahead", 4));

		Map<String, Object> run = awaitRun(collect(worker));

		assertThat(run).containsEntry("status", "succeeded").containsEntry("pages", 5).containsEntry("tenants", 240);
		assertThat(tooManyRequests()).isZero();
	}

	@Test
	void withoutTheLimitTheReadAheadRunsIntoTheQuota() {
		seedTenants("unpaced", 240);
		archive.quota(QUOTA);
		ConfigurableApplicationContext worker = startWorker(
				Map.of("ema.archive.rate-limit.requests-per-second", 0, "ema.usage.collector.read-ahead", 4));

		awaitRun(collect(worker));

		assertThat(tooManyRequests()).isPositive();
	}

	private long tooManyRequests() {
		String keyId = ArchiveSandbox.keyId(this.apiKey);
		return archive.requests()
			.stream()
			.filter((request) -> keyId.equals(request.keyId()) && request.status() == 429)
			.count();
	}

}
