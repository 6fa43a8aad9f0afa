package io.emabridge.provisioning.decisions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.applier.DeadLetterSink;
import io.emabridge.provisioning.archive.ArchiveClient;
import io.emabridge.provisioning.archive.CallNotSent;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.ledger.Claim;
import io.emabridge.provisioning.ledger.LeaseLostException;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.ledger.StoredEvent;
import io.emabridge.provisioning.ledger.ValidatedEvents;
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
 * create; after {@code missingCreateAfter} WHMCS is told); else reserve a slug and create
 * the tenant. A slug the archive calls taken is never proof that the tenant is ours
 * ({@link Ownership}): only when an earlier request with it had no definite answer, and
 * the tenant under it is what this service sent and younger than that request, is it
 * adopted; otherwise the next alternative is tried, or, for a requested slug that may not
 * vary, the service is dead-lettered and parked.</li>
 * <li>Bring the tenant to the desired status: suspend for suspended and terminated (never
 * delete), unsuspend for active; then record the version applied, and only then publish
 * it to the tenant state topic. If a newer event arrived meanwhile, go round again.</li>
 * <li>Transient failures are retried with back-off until the give-up period ends;
 * permanent ones, and retries that ran out, are recorded as dead letters (with the WHMCS
 * notice) in one write, then published: once per failure, whatever fails next.</li>
 * <li>Every call with an effect is made only while the claim's lease has time left; a
 * claim replaced by another instance's (a stalled worker) stops before its next call, and
 * its writes are refused by the fencing token.</li>
 * <li>Anything unexpected (a bug, the database) backs off like a transient failure,
 * counted and logged once per episode: no input and no failure makes the applier
 * loop.</li>
 * </ol>
 */
public final class ServiceDriver {

	private static final Logger log = LoggerFactory.getLogger(ServiceDriver.class);

	/**
	 * Rounds of "a newer event arrived while applying" before the service goes back to
	 * the queue.
	 */
	private static final int MAX_ROUNDS = 5;

	private final Ledger ledger;

	private final Function<Long, Archive> accounts;

	private final WhmcsClient whmcs;

	private final TenantStatePublisher tenantState;

	private final DeadLetterSink deadLetters;

	private final Settings settings;

	private final WorkerMetrics metrics;

	private final Clock clock;

	private final RandomGenerator random;

	/**
	 * A driver whose services all belong to one reseller account, under
	 * {@code settings.baseDomain()}.
	 */
	public ServiceDriver(Ledger ledger, ArchiveClient archive, WhmcsClient whmcs, TenantStatePublisher tenantState,
			DeadLetterSink deadLetters, Settings settings, WorkerMetrics metrics, Clock clock, RandomGenerator random) {
		this(ledger, (serverId) -> new Archive(archive, settings.baseDomain()), whmcs, tenantState, deadLetters,
				settings, metrics, clock, random);
	}

