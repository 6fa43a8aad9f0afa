package io.emabridge.usage.archive;

import io.github.resilience4j.ratelimiter.RateLimiter;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;
import io.emabridge.support.metrics.ArchiveCallTimer;
import io.emabridge.usage.collector.TenantSource;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.pacing.EvenPace;

/**
 * The archive API client of one reseller account, with every call paced by the account's
 * rate limit and timed by operation and status.
 */
class MeteredTenantSource implements TenantSource {

	private final ArchiveApiClient client;

	private final ArchiveCallTimer timer;

	/** {@code null}: no limit. */
	private final RateLimiter limiter;

	/**
	 * A source of one account.
	 * @param requestsPerSecond most calls per second, evenly spaced, whatever the number
	 * of read-ahead threads; 0 = no limit
	 */
	MeteredTenantSource(ArchiveApiClient client, UsageMetrics metrics, double requestsPerSecond) {
		this.client = client;
		this.timer = metrics.archiveCalls();
		this.limiter = (requestsPerSecond > 0) ? EvenPace.limiter("archive-usage-reads", requestsPerSecond) : null;
	}

	@Override
	public TenantPage page(int page) {
		awaitPermit();
		return this.timer.timed("list", () -> this.client.listTenants(page));
	}

	@Override
	public TenantUsage usage(String slug) {
		awaitPermit();
		return this.timer.timed("usage", () -> this.client.usage(slug));
	}

	private void awaitPermit() {
		if (this.limiter != null) {
			RateLimiter.waitForPermission(this.limiter);
		}
	}

}
