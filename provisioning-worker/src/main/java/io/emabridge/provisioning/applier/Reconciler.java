package io.emabridge.provisioning.applier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.archive.ArchiveClient;
import io.emabridge.provisioning.archive.CallNotSent;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.ledger.LeaseLostException;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.ledger.StoredEvent;
import io.emabridge.provisioning.ledger.WorkStatus;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.provisioning.metrics.WorkerMetrics.Outcome;
import io.emabridge.provisioning.tenantstate.TenantState;
import io.emabridge.provisioning.tenantstate.TenantStatePublisher;
import io.emabridge.provisioning.whmcs.WhmcsClient;

/**
 * Drives one claimed service from what the archive has to what the newest event asks for:
 * the applier's domain logic, in plain Java against its ports.
 * <ol>
 * <li>No tenant yet: wait while no create event has arrived (a suspend may overtake its
 * create); else reserve a slug and create the tenant. A slug the archive calls taken is
 * tried again under the next alternative, unless the previous request with it had no
 * definite answer and the tenant shows up under our key: then the tenant is ours and is
 * adopted.</li>
 * <li>Bring the tenant to the desired status: suspend for suspended and terminated (never
 * delete), unsuspend for active; then record the version applied. If a newer event
 * arrived meanwhile, go round again.</li>
 * <li>Transient failures are retried with back-off until the give-up period ends;
 * permanent ones, and retries that ran out, send the service's unapplied events to the
 * dead-letter topic and leave the service failed.</li>
 * <li>The WHMCS write-back and the tenant state publication follow on their own
 * schedules.</li>
 * </ol>
 */
public final class Reconciler {

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	/**
	 * Rounds of "a newer event arrived while applying" before the service goes back to
	 * the queue.
	 */
	private static final int MAX_ROUNDS = 5;

	private final Ledger ledger;

	private final ArchiveClient archive;

	private final WhmcsClient whmcs;

	private final TenantStatePublisher tenantState;

	private final DeadLetterSink deadLetters;

	private final Settings settings;

	private final WorkerMetrics metrics;

	private final Clock clock;

	private final RandomGenerator random;

	public Reconciler(Ledger ledger, ArchiveClient archive, WhmcsClient whmcs, TenantStatePublisher tenantState,
			DeadLetterSink deadLetters, Settings settings, WorkerMetrics metrics, Clock clock, RandomGenerator random) {
		this.ledger = ledger;
		this.archive = archive;
		this.whmcs = whmcs;
		this.tenantState = tenantState;
		this.deadLetters = deadLetters;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.random = random;
	}

	/** This instance's name in the ledger's claims. */
	public String worker() {
		return this.settings.worker();
	}

	/** Does whatever is due for the service, then gives the claim up. */
	public void reconcile(ServiceRecord claimed) {
		long id = claimed.serviceId();
		try {
			ServiceRecord service = claimed;
			if (service.archiveDue(now())) {
				service = driveArchive(service);
				if (service == null) {
					return; // applied, followed up and released in one write
				}
			}
			this.ledger.release(id, this.settings.worker(),
					followUp(service, service.slug(), service.url(), service.whmcsDue(now()),
							service.publishDue(now()) ? service.appliedVersion() : null, service.appliedStatus()),
					now());
		}
		catch (LeaseLostException ex) {
			log.info("Service {}: lease lost to another instance, leaving it to that one", id);
		}
	}

	/**
	 * Brings the archive to the newest event, going round again while newer ones arrive.
	 * Returns {@code null} once the service is applied, followed up and released;
	 * otherwise the service as it stands, still claimed.
	 */
	private ServiceRecord driveArchive(ServiceRecord start) {
		ServiceRecord service = start;
		for (int round = 0; round < MAX_ROUNDS && service.archiveDue(now()); round++) {
			EventVersion target = service.desiredVersion();
			ServiceStatus want = service.desiredStatus();
			TenantRef created = null;
			try {
				String archiveStatus = null;
				String slug = service.slug();
				String url = service.url();
				if (!service.hasTenant()) {
					if (service.createEvent() == null) {
						log.debug("Service {}: {} waits for its create event", service.serviceId(), want.value());
						return this.ledger.waitForCreate(service.serviceId(), this.settings.worker(),
								now().plus(this.settings.waitForCreate()), now());
					}
					created = ensureTenant(service);
					this.metrics.tenantCreated(created.adopted());
					archiveStatus = created.status();
					slug = created.slug();
					url = created.url();
				}
				if (!want.archiveStatus().equals(archiveStatus)) {
					if (want == ServiceStatus.ACTIVE) {
						this.archive.unsuspend(slug);
					}
					else {
						this.archive.suspend(slug);
					}
				}
				// the follow-up work goes first, so that one write records all of it
				// (done again after a crash)
				boolean writeBack = (created != null) ? this.settings.writeBack() : service.whmcsDue(now());
				Ledger.Followups followups = followUp(service, slug, url, writeBack, target, want);
				Ledger.Applied applied = this.ledger.markApplied(service.serviceId(), this.settings.worker(), target,
						want, (created != null) ? created.toRecord(this.settings.writeBack()) : null, followups, now());
				applied.appliedEvents().forEach((type) -> this.metrics.event(type, Outcome.APPLIED));
				service = applied.service();
				if (service.status() == WorkStatus.IDLE) {
					return null;
				}
			}
			catch (ProvisioningFailure failure) {
				if (created != null) {
					// the tenant exists even though its status could not be set: never
					// lose that
					service = this.ledger.recordTenant(service.serviceId(), this.settings.worker(),
							created.toRecord(this.settings.writeBack()), now());
				}
				if (CallNotSent.isCause(failure)) {
					return service; // never sent (circuit open, no permit): not an
									// attempt, the schedule stands
				}
				return failure.isRetriable() ? retryLater(service, target, failure)
						: deadLetter(service, target, failure.reason(), failure.getMessage());
			}
		}
		return service;
	}