	/**
	 * A driver over several reseller accounts.
	 * @param accounts the account holding the services of a WHMCS server (called with the
	 * service's server id, {@code null} when none is known)
	 */
	public ServiceDriver(Ledger ledger, Function<Long, Archive> accounts, WhmcsClient whmcs,
			TenantStatePublisher tenantState, DeadLetterSink deadLetters, Settings settings, WorkerMetrics metrics,
			Clock clock, RandomGenerator random) {
		this.ledger = ledger;
		this.accounts = accounts;
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
	public void drive(ServiceRecord claimed) {
		Pass pass = new Pass(claimed.claim(), claimed.claimedUntil(), this.accounts.apply(claimed.serverId()));
		try {
			ServiceRecord service = claimed;
			if (service.deadLettersDue(now())) {
				pass.stage = Stage.DEAD_LETTER;
				service = publishDeadLetters(pass, service);
			}
			if (service.archiveDue(now())) {
				pass.stage = Stage.ARCHIVE;
				service = driveArchive(pass, service);
			}
			Ledger.Followups followups = followUp(pass, service, service.slug(), service.url(), service.whmcsDue(now()),
					// a tenant adopted in a status the bridge does not drive has no state
					// to publish yet
					(service.publishDue(now()) && service.appliedStatus() != null) ? service.appliedVersion() : null,
					service.appliedStatus());
			pass.stage = Stage.RELEASE;
			this.ledger.release(pass.claim, followups, now());
		}
		catch (LeaseLostException ex) {
			log.info("Service {}: claim taken over by another instance, leaving the service to it",
					pass.claim.serviceId());
		}
		catch (RuntimeException ex) {
			unexpected(claimed, pass, ex);
		}
	}

	/**
	 * Something failed that no failure path foresaw: counted, logged once per episode,
	 * and the service held off with back-off instead of being claimed again at once.
	 */
	private void unexpected(ServiceRecord claimed, Pass pass, RuntimeException ex) {
		int attempt = claimed.errorAttempts() + 1;
		Instant hold = this.settings.publishRetry().nextAttempt(attempt, now(), null, this.random);
		this.metrics.applyError(pass.stage.tag());
		if (attempt == 1) {
			log.warn("Service {}: unexpected failure while {} (held off until {}, later failures of this episode"
					+ " are logged at debug level)", pass.claim.serviceId(), pass.stage.tag(), hold, ex);
		}
		else {
			log.debug("Service {}: unexpected failure {} while {}, held off until {}: {}", pass.claim.serviceId(),
					attempt, pass.stage.tag(), hold, ex.toString());
		}
		try {
			this.ledger.markError(pass.claim, pass.stage.tag(), ex.toString(), hold, now());
		}
		catch (RuntimeException recordFailed) {
			// the ledger itself fails: the lease runs out and bounds the next attempt
			log.debug("Service {}: could not record the failure", pass.claim.serviceId(), recordFailed);
		}
	}

	/**
	 * Brings the archive to the newest event, going round again while newer ones arrive.
	 * Returns the service as it stands, still claimed.
	 */
	private ServiceRecord driveArchive(Pass pass, ServiceRecord start) {
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
						return waitForCreate(pass, service, want);
					}
					created = ensureTenant(pass, service);
					this.metrics.tenantCreated(created.proof().evidence() != Ownership.Evidence.CREATED);
					archiveStatus = created.status();
					slug = created.slug();
					url = created.url();
				}
				if (!want.archiveStatus().equals(archiveStatus)) {
					pass.ensureLease();
					if (want == ServiceStatus.ACTIVE) {
						pass.archive.client().unsuspend(slug);
					}
					else {
						pass.archive.client().suspend(slug);
					}
				}
				// the write-back names the tenant, not a state: a stale one is harmless,
				// so
				// it is recorded with the applied state in one write
				boolean writeBack = (created != null) ? this.settings.writeBack() : service.whmcsDue(now());
				Ledger.Followups followups = writeBack ? writeBack(pass, service, slug, url, Ledger.Followups.none())
						: Ledger.Followups.none();
				Ledger.Applied applied = this.ledger.markApplied(pass.claim, target, want,
						(created != null) ? created.toRecord(this.settings.writeBack()) : null, followups, now());
				pass.renewed(applied.service().claimedUntil());
				applied.appliedEvents().forEach((type) -> this.metrics.event(type, Outcome.APPLIED));
				service = applied.service();
			}
			catch (ProvisioningFailure failure) {
				if (created != null) {
					// the tenant is ours even though its status could not be set: never
					// lose that
					service = this.ledger.recordTenant(pass.claim, created.toRecord(this.settings.writeBack()), now());
				}
				if (CallNotSent.isCause(failure)) {
					return service; // never sent (circuit open, no permit): not an
									// attempt,
									// the schedule stands
				}
				return failure.isRetriable() ? retryLater(pass, service, target, failure)
						: deadLetter(pass, service, target, failure.reason(), failure.getMessage());
			}
		}
		return service;
	}

	/**
	 * A service with events and no create: it waits (a suspend may overtake its create),
	 * and once it has waited {@code missingCreateAfter} WHMCS is told, once.
	 */
	private ServiceRecord waitForCreate(Pass pass, ServiceRecord service, ServiceStatus want) {
		Instant now = now();
		Instant noticeAt = (service.firstSeenAt() != null)
				? service.firstSeenAt().plus(this.settings.missingCreateAfter()) : now;
		boolean notice = !service.waitingNoticed() && !noticeAt.isAfter(now);
		Instant next = now.plus(this.settings.waitForCreate());
		if (!service.waitingNoticed() && noticeAt.isAfter(now) && noticeAt.isBefore(next)) {
			next = noticeAt;
		}
		if (notice) {
			log.warn("Service {}: {} has waited since {} for a create event that has not come; WHMCS is told",
					service.serviceId(), want.value(), service.firstSeenAt());
		}
		else {
			log.debug("Service {}: {} waits for its create event", service.serviceId(), want.value());
		}
		ServiceRecord waiting = this.ledger.waitForCreate(pass.claim, next, notice, now);
		pass.renewed(waiting.claimedUntil());
		return waiting;
	}

	/**
	 * The WHMCS write-back and the tenant state publication, each when asked for; the
	 * publication only after the applied state was recorded under a claim that still
	 * holds.
	 * @param publish the applied version to publish, {@code null} for none
	 */
	private Ledger.Followups followUp(Pass pass, ServiceRecord service, String slug, String url, boolean writeBack,
			EventVersion publish, ServiceStatus status) {
		Ledger.Followups followups = Ledger.Followups.none();
		if (writeBack) {
			pass.stage = Stage.WRITE_BACK;
			followups = writeBack(pass, service, slug, url, followups);
		}
		if (publish != null) {
			pass.stage = Stage.PUBLISH;
			pass.ensureLease();
			followups = publish(new TenantState(service.serviceId(), slug, url, status, publish, now()), service,
					followups);
		}
		return followups;
	}

	/**
	 * Creates the service's tenant, or proves that the one an earlier request created is
	 * its own.
	 */
	private TenantRef ensureTenant(Pass pass, ServiceRecord service) {
		ServiceCreated create = service.createEvent();
		SlugPlan plan = SlugPlan.of(create, this.settings.maxSlugAttempts());
		String candidate = service.slugCandidate();
		int attempt = service.slugAttempt();
		// a request with this candidate was sent before and had no definite answer
		boolean outcomeUnknown = candidate != null && service.createOutcomeUnknown();
		Instant firstSentAt = service.candidateSentAt();
		while (true) {
			if (candidate == null) {
				Optional<String> next = plan.candidate(attempt);
				if (next.isEmpty()) {
					throw ProvisioningFailure.permanent(DeadLetterReason.SLUG_EXHAUSTED,
							"No slug left after trying " + attempt + " starting with '" + plan.primary() + "'", null);
				}
				Instant sentAt = now();
				Optional<Instant> reserved = this.ledger.reserveCandidate(pass.claim, next.get(), attempt, sentAt);
				if (reserved.isEmpty()) {
					attempt++;
					continue;
				}
				pass.renewed(reserved.get());
				candidate = next.get();
				outcomeUnknown = false;
				firstSentAt = sentAt;
			}
			NewTenant request = TenantRequests.of(create, candidate);
			pass.ensureLease();
			ArchiveClient.CreateOutcome outcome = pass.archive.client().create(request);
			if (outcome instanceof ArchiveClient.Created created) {
				return new TenantRef(created.slug(), urlOf(pass, created.slug(), created.url()), created.status(),
						Ownership.created(created.slug()));
			}
			if (outcome instanceof ArchiveClient.SlugTaken taken) {
				String notOurs = "taken";
				if (outcomeUnknown) {
					Optional<Tenant> found = pass.archive.client().find(candidate);
					if (found.isPresent()) {
						Ownership.Verdict verdict = Ownership.lostAnswer(request, found.get(), firstSentAt,
								this.settings.ownershipClockSkew());
						if (verdict instanceof Ownership.Ours ours) {
							log.info("Service {}: adopted tenant {}: {}", service.serviceId(), candidate,
									ours.proof().detail());
							return new TenantRef(candidate, urlOf(pass, candidate, found.get().url()),
									found.get().status(), ours.proof());
						}
						notOurs = ((Ownership.NotOurs) verdict).why();
						log.warn("Service {}: slug '{}' is taken and {}", service.serviceId(), candidate, notOurs);
					}
				}
				if (!plan.mayVary()) {
					throw ProvisioningFailure.permanent(DeadLetterReason.SLUG_TAKEN,
							"Requested slug '" + candidate + "' belongs to another tenant and the product does not"
									+ " generate another (" + notOurs + "): " + taken.message(),
							null);
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

	private ServiceRecord retryLater(Pass pass, ServiceRecord service, EventVersion target,
			ProvisioningFailure failure) {
		Instant now = now();
		Instant firstFailure = (service.firstFailureAt() != null) ? service.firstFailureAt() : now;
		// time the archive was unavailable (circuit open, key refused) does not count: a
		// long outage must not end in a flood of dead letters
		Instant giveUpClock = firstFailure.plus(pass.archive.client().unavailableSince(firstFailure));
		if (this.settings.archiveRetry().exhausted(giveUpClock, now)) {
			return deadLetter(pass, service, target, DeadLetterReason.RETRIES_EXHAUSTED,
					"Gave up after failing since " + firstFailure + ": " + failure.getMessage());
		}
		int attempt = service.attempts() + 1;
		Instant next = this.settings.archiveRetry()
			.nextAttempt(attempt, now, failure.retryAfter().orElse(null), this.random);
		this.metrics.event(service.desiredType(), Outcome.RETRIED);
		log.info("Service {}: attempt {} failed, next at {}: {}", service.serviceId(), attempt, next,
				failure.getMessage());
		return this.ledger.markRetry(pass.claim, target, failure.getMessage(), now, next);
	}

	/**
	 * Records the events that make up the unmet desired state as dead letters, with the
	 * service's failure and its WHMCS notice, then publishes them.
	 */
	private ServiceRecord deadLetter(Pass pass, ServiceRecord service, EventVersion target, DeadLetterReason reason,
			String message) {
		Instant now = now();
		List<StoredEvent> events = this.ledger.recordedEvents(service.serviceId())
			.stream()
			.filter((event) -> !event.version().isNewerThan(target))
			.toList();
		DeadLetter letter = new DeadLetter(reason, message, service.attempts() + 1,
				(service.firstFailureAt() != null) ? service.firstFailureAt() : now, now);
		List<UUID> ids = events.stream().map((event) -> event.version().eventId()).toList();
		ServiceRecord failed = this.ledger.markDeadLettered(pass.claim, target, ids, letter,
				clientIdOf(service, events), now);
		pass.renewed(failed.claimedUntil());
		log.warn("Service {}: dead-lettered {} event(s) as {}: {}", service.serviceId(), events.size(), reason.value(),
				message);
		for (StoredEvent event : events) {
			this.metrics.event(event.type(), Outcome.DEAD_LETTERED);
			this.metrics.deadLetter(reason);
		}
		pass.stage = Stage.DEAD_LETTER;
		return publishDeadLetters(pass, failed);
	}

	/**
	 * Publishes the service's recorded dead letters; those Kafka did not acknowledge are
	 * tried again with back-off.
	 */
	private ServiceRecord publishDeadLetters(Pass pass, ServiceRecord service) {
		List<UUID> published = new ArrayList<>();
		Instant next = now();
		try {
			for (Ledger.PendingDeadLetter pending : this.ledger.unpublishedDeadLetters(service.serviceId())) {
				pass.ensureLease();
				this.deadLetters.deadLetter(pending.event(), pending.letter());
				published.add(pending.event().version().eventId());
			}
		}
		catch (LeaseLostException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// not acknowledged: recorded as unpublished, tried again later
			next = this.settings.publishRetry().nextAttempt(service.deadLetterAttempts() + 1, now(), null, this.random);
			log.warn("Service {}: could not write to the dead-letter topic, next at {}: {}", service.serviceId(), next,
					ex.toString());
		}
		ServiceRecord after = this.ledger.deadLettersPublished(pass.claim, published, next, now());
		pass.renewed(after.claimedUntil());
		return after;
	}

	/**
	 * The service's WHMCS client, read in Java from its events: never by the database.
	 */
	private static Long clientIdOf(ServiceRecord service, List<StoredEvent> events) {
		if (service.createEvent() != null && service.createEvent().clientId() != null) {
			return service.createEvent().clientId();
		}
		for (StoredEvent event : events) {
			try {
				LifecycleEvent read = ValidatedEvents.read(event.raw());
				if (read.clientId() != null) {
					return read.clientId();
				}
			}
			catch (RuntimeException ex) {
				// an event the worker accepted but cannot read again: no client for the
				// notice
			}
		}
		return null;
	}

	private Ledger.Followups writeBack(Pass pass, ServiceRecord service, String slug, String url,
			Ledger.Followups followups) {
		try {
			pass.ensureLease();
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

	private static String urlOf(Pass pass, String slug, String reported) {
		return (reported != null && !reported.isBlank()) ? reported
				: "https://" + slug + "." + pass.archive.baseDomain();
	}

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * How the driver behaves.
	 *
	 * @param worker this instance's name in the ledger's claims
	 * @param archiveRetry back-off of archive calls, with the give-up period
	 * @param whmcsRetry back-off of the WHMCS write-back (never gives up)
	 * @param publishRetry back-off of tenant state and dead-letter publication (never
	 * gives up), and of unexpected failures
	 * @param waitForCreate how often a service without a create event is looked at again
	 * @param missingCreateAfter how long a service may wait for its create before WHMCS
	 * is told
	 * @param maxSlugAttempts how many slugs to try before giving up with
	 * {@code slug_exhausted}
	 * @param baseDomain the reseller's base domain, for tenants whose create answer has
	 * no URL (of the single account, when the driver is given one client)
	 * @param writeBack whether to write slug and URL back into WHMCS
	 * @param leaseMargin the time a call needs with the lease: a call is made only while
	 * the lease has at least this much left, else the lease is renewed first
	 * @param ownershipClockSkew how far the archive's clock may lag behind the worker's
	 * when a lost create is matched with the tenant found
	 */
	public record Settings(String worker, RetryPolicy archiveRetry, RetryPolicy whmcsRetry, RetryPolicy publishRetry,
			Duration waitForCreate, Duration missingCreateAfter, int maxSlugAttempts, String baseDomain,
			boolean writeBack, Duration leaseMargin, Duration ownershipClockSkew) {
	}

	/**
	 * The reseller account a service's archive calls go to.
	 *
	 * @param client the account's client, behind its circuit breaker and rate limiter
	 * @param baseDomain the account's base domain, for tenants whose create answer has no
	 * URL
	 */
	public record Archive(ArchiveClient client, String baseDomain) {
	}

	/** The stages of one pass, for the count of unexpected failures. */
	public enum Stage {

		DEAD_LETTER("dead_letter"), ARCHIVE("archive"), WRITE_BACK("write_back"), PUBLISH("publish"),
		RELEASE("release");

		private final String tag;

		Stage(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

	/**
	 * One pass over a claimed service: its claim, how long the lease is known to last,
	 * and the stage it is in.
	 */
	private final class Pass {

		private final Claim claim;

		private Instant leaseUntil;

		/** The reseller account that holds the service. */
		private final Archive archive;

		private Stage stage = Stage.ARCHIVE;

		Pass(Claim claim, Instant leaseUntil, Archive archive) {
			this.claim = claim;
			this.leaseUntil = leaseUntil;
			this.archive = archive;
		}

		void renewed(Instant until) {
			if (until != null) {
				this.leaseUntil = until;
			}
		}

		/**
		 * Before a call with an effect: the lease must outlast the call. Otherwise it is
		 * renewed first, which fails when another claim replaced this one (this instance
		 * stalled, and another took over).
		 */
		void ensureLease() {
			Instant now = now();
			if (this.leaseUntil == null
					|| now.plus(ServiceDriver.this.settings.leaseMargin()).isAfter(this.leaseUntil)) {
				this.leaseUntil = ServiceDriver.this.ledger.renew(this.claim, now);
			}
		}

	}

	/**
	 * A tenant that is the service's now, with its status at the archive and the proof.
	 */
	private record TenantRef(String slug, String url, String status, Ownership.Proof proof) {

		Ledger.NewTenant toRecord(boolean writeBack) {
			return new Ledger.NewTenant(this.slug, this.url, writeBack, this.proof);
		}
	}

}
