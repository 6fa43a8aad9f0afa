package io.emabridge.usage.archive;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;
import io.emabridge.support.metrics.ArchiveCallTimer;
import io.emabridge.usage.collector.TenantSource;
import io.emabridge.usage.metrics.UsageMetrics;

/** The archive API client, with every call timed by operation and status. */
class MeteredTenantSource implements TenantSource {

	private final ArchiveApiClient client;

	private final ArchiveCallTimer timer;

	MeteredTenantSource(ArchiveApiClient client, UsageMetrics metrics) {
		this.client = client;
		this.timer = metrics.archiveCalls();
	}

	@Override
	public TenantPage page(int page) {
		return this.timer.timed("list", () -> this.client.listTenants(page));
	}

	@Override
	public TenantUsage usage(String slug) {
		return this.timer.timed("usage", () -> this.client.usage(slug));
	}

}
