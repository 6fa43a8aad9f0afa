package io.emabridge.provisioning.decisions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.Claim;
import io.emabridge.provisioning.ledger.ClaimScope;
import io.emabridge.provisioning.ledger.EventState;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.LeaseLostException;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.RecordingPlan;
import io.emabridge.provisioning.ledger.ServiceDesired;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.ledger.StoredEvent;
import io.emabridge.provisioning.ledger.WorkStatus;

/**
 * The ledger's semantics in memory, for testing the service driver without a database:
 * the same claims, fencing tokens and guarded updates as the JDBC ledger,
 * single-threaded.
 */
final class InMemoryLedger implements Ledger {

	static final Duration LEASE = Duration.ofSeconds(60);

	final Map<Long, Row> services = new LinkedHashMap<>();

	final Map<UUID, Stored> events = new LinkedHashMap<>();

	/** Dead letters recorded and not yet published, by event id. */
	final Map<UUID, PendingDeadLetter> outbox = new LinkedHashMap<>();

	/** WHMCS notices opened, as "serviceId reason". */
	final List<String> notices = new ArrayList<>();

	private long tokens;

	/**
	 * Thrown by the next {@link #markDeadLettered}, as a database that refuses the write
	 * would.
	 */
	RuntimeException failNextDeadLettering;

