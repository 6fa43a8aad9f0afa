package io.emabridge.usage.archive;

import java.util.function.Supplier;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;
import io.emabridge.usage.collector.TenantSource;
import io.emabridge.usage.metrics.UsageMetrics;

/** The archive API client, with every call timed by operation and status. */
class MeteredTenantSource implements TenantSource {

	private final ArchiveApiClient client;

	private final UsageMetrics metrics;

	MeteredTenantSource(ArchiveApiClient client, UsageMetrics metrics) {
		this.client = client;
		this.metrics = metrics;
	}

	@Override
	public TenantPage page(int page) {
		return timed("list", () -> this.client.listTenants(page));
	}

	@Override
	public TenantUsage usage(String slug) {
		return timed("usage", () -> this.client.usage(slug));
	}

	private <T> T timed(String operation, Supplier<T> call) {
		long start = System.nanoTime();
		String status = "200";
		try {
			return call.get();
		}
		catch (ArchiveApiException ex) {
			status = (ex.status() == ArchiveApiException.NO_STATUS) ? "none" : Integer.toString(ex.status());
			throw ex;
		}
		finally {
			this.metrics.archiveRequest(operation, status, System.nanoTime() - start);
		}
	}

}