	/**
	 * The WHMCS write-back and the tenant state publication, each when asked for.
	 * @param publish the applied version to publish, {@code null} for none
	 */
	private Ledger.Followups followUp(ServiceRecord service, String slug, String url, boolean writeBack,
			EventVersion publish, ServiceStatus status) {
		Ledger.Followups followups = Ledger.Followups.none();
		if (writeBack) {
			followups = writeBack(service, slug, url, followups);
		}
		if (publish != null) {
			followups = publish(new TenantState(service.serviceId(), slug, url, status, publish, now()), service,
					followups);
		}
		return followups;
	}

	/** Creates the service's tenant, or finds the one an earlier request created. */
	private TenantRef ensureTenant(ServiceRecord service) {
		ServiceCreated create = service.createEvent();
		SlugPlan plan = SlugPlan.of(create, this.settings.maxSlugAttempts());
		String candidate = service.slugCandidate();
		int attempt = service.slugAttempt();
		boolean outcomeUnknown = candidate != null && service.createOutcomeUnknown();
		while (true) {
			if (candidate == null) {
				Optional<String> next = plan.candidate(attempt);
				if (next.isEmpty()) {
					throw ProvisioningFailure.permanent(DeadLetterReason.SLUG_EXHAUSTED,
							"No slug left after trying " + attempt + " starting with '" + plan.primary() + "'", null);
				}
				if (!this.ledger.reserveCandidate(service.serviceId(), this.settings.worker(), next.get(), attempt,
						now())) {
					attempt++;
					continue;
				}
				candidate = next.get();
				outcomeUnknown = false;
			}
			ArchiveClient.CreateOutcome outcome = this.archive.create(TenantRequests.of(create, candidate));
			if (outcome instanceof ArchiveClient.Created created) {
				return new TenantRef(created.slug(), urlOf(created.slug(), created.url()), created.status(), false);
			}
			if (outcome instanceof ArchiveClient.SlugTaken taken) {
				if (outcomeUnknown) {
					Optional<Tenant> ours = this.archive.find(candidate);
					if (ours.isPresent()) {
						log.info("Service {}: adopted tenant {}, created by an earlier request whose answer was lost",
								service.serviceId(), candidate);
						return new TenantRef(candidate, urlOf(candidate, ours.get().url()), ours.get().status(), true);
					}
				}
				if (!plan.mayVary()) {
					throw ProvisioningFailure.permanent(DeadLetterReason.SLUG_TAKEN, "Requested slug '" + candidate
							+ "' is taken and the product does not generate another: " + taken.message(), null);
				}
			}
			else if (outcome instanceof ArchiveClient.SlugRefused refused && plan.requested() && attempt == 0) {
				throw ProvisioningFailure.permanent(DeadLetterReason.ARCHIVE_REJECTED,
						"The archive refuses requested slug '" + candidate + "': " + refused.message(), null);
			}
			log.info("Service {}: slug '{}' not available ({}), trying the next", service.serviceId(), candidate,
					outcome);
			this.metrics.slugAlternative();
			attempt++;
			candidate = null;
		}
	}

	private ServiceRecord retryLater(ServiceRecord service, EventVersion target, ProvisioningFailure failure) {
		Instant now = now();
		Instant firstFailure = (service.firstFailureAt() != null) ? service.firstFailureAt() : now;
		// time the archive circuit was open does not count: a long outage must not end in
		// a flood of dead letters
		Instant giveUpClock = firstFailure.plus(this.archive.unavailableSince(firstFailure));
		if (this.settings.archiveRetry().exhausted(giveUpClock, now)) {
			return deadLetter(service, target, DeadLetterReason.RETRIES_EXHAUSTED,
					"Gave up after failing since " + firstFailure + ": " + failure.getMessage());
		}
		int attempt = service.attempts() + 1;
		Instant next = this.settings.archiveRetry()
			.nextAttempt(attempt, now, failure.retryAfter().orElse(null), this.random);
		this.metrics.event(service.desiredType(), Outcome.RETRIED);
		log.info("Service {}: attempt {} failed, next at {}: {}", service.serviceId(), attempt, next,
				failure.getMessage());
		return this.ledger.markRetry(service.serviceId(), this.settings.worker(), target, failure.getMessage(), now,
				next);
	}