	/** Records events as the listener would, with the real decider. */
	void receive(Instant now, LifecycleEvent... received) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : received) {
			batch.add(io.emabridge.provisioning.support.Events.incoming(event, this.events.size()));
		}
		record(batch, new EventRecorder(), now);
	}

	RecordingPlan record(List<IncomingEvent> batch, Decider decider, Instant now) {
		Map<Long, ServiceDesired> desired = new HashMap<>();
		Map<UUID, EventState> known = new HashMap<>();
		for (IncomingEvent incoming : batch) {
			Row row = this.services.computeIfAbsent(incoming.event().serviceId(), (id) -> new Row(id, now));
			desired.put(row.id, new ServiceDesired(row.id, row.desiredVersion, row.createVersion, row.status,
					row.lastFailureReason));
			Stored stored = this.events.get(incoming.event().eventId());
			if (stored != null) {
				known.put(incoming.event().eventId(), stored.state);
			}
		}
		RecordingPlan plan = decider.decide(batch, desired, known);
		for (RecordingPlan.NewEvent added : plan.newEvents()) {
			this.events.putIfAbsent(added.event().event().eventId(), new Stored(added.event(), added.state()));
		}
		for (UUID id : plan.rearmed()) {
			this.events.get(id).state = EventState.RECORDED;
		}
		for (RecordingPlan.ServiceChange change : plan.changes()) {
			Row row = this.services.get(change.serviceId());
			if (change.desiredVersion() != null) {
				row.desiredVersion = change.desiredVersion();
				row.desiredType = change.desiredType();
			}
			if (change.createEvent() != null) {
				row.createVersion = change.createEvent().event().version();
				row.createEvent = (ServiceCreated) change.createEvent().event();
				if (row.slug == null && row.createEvent.serverId() != null) {
					row.serverId = row.createEvent.serverId();
				}
			}
			if (!change.keepParked()) {
				row.status = WorkStatus.PENDING;
			}
			row.nextAttemptAt = now;
			if (change.rearm()) {
				row.attempts = 0;
				row.firstFailureAt = null;
			}
			if (change.resetSlug()) {
				row.slugCandidate = null;
				row.slugAttempt = 0;
				row.createOutcomeUnknown = false;
			}
		}
		return plan;
	}

	@Override
	public RecordingPlan record(List<IncomingEvent> batch, Decider decider) {
		return record(batch, decider, Instant.now());
	}

	@Override
	public List<ServiceRecord> claimDue(String worker, int limit, Instant now, ClaimScope scope) {
		List<ServiceRecord> claimed = new ArrayList<>();
		for (Row row : this.services.values()) {
			if (claimed.size() >= limit || (row.claimedUntil != null && !row.claimedUntil.isBefore(now))) {
				continue;
			}
			if (!scope.admits(row.serverId)) {
				continue;
			}
			if (row.holdUntil != null && row.holdUntil.isAfter(now)) {
				continue;
			}
			ServiceRecord snapshot = row.snapshot();
			if (snapshot.archiveDue(now) || snapshot.whmcsDue(now) || snapshot.publishDue(now)
					|| snapshot.deadLettersDue(now)) {
				row.claimedBy = worker;
				row.token = ++this.tokens;
				row.claimedUntil = now.plus(LEASE);
				claimed.add(row.snapshot());
			}
		}
		return claimed;
	}

	/** Claims one service whatever is due, as a second instance taking it over would. */
	ServiceRecord claim(long serviceId, String worker, Instant now) {
		Row row = this.services.get(serviceId);
		row.claimedBy = worker;
		row.token = ++this.tokens;
		row.claimedUntil = now.plus(LEASE);
		return row.snapshot();
	}

	@Override
	public Instant renew(Claim claim, Instant now) {
		Row row = guarded(claim);
		row.claimedUntil = now.plus(LEASE);
		return row.claimedUntil;
	}

	@Override
	public Optional<Instant> reserveCandidate(Claim claim, String candidate, int attempt, Instant now) {
		Row row = guarded(claim);
		boolean taken = this.services.values()
			.stream()
			.anyMatch(
					(other) -> other != row && (candidate.equals(other.slugCandidate) || candidate.equals(other.slug)));
		if (taken) {
			return Optional.empty();
		}
		row.slugCandidate = candidate;
		row.slugAttempt = attempt;
		row.createOutcomeUnknown = true;
		row.candidateSentAt = now;
		row.claimedUntil = now.plus(LEASE);
		return Optional.of(row.claimedUntil);
	}

	@Override
	public ServiceRecord recordTenant(Claim claim, NewTenant tenant, Instant now) {
		Row row = guarded(claim);
		tenant(row, tenant, now);
		return row.snapshot();
	}

	private static void tenant(Row row, NewTenant tenant, Instant now) {
		row.slug = tenant.slug();
		row.url = tenant.url();
		row.slugCandidate = tenant.slug();
		row.createOutcomeUnknown = false;
		row.ownerEvidence = tenant.proof().evidence();
		row.ownerDetail = tenant.proof().detail();
		row.whmcsSynced = !tenant.writeBack();
		row.whmcsAttempts = 0;
		row.whmcsNextAttemptAt = now;
	}

	@Override
	public Applied markApplied(Claim claim, EventVersion target, ServiceStatus status, NewTenant tenant,
			Followups followups, Instant now) {
		Row row = guarded(claim);
		if (tenant != null) {
			tenant(row, tenant, now);
		}
		List<EventType> types = new ArrayList<>();
		for (Stored stored : this.events.values()) {
			LifecycleEvent event = stored.incoming.event();
			if (event.serviceId() == claim.serviceId() && stored.state == EventState.RECORDED
					&& !event.version().isNewerThan(target)) {
				stored.state = EventState.APPLIED;
				types.add(event.type());
			}
		}
		row.appliedStatus = status;
		row.appliedVersion = target;
		row.status = target.equals(row.desiredVersion) ? WorkStatus.IDLE : WorkStatus.PENDING;
		row.nextAttemptAt = now;
		row.attempts = 0;
		row.firstFailureAt = null;
		row.lastFailureReason = null;
		row.publishAttempts = 0;
		row.publishNextAttemptAt = now;
		row.errorAttempts = 0;
		row.waitingNoticed = false;
		row.claimedUntil = now.plus(LEASE);
		apply(row, followups);
		return new Applied(row.snapshot(), types);
	}

	@Override
	public ServiceRecord markRetry(Claim claim, EventVersion target, String error, Instant now, Instant nextAttemptAt) {
		Row row = guarded(claim);
		row.attempts++;
		row.firstFailureAt = (row.firstFailureAt != null) ? row.firstFailureAt : now;
		row.lastError = error;
		row.nextAttemptAt = target.equals(row.desiredVersion) ? nextAttemptAt : now;
		return row.snapshot();
	}

	@Override
	public ServiceRecord waitForCreate(Claim claim, Instant nextCheck, boolean notice, Instant now) {
		Row row = guarded(claim);
		row.nextAttemptAt = (row.createEvent == null) ? nextCheck : now;
		if (notice) {
			row.waitingNoticed = true;
			this.notices.add(claim.serviceId() + " " + DeadLetterReason.WAITING_FOR_CREATE.value());
		}
		return row.snapshot();
	}

	@Override
	public List<StoredEvent> recordedEvents(long serviceId) {
		return this.events.values()
			.stream()
			.filter((s) -> s.incoming.event().serviceId() == serviceId && s.state == EventState.RECORDED)
			.sorted(Comparator.comparing((Stored s) -> s.incoming.event().version()))
			.map(InMemoryLedger::stored)
			.toList();
	}

	private static StoredEvent stored(Stored s) {
		return new StoredEvent(s.incoming.event().version(), s.incoming.event().serviceId(), s.incoming.event().type(),
				s.incoming.raw(), s.incoming.headers(), s.incoming.source());
	}

	@Override
	public ServiceRecord markDeadLettered(Claim claim, EventVersion target, List<UUID> eventIds, DeadLetter letter,
			Long clientId, Instant now) {
		Row row = guarded(claim);
		if (this.failNextDeadLettering != null) {
			RuntimeException failure = this.failNextDeadLettering;
			this.failNextDeadLettering = null;
			throw failure;
		}
		for (UUID id : eventIds) {
			Stored stored = this.events.get(id);
			stored.state = EventState.DEAD_LETTERED;
			this.outbox.putIfAbsent(id, new PendingDeadLetter(stored(stored), letter));
		}
		row.attempts++;
		row.firstFailureAt = (row.firstFailureAt != null) ? row.firstFailureAt : now;
		row.lastError = letter.message();
		row.lastFailureReason = letter.reason();
		row.nextAttemptAt = now;
		row.status = target.equals(row.desiredVersion) ? WorkStatus.FAILED : WorkStatus.PENDING;
		row.deadLettersUnpublished = row.deadLettersUnpublished || !eventIds.isEmpty();
		row.deadLetterAttempts = 0;
		row.deadLetterNextAttemptAt = now;
		this.notices.add(claim.serviceId() + " " + letter.reason().value());
		return row.snapshot();
	}

	@Override
	public List<PendingDeadLetter> unpublishedDeadLetters(long serviceId) {
		return this.outbox.values().stream().filter((p) -> p.event().serviceId() == serviceId).toList();
	}

	@Override
	public ServiceRecord deadLettersPublished(Claim claim, List<UUID> published, Instant nextAttemptAt, Instant now) {
		published.forEach(this.outbox::remove);
		Row row = guarded(claim);
		boolean left = this.outbox.values().stream().anyMatch((p) -> p.event().serviceId() == claim.serviceId());
		row.deadLettersUnpublished = left;
		row.deadLetterAttempts = left ? row.deadLetterAttempts + 1 : 0;
		row.deadLetterNextAttemptAt = nextAttemptAt;
		return row.snapshot();
	}

	@Override
	public void release(Claim claim, Followups followups, Instant now) {
		Row row = this.services.get(claim.serviceId());
		if (row.token != claim.token()) {
			return;
		}
		release(row);
		row.errorAttempts = 0;
		apply(row, followups);
	}

	@Override
	public void markError(Claim claim, String stage, String error, Instant holdUntil, Instant now) {
		Row row = this.services.get(claim.serviceId());
		if (row.token != claim.token()) {
			return;
		}
		release(row);
		row.errorAttempts++;
		row.errorStage = stage;
		row.holdUntil = holdUntil;
	}

	private static void release(Row row) {
		row.claimedBy = null;
		row.claimedUntil = null;
		row.token = 0;
	}

	private static void apply(Row row, Followups followups) {
		if (Boolean.TRUE.equals(followups.whmcsSynced())) {
			row.whmcsSynced = true;
			row.whmcsAttempts = 0;
		}
		else if (Boolean.FALSE.equals(followups.whmcsSynced())) {
			row.whmcsAttempts++;
			row.whmcsNextAttemptAt = followups.whmcsNextAttemptAt();
		}
		if (followups.publishedEventId() != null) {
			row.publishedEventId = followups.publishedEventId();
			row.publishAttempts = 0;
		}
		else if (followups.publishNextAttemptAt() != null) {
			row.publishAttempts++;
			row.publishNextAttemptAt = followups.publishNextAttemptAt();
		}
	}

	Row row(long serviceId) {
		return this.services.get(serviceId);
	}

	EventState state(UUID eventId) {
		return this.events.get(eventId).state;
	}

	private Row guarded(Claim claim) {
		Row row = this.services.get(claim.serviceId());
		if (row == null || row.token != claim.token()) {
			throw new LeaseLostException(claim.serviceId());
		}
		return row;
	}

	static final class Stored {

		final IncomingEvent incoming;

		EventState state;

		Stored(IncomingEvent incoming, EventState state) {
			this.incoming = incoming;
			this.state = state;
		}

	}

	/** A service row. */
	static final class Row {

		final long id;

		final Instant firstSeenAt;

		EventVersion desiredVersion;

		EventType desiredType;

		EventVersion createVersion;

		ServiceCreated createEvent;

		String slug;

		String url;

		String slugCandidate;

		int slugAttempt;

		boolean createOutcomeUnknown;

		Instant candidateSentAt;

		Ownership.Evidence ownerEvidence;

		String ownerDetail;

		ServiceStatus appliedStatus;

		EventVersion appliedVersion;

		WorkStatus status = WorkStatus.IDLE;

		int attempts;

		Instant firstFailureAt;

		String lastError;

		DeadLetterReason lastFailureReason;

		Instant nextAttemptAt = Instant.EPOCH;

		String claimedBy;

		long token;

		Instant claimedUntil;

		boolean whmcsSynced;

		int whmcsAttempts;

		Instant whmcsNextAttemptAt = Instant.EPOCH;

		UUID publishedEventId;

		int publishAttempts;

		Instant publishNextAttemptAt = Instant.EPOCH;

		boolean waitingNoticed;

		int errorAttempts;

		String errorStage;

		Instant holdUntil;

		boolean deadLettersUnpublished;

		int deadLetterAttempts;

		Instant deadLetterNextAttemptAt = Instant.EPOCH;

		Long serverId;

		Row(long id, Instant firstSeenAt) {
			this.id = id;
			this.firstSeenAt = firstSeenAt;
		}

		ServiceRecord snapshot() {
			return new ServiceRecord(this.id, (this.desiredType != null) ? ServiceStatus.of(this.desiredType) : null,
					this.desiredType, this.desiredVersion, (this.slug == null) ? this.createEvent : null, this.slug,
					this.url, this.slugCandidate, this.slugAttempt, this.createOutcomeUnknown, this.appliedStatus,
					this.appliedVersion, this.status, this.attempts, this.firstFailureAt, this.nextAttemptAt,
					this.whmcsSynced, this.whmcsAttempts, this.whmcsNextAttemptAt, this.publishedEventId,
					this.publishAttempts, this.publishNextAttemptAt, new Claim(this.id, this.token), this.claimedUntil,
					(this.ownerEvidence != null) ? this.ownerEvidence.value() : null, this.candidateSentAt,
					this.firstSeenAt, this.waitingNoticed, this.errorAttempts, this.deadLettersUnpublished,
					this.deadLetterAttempts, this.deadLetterNextAttemptAt, this.serverId);
		}

	}

}
