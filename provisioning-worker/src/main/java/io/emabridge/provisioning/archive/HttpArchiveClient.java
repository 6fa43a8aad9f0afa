package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.CreatedTenant;
import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;
import io.emabridge.provisioning.failure.FailureClassifier;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/**
 * The archive port over the shared HTTP client: every call passes the circuit breaker and
 * its API key's rate limiter, is timed, and has its failure classified.
 */
class HttpArchiveClient implements ArchiveClient {

	private final ArchiveApiClient api;

	private final ArchiveCircuit circuit;

	private final AdaptiveRateLimiter limiter;

	private final KeyCheck keyCheck;

	private final String keyTag;

	private final WorkerMetrics metrics;

	/**
	 * A client of one API key of the archive.
	 * @param limiter the limiter of the client's API key
	 * @param keyTag the metric tag of that key
	 */
	HttpArchiveClient(ArchiveApiClient api, ArchiveCircuit circuit, AdaptiveRateLimiter limiter, KeyCheck keyCheck,
			String keyTag, WorkerMetrics metrics) {
		this.api = api;
		this.circuit = circuit;
		this.limiter = limiter;
		this.keyCheck = keyCheck;
		this.keyTag = keyTag;
		this.metrics = metrics;
	}

	@Override
	public CreateOutcome create(NewTenant tenant) {
		try {
			CreatedTenant created = guarded("create", () -> this.api.createTenant(tenant));
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
			return Optional.of(guarded("get", () -> this.api.getTenant(slug)));
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
			guarded("suspend", () -> this.api.suspend(slug));
		}
		catch (ArchiveApiException ex) {
			throw FailureClassifier.classify(ex);
		}
	}

	@Override
	public void unsuspend(String slug) {
		try {
			guarded("unsuspend", () -> this.api.unsuspend(slug));
		}
		catch (ArchiveApiException ex) {
			throw FailureClassifier.classify(ex);
		}
	}

	/**
	 * The probe is the cheapest read there is: the first page of this reseller's tenants.
	 */
	@Override
	public boolean available() {
		return this.circuit.admitsWork(() -> timed("probe", () -> this.api.listTenants(1)))
				&& this.keyCheck.admitsWork(this::probeKey);
	}

	@Override
	public Duration unavailableSince(Instant since) {
		return this.circuit.openTimeSince(since).plus(this.keyCheck.refusedTimeSince(since));
	}

	/** Whether the archive takes the key, asked with the cheapest read there is. */
	private KeyCheck.Probe probeKey() {
		try {
			timed("probe", () -> this.api.listTenants(1));
			return KeyCheck.Probe.ACCEPTED;
		}
		catch (ArchiveApiException ex) {
			return ex.isUnauthorized() ? KeyCheck.Probe.REFUSED : KeyCheck.Probe.UNKNOWN;
		}
		catch (RuntimeException ex) {
			return KeyCheck.Probe.UNKNOWN;
		}
	}

	/**
	 * One call through the circuit breaker and the rate limiter; throws a
	 * {@link CallNotSent} failure if held back.
	 */
	private <T> T guarded(String operation, Supplier<T> call) {
		if (this.keyCheck.refused()) {
			this.metrics.archiveCallNotSent(CallNotSent.Reason.KEY_REFUSED.tag());
			throw CallNotSent.failure(CallNotSent.Reason.KEY_REFUSED,
					"Archive call not sent: the archive refuses the reseller API key", null);
		}
		try {
			this.circuit.acquire();
		}
		catch (ProvisioningFailure notSent) {
			this.metrics.archiveCallNotSent(CallNotSent.Reason.CIRCUIT_OPEN.tag());
			throw notSent;
		}
		try {
			this.limiter.acquire();
		}
		catch (ProvisioningFailure notSent) {
			this.circuit.release();
			this.metrics.archiveCallNotSent(CallNotSent.Reason.NO_PERMIT.tag());
			throw notSent;
		}
		long start = System.nanoTime();
		try {
			T result = timed(operation, call);
			this.circuit.succeeded(System.nanoTime() - start);
			this.limiter.succeeded();
			return result;
		}
		catch (RuntimeException ex) {
			this.circuit.failed(System.nanoTime() - start, ex);
			if (ex instanceof ArchiveApiException answer && answer.status() == 429) {
				this.metrics.archiveRateLimited(this.keyTag);
				this.limiter.rateLimited(answer.retryAfter().orElse(null));
			}
			if (ex instanceof ArchiveApiException answer && answer.isUnauthorized()) {
				refused(answer);
			}
			throw ex;
		}
	}

	/**
	 * A 401 or 403: when the key itself is refused, every service waits (the call counts
	 * as not sent); when the key cannot be checked, the call is retried; otherwise the
	 * refusal is this request's, and the caller dead-letters its service.
	 */
	private void refused(ArchiveApiException answer) {
		switch (this.keyCheck.afterRefusal(this::probeKey)) {
			case REFUSED -> {
				this.metrics.archiveCallNotSent(CallNotSent.Reason.KEY_REFUSED.tag());
				throw CallNotSent.failure(CallNotSent.Reason.KEY_REFUSED,
						"The archive refuses the reseller API key: " + answer.getMessage(), null);
			}
			case UNKNOWN -> throw ProvisioningFailure.retriable(
					"Refused (" + answer.status() + ") and the key could not be checked: " + answer.getMessage(), null,
					answer);
			case ACCEPTED -> {
				// the key works: the refusal is about this request
			}
		}
	}

	private <T> T timed(String operation, Supplier<T> call) {
		return this.metrics.archiveCalls().timed(operation, call);
	}

}