	/**
	 * Writes the events that make up the unmet desired state to the dead-letter topic and
	 * fails the service.
	 */
	private ServiceRecord deadLetter(ServiceRecord service, EventVersion target, DeadLetterReason reason,
			String message) {
		Instant now = now();
		List<StoredEvent> events = this.ledger.recordedEvents(service.serviceId())
			.stream()
			.filter((event) -> !event.version().isNewerThan(target))
			.toList();
		DeadLetterSink.DeadLetter letter = new DeadLetterSink.DeadLetter(reason, message, service.attempts() + 1,
				(service.firstFailureAt() != null) ? service.firstFailureAt() : now, now);
		try {
			for (StoredEvent event : events) {
				this.deadLetters.deadLetter(event, letter);
			}
		}
		catch (RuntimeException ex) {
			// not acknowledged: the events stay recorded and the whole attempt is made
			// again later
			log.warn("Service {}: could not write to the dead-letter topic, retrying later: {}", service.serviceId(),
					ex.toString());
			Instant next = this.settings.publishRetry().nextAttempt(service.attempts() + 1, now, null, this.random);
			return this.ledger.markRetry(service.serviceId(), this.settings.worker(), target,
					"dead-letter topic unavailable: " + message, now, next);
		}
		log.warn("Service {}: dead-lettered {} event(s) as {}: {}", service.serviceId(), events.size(), reason.value(),
				message);
		for (StoredEvent event : events) {
			this.metrics.event(event.type(), Outcome.DEAD_LETTERED);
			this.metrics.deadLetter(reason);
		}
		return this.ledger.markDeadLettered(service.serviceId(), this.settings.worker(), target,
				events.stream().map((event) -> event.version().eventId()).toList(), reason, message, now);
	}

	private Ledger.Followups writeBack(ServiceRecord service, String slug, String url, Ledger.Followups followups) {
		try {
			this.whmcs.writeBack(service.serviceId(), slug, url);
			this.metrics.whmcsWriteBack(true);
			return followups.withWhmcsSynced();
		}
		catch (ProvisioningFailure failure) {
			this.metrics.whmcsWriteBack(false);
			int attempt = (service.hasTenant() ? service.whmcsAttempts() : 0) + 1;
			RetryPolicy retry = this.settings.whmcsRetry();
			Instant next = failure.isRetriable() ? retry.nextAttempt(attempt, now(), null, this.random)
					: now().plus(retry.max());
			log.warn("Service {}: WHMCS write-back failed (attempt {}, next at {}): {}", service.serviceId(), attempt,
					next, failure.getMessage());
			return followups.withWhmcsFailed(failure.getMessage(), next);
		}
	}

	private Ledger.Followups publish(TenantState state, ServiceRecord service, Ledger.Followups followups) {
		try {
			this.tenantState.publish(state);
			this.metrics.tenantStatePublication(true);
			return followups.withPublished(state.version().eventId());
		}
		catch (RuntimeException ex) {
			this.metrics.tenantStatePublication(false);
			Instant next = this.settings.publishRetry()
				.nextAttempt(service.publishAttempts() + 1, now(), null, this.random);
			log.warn("Service {}: tenant state not published, next at {}: {}", service.serviceId(), next,
					ex.toString());
			return followups.withPublishFailed(next);
		}
	}

	private String urlOf(String slug, String reported) {
		return (reported != null && !reported.isBlank()) ? reported
				: "https://" + slug + "." + this.settings.baseDomain();
	}

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * How the reconciler behaves.
	 *
	 * @param worker this instance's name in the ledger's claims
	 * @param archiveRetry back-off of archive calls, with the give-up period
	 * @param whmcsRetry back-off of the WHMCS write-back (never gives up)
	 * @param publishRetry back-off of tenant state publication (never gives up)
	 * @param waitForCreate how often a service without a create event is looked at again
	 * @param maxSlugAttempts how many slugs to try before giving up with
	 * {@code slug_exhausted}
	 * @param baseDomain the reseller's base domain, for tenants whose create answer has
	 * no URL
	 * @param writeBack whether to write slug and URL back into WHMCS
	 */
	public record Settings(String worker, RetryPolicy archiveRetry, RetryPolicy whmcsRetry, RetryPolicy publishRetry,
			Duration waitForCreate, int maxSlugAttempts, String baseDomain, boolean writeBack) {
	}

	/**
	 * A tenant that exists, with its status at the archive, and whether it was adopted
	 * rather than created.
	 */
	private record TenantRef(String slug, String url, String status, boolean adopted) {

		Ledger.NewTenant toRecord(boolean writeBack) {
			return new Ledger.NewTenant(this.slug, this.url, writeBack);
		}
	}

}
