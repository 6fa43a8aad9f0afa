package io.emabridge.provisioning.archive;

import java.util.Optional;
import java.util.function.Supplier;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.CreatedTenant;
import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;
import io.emabridge.provisioning.failure.FailureClassifier;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/** The archive port over the shared HTTP client: times every call and classifies every failure. */
class HttpArchiveClient implements ArchiveClient {

	private final ArchiveApiClient api;

	private final WorkerMetrics metrics;

	HttpArchiveClient(ArchiveApiClient api, WorkerMetrics metrics) {
		this.api = api;
		this.metrics = metrics;
	}

	@Override
	public CreateOutcome create(NewTenant tenant) {
		try {
			CreatedTenant created = timed("create", () -> this.api.createTenant(tenant));
			return new Created(created.slug(), created.url(), created.status());
		}
		catch (ArchiveApiException ex) {
			if (ex.isSlugTaken()) {
				return new SlugTaken(ex.getMessage());
			}
			if (ex.isSlugInvalid()) {
				return new SlugRefused(ex.getMessage());
			}
			throw FailureClassifier.classify(ex);
		}
	}

	@Override
	public Optional<Tenant> find(String slug) {
		try {
			return Optional.of(timed("get", () -> this.api.getTenant(slug)));
		}
		catch (ArchiveApiException ex) {
			if (ex.isNotFound()) {
				return Optional.empty();
			}
			throw FailureClassifier.classify(ex);
		}
	}

	@Override
	public void suspend(String slug) {
		try {
			timed("suspend", () -> this.api.suspend(slug));
		}
		catch (ArchiveApiException ex) {
			throw FailureClassifier.classify(ex);
		}
	}

	@Override
	public void unsuspend(String slug) {
		try {
			timed("unsuspend", () -> this.api.unsuspend(slug));
		}
		catch (ArchiveApiException ex) {
			throw FailureClassifier.classify(ex);
		}
	}

	private <T> T timed(String operation, Supplier<T> call) {
		long start = System.nanoTime();
		String status = "2xx";
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
