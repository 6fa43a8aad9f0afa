package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;
import io.emabridge.provisioning.failure.ProvisioningFailure;

/**
 * What the applier needs from the archive. Every method throws
 * {@link ProvisioningFailure}, already classified as retriable or permanent; there is no
 * way to delete a tenant.
 */
public interface ArchiveClient {

	/**
	 * Creates a tenant; a slug the archive will not take is an outcome, not a failure.
	 */
	CreateOutcome create(NewTenant tenant);

	/** The tenant with this slug if this reseller has it. */
	Optional<Tenant> find(String slug);

	/** Suspends a tenant; a suspended one stays suspended. */
	void suspend(String slug);

	/** Restores access to a tenant; an active one stays active. */
	void unsuspend(String slug);

	/**
	 * Whether the applier may take archive work now: false while the circuit breaker is
	 * open, in which case this may probe the archive to find out whether it is back.
	 */
	default boolean available() {
		return true;
	}

	/**
	 * How long, of the time since {@code since}, calls were held back because the archive
	 * was down: that time does not count toward giving up on a service.
	 */
	default Duration unavailableSince(Instant since) {
		return Duration.ZERO;
	}

	/** What a create request came to. */
	sealed interface CreateOutcome {

	}

	/**
	 * The tenant exists now, with the slug (and URL, when the answer had one) the archive
	 * reported.
	 */
	record Created(String slug, String url, String status) implements CreateOutcome {
	}

	/**
	 * The slug is taken: by another reseller, by another tenant, or by our own tenant
	 * whose answer was lost.
	 */
	record SlugTaken(String message) implements CreateOutcome {
	}

	/** The archive refuses the slug itself (format, length, a word it reserves). */
	record SlugRefused(String message) implements CreateOutcome {
	}

}
